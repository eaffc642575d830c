// Checks a list of files with the shared analysis core and reports them in display order
// (files sorted by their shown path, each file's diagnostics in position order). One file's
// outcome is computed by `checkFile`, wherever it runs (here or in a worker thread), and
// `assembleOutcome` puts the outcomes together in the same order either way.

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

/** What checking one file gave: it vanished, or its diagnostics as the CLI reports them. */
export type FileOutcome = { missing: true } | { missing: false; diagnostics: ReportedDiagnostic[]; errors: number };

export function inDisplayOrder(files: readonly string[], cwd: string): { file: string; shown: string }[] {
  return files
    .map((file) => ({ file, shown: displayPath(file, cwd) }))
    .sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}

export function checkFile(workspace: AlloyWorkspace, file: string, cwd: string): FileOutcome {
  const read = workspace.readOf(file);
  if (!read.ok && read.problem === 'missing') return { missing: true };
  const report = workspace.check(file);
  const diagnostics = report.diagnostics;
  // No other file reads a request: its text and data can go (briefs stay, their requests need them).
  if (report.analysis?.kind === 'request') workspace.release(file);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { missing: false, diagnostics: diagnostics.map((d) => toReportedDiagnostic(file, d, cwd)), errors };
}

/** The outcomes of `files` (every one present in `outcomes`), in display order (`ordered`, when the caller has it). */
export function assembleOutcome(
  files: readonly string[],
  cwd: string,
  outcomes: ReadonlyMap<string, FileOutcome>,
  ordered: readonly { file: string; shown: string }[] = inDisplayOrder(files, cwd),
): CheckOutcome {
  const outcome: CheckOutcome = { diagnostics: [], unreadable: [], errorCount: 0, filesWithErrors: [] };
  for (const { file, shown } of ordered) {
    const one = outcomes.get(file);
    if (!one) throw new Error(`internal error: ${shown} was not checked`);
    if (one.missing) {
      outcome.unreadable.push(shown);
      continue;
    }
    outcome.errorCount += one.errors;
    if (one.errors > 0) outcome.filesWithErrors.push(shown);
    for (const d of one.diagnostics) outcome.diagnostics.push(d);
  }
  return outcome;
}

export function checkFiles(workspace: AlloyWorkspace, files: readonly string[], cwd: string): CheckOutcome {
  const outcomes = new Map<string, FileOutcome>();
  const ordered = inDisplayOrder(files, cwd);
  for (const { file } of ordered) outcomes.set(file, checkFile(workspace, file, cwd));
  return assembleOutcome(files, cwd, outcomes, ordered);
}
