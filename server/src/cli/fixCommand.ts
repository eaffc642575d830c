// `alloy fix <paths…>`: writes the right digests and idempotency keys in place, with the
// minimal edits the core computes (the same edits as the editor's quick fixes).

import * as fs from 'node:fs';
import { AlloyWorkspace } from '../core/alloyWorkspace';
import { nodeFileSystem } from '../core/nodeFileSystem';
import { automaticFixes } from '../core/quickFixes';
import { applyEdits } from '../core/textEdit';
import { checkFiles, inDisplayOrder } from './checkFiles';
import { collectFiles } from './collectFiles';
import { countNoun } from './countNoun';
import type { Output } from './output';

/** Briefs first (their own digest), then requests (digest, then key), then anything else. */
function fixOrder(workspace: AlloyWorkspace, file: string): number {
  const kind = workspace.analysisOf(file)?.kind;
  return kind === 'brief' ? 0 : kind === 'request' ? 1 : 2;
}

export function runFix(paths: readonly string[], cwd: string, stdout: Output, stderr: Output): number {
  const { files, problems } = collectFiles(paths, cwd);
  if (problems.length > 0) {
    for (const problem of problems) stderr.write(`alloy: ${problem}\n`);
    return 2;
  }
  const workspace = new AlloyWorkspace(nodeFileSystem, [cwd]);
  let ioProblem = false;
  const ordered = inDisplayOrder(files, cwd)
    .map((entry, index) => ({ ...entry, index, rank: fixOrder(workspace, entry.file) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  for (const { file, shown } of ordered) {
    const text = workspace.textOf(file);
    if (text === undefined) {
      stderr.write(`alloy: ${shown}: cannot read this file\n`);
      ioProblem = true;
      continue;
    }
    const edits = automaticFixes(workspace, file);
    const updated = applyEdits(text, edits);
    if (updated === text) continue;
    try {
      fs.writeFileSync(file, updated, 'utf8');
    } catch {
      stderr.write(`alloy: ${shown}: cannot write this file\n`);
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
