// `--format text`: one `path:line:col: severity code message` line per diagnostic, and a
// summary line meant for stderr. Paths and messages quote file content, so they are printed
// escaped (visibleText, from the submission library): a diagnostic is always exactly one line.

import { countNoun as count } from './countNoun';
import type { ReportedDiagnostic } from './reportedDiagnostic';
import { visibleText } from '../submission';

export function formatText(diagnostics: readonly ReportedDiagnostic[]): string {
  return diagnostics
    .map((d) => `${visibleText(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${visibleText(d.message)}\n`)
    .join('');
}

/** e.g. `3 errors, 2 warnings in 4 files`; infos and hints are named only when there are some. */
export function summaryLine(diagnostics: readonly ReportedDiagnostic[], fileCount: number): string {
  const by = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const parts = [count(by('error'), 'error'), count(by('warning'), 'warning')];
  if (by('info') > 0) parts.push(count(by('info'), 'info'));
  if (by('hint') > 0) parts.push(count(by('hint'), 'hint'));
  return `${parts.join(', ')} in ${count(fileCount, 'file')}\n`;
}
