// Checks a list of files with the shared analysis core and reports them in display order
// (files sorted by their shown path, each file's diagnostics in position order).

import type { AlloyWorkspace } from '../core';
import { displayPath } from './displayPath';
import { toReportedDiagnostic, type ReportedDiagnostic } from './reportedDiagnostic';

export interface CheckOutcome {
  diagnostics: ReportedDiagnostic[];
  /** Files that vanished between listing and reading, as shown. */
  unreadable: string[];
  errorCount: number;
  /** Shown paths of the files with at least one error. */
  filesWithErrors: string[];
}

export function inDisplayOrder(files: readonly string[], cwd: string): { file: string; shown: string }[] {
  return files
    .map((file) => ({ file, shown: displayPath(file, cwd) }))
    .sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}

export function checkFiles(workspace: AlloyWorkspace, files: readonly string[], cwd: string): CheckOutcome {
  const outcome: CheckOutcome = { diagnostics: [], unreadable: [], errorCount: 0, filesWithErrors: [] };
  for (const { file, shown } of inDisplayOrder(files, cwd)) {
    const read = workspace.readOf(file);
    if (!read.ok && read.problem === 'missing') {
      outcome.unreadable.push(shown);
      continue;
    }
    const diagnostics = workspace.check(file).diagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    outcome.errorCount += errors;
    if (errors > 0) outcome.filesWithErrors.push(shown);
    outcome.diagnostics.push(...diagnostics.map((d) => toReportedDiagnostic(file, d, cwd)));
  }
  return outcome;
}
