// The same de-duplication as for pushed diagnostics (jsonSyntaxOverlap.ts), applied to pulled
// reports (`textDocument/diagnostic`, `workspace/diagnostic`), which VS Code's client uses because it
// announces pull support. A report from which something was dropped loses its result id, so the next
// pull is answered in full: whether VS Code's JSON service shows the same error changes when the
// document is opened or closed, and an "unchanged" answer must never keep a list filtered for a
// document that is no longer open.

import { withoutJsonServiceDuplicates, type JsonServiceFacts, type ShownDiagnostic } from './jsonSyntaxOverlap';

/** The parts of a pulled document report this module reads (vscode's `DocumentDiagnosticReport`). */
export interface PulledReport<D extends ShownDiagnostic> {
  kind: string;
  resultId?: string;
  items?: D[];
}

export function withoutDuplicatesInReport<D extends ShownDiagnostic, R extends PulledReport<D>>(report: R, facts: JsonServiceFacts): R {
  if (report.kind !== 'full' || !report.items) return report;
  const items = withoutJsonServiceDuplicates(report.items, facts);
  if (items.length === report.items.length) return report;
  return { ...report, items, resultId: undefined };
}

/** A workspace report: each file's report filtered with the facts of its document. */
export function withoutDuplicatesInWorkspaceReport<D extends ShownDiagnostic, R extends PulledReport<D> & { uri: { toString(): string } }>(
  items: readonly R[],
  factsOf: (uri: string) => JsonServiceFacts,
): R[] {
  return items.map((item) => withoutDuplicatesInReport(item, factsOf(item.uri.toString())));
}
