// `alloy fix <paths…>`: writes the right digests and idempotency keys in place, with the
// minimal edits the core computes (the same edits as the editor's quick fixes), and removes a
// request's leading byte order mark (which no editor quick fix can: it is not in the editor's text). A file whose
// bytes are not UTF-8 is never rewritten; file names are printed escaped (visibleText, from the submission library).

import { AlloyWorkspace, automaticFixes, applyEdits, readProblemText, withoutByteOrderMark, type RefusedFix } from '../core';
import { checkFiles, inDisplayOrder } from './checkFiles';
import type { CliRuntime } from './cliRuntime';
import { collectFiles } from './collectFiles';
import { countNoun } from './countNoun';
import type { Output } from './output';
import { visibleText } from '../submission';

/** Briefs first (their own digest), then requests (digest, then key), then anything else. */
function fixOrder(workspace: AlloyWorkspace, file: string): number {
  const kind = workspace.analysisOf(file)?.kind;
  return kind === 'brief' ? 0 : kind === 'request' ? 1 : 2;
}

/** Why `alloy fix` leaves a wrong value as it is, after the value's path. */
const REFUSAL_TEXT: Record<Parameters<RefusedFix>[1], string> = {
  alias: 'comes from a YAML alias to a collection; not changed (write the value in place of the alias)',
  anchor:
    'is a YAML anchor that an alias uses elsewhere; not changed (writing it would change the copies too: remove the anchor or the alias)',
  syntax: 'is wrong, but the file has syntax errors; not changed (fix them, then run "alloy fix" again)',
};

export function runFix(paths: readonly string[], cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): number {
  const { files, problems, notes } = collectFiles(paths, cwd, runtime);
  if (problems.length > 0) {
    for (const problem of problems) stderr.write(`alloy: ${visibleText(problem)}\n`);
    return 2;
  }
  for (const note of notes) stderr.write(`alloy: ${visibleText(note)}\n`);
  const workspace = new AlloyWorkspace(runtime.host, [cwd]);
  let ioProblem = false;
  const ordered = inDisplayOrder(files, cwd)
    .map((entry, index) => ({ ...entry, index, rank: fixOrder(workspace, entry.file) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  for (const { file, shown: displayed } of ordered) {
    const shown = visibleText(displayed);
    const read = workspace.readOf(file);
    if (!read.ok) {
      // Never a lossy rewrite: bytes that are not UTF-8 are left exactly as they are.
      const why =
        read.problem === 'not-utf8'
          ? `not changed: ${readProblemText(read)}; save it as UTF-8 and run "alloy fix" again`
          : readProblemText(read);
      stderr.write(`alloy: ${shown}: ${why}\n`);
      ioProblem = true;
      continue;
    }
    const text = read.text;
    // A wrong value inside an alias to a collection is left alone (an edit there would replace the
    // whole alias), and so is a file with syntax errors (its data is a guess); saying so here, the
    // check below then counts the error that remains.
    const edits = automaticFixes(workspace, file, (where, why) => stderr.write(`alloy: ${shown}: ${where} ${REFUSAL_TEXT[why]}\n`));
    const edited = applyEdits(text, edits);
    // A request is sent as its bytes, and strict JSON parsers reject a leading byte order mark.
    const updated = workspace.analysisOf(file)?.kind === 'request' ? withoutByteOrderMark(edited) : edited;
    if (updated === text) continue;
    const written = runtime.host.writeFile(file, updated);
    if (!written.ok) {
      stderr.write(`alloy: ${shown}: cannot write this file (${written.reason})\n`);
      ioProblem = true;
      continue;
    }
    workspace.invalidate(file);
    stdout.write(`fixed ${shown}\n`);
  }
  if (ioProblem) return 2;
  const after = checkFiles(workspace, files, cwd);
  if (after.errorCount === 0) return 0;
  stderr.write(
    `${countNoun(after.errorCount, 'error')} ${after.errorCount === 1 ? 'remains' : 'remain'} in ` +
      `${countNoun(after.filesWithErrors.length, 'file')}; run "alloy check" to list them\n`,
  );
  return 1;
}
