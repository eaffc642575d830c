// Turns pending diagnostics into final ones: severity from the code table, ranges from offsets,
// one diagnostic per range and message, and a placeholder silences other codes on its value (never
// `syntax`: a broken token is always reported, also inside a placeholder).

import type { AlloyDiagnostic, PendingDiagnostic } from '../document/diagnostic';
import { DIAGNOSTIC_CODES } from '../document/diagnosticCodes';
import type { LineIndex } from '../document/lineIndex';

/** `file.lines` is read only when there is a diagnostic to place (a clean file builds no line index). */
export function finalizeDiagnostics(pending: readonly PendingDiagnostic[], file: { readonly lines: LineIndex }): AlloyDiagnostic[] {
  if (pending.length === 0) return [];
  const lines = file.lines;
  const placeholderSpans = new Set(pending.filter((d) => d.code === 'placeholder').map((d) => `${d.span.offset}:${d.span.length}`));
  const seen = new Set<string>();
  const out: AlloyDiagnostic[] = [];
  for (const d of pending) {
    const spanKey = `${d.span.offset}:${d.span.length}`;
    if (d.code !== 'placeholder' && d.code !== 'syntax' && placeholderSpans.has(spanKey)) continue;
    const key = `${spanKey}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...d, severity: d.severity ?? DIAGNOSTIC_CODES[d.code].severity, range: lines.rangeOf(d.span.offset, d.span.length) });
  }
  return out.sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
}
