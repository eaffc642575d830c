// `alloy check [paths…] [--format text|json|sarif]`.

import { AlloyWorkspace } from '../core';
import type { OutputFormat } from './arguments';
import { checkFiles } from './checkFiles';
import type { CliRuntime } from './cliRuntime';
import { collectFiles } from './collectFiles';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, summaryLine } from './formatText';
import type { Output } from './output';

export function runCheck(
  paths: readonly string[],
  format: OutputFormat,
  cwd: string,
  stdout: Output,
  stderr: Output,
  runtime: CliRuntime,
): number {
  const { files, problems, notes } = collectFiles(paths, cwd, runtime);
  if (problems.length > 0) {
    for (const problem of problems) stderr.write(`alloy: ${problem}\n`);
    return 2;
  }
  for (const note of notes) stderr.write(`alloy: ${note}\n`);
  const workspace = new AlloyWorkspace(runtime.host, [cwd]);
  const outcome = checkFiles(workspace, files, cwd);
  for (const shown of outcome.unreadable) stderr.write(`alloy: ${shown}: no such file (it vanished while being checked)\n`);
  switch (format) {
    case 'json':
      stdout.write(formatJson(outcome.diagnostics));
      break;
    case 'sarif':
      stdout.write(formatSarif(outcome.diagnostics));
      break;
    default:
      stdout.write(formatText(outcome.diagnostics));
      stderr.write(summaryLine(outcome.diagnostics, files.length - outcome.unreadable.length));
  }
  if (outcome.unreadable.length > 0) return 2;
  return outcome.errorCount > 0 ? 1 : 0;
}
