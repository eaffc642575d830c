// `alloy check [paths…] [--format text|json|sarif]`. A large check is split by brief over worker
// threads (checkShards.ts) when the runtime has them; the output is the same byte for byte.

import { AlloyWorkspace, type FileRead } from '../core';
import type { OutputFormat } from './arguments';
import { assembleOutcome, checkFiles, type CheckOutcome, type FileOutcome } from './checkFiles';
import type { CliRuntime } from './cliRuntime';
import { checkShard, planShards } from './checkShards';
import { collectFiles } from './collectFiles';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, summaryLine } from './formatText';
import type { Output } from './output';
import { visibleText } from '../submission';

export async function runCheck(
  paths: readonly string[],
  format: OutputFormat,
  cwd: string,
  stdout: Output,
  stderr: Output,
  runtime: CliRuntime,
): Promise<number> {
  const { files, problems, notes } = collectFiles(paths, cwd, runtime);
  if (problems.length > 0) {
    for (const problem of problems) stderr.write(`alloy: ${visibleText(problem)}\n`);
    return 2;
  }
  for (const note of notes) stderr.write(`alloy: ${visibleText(note)}\n`);
  const outcome = await checkAll(files, cwd, runtime);
  for (const shown of outcome.unreadable) stderr.write(`alloy: ${visibleText(shown)}: no such file (it vanished while being checked)\n`);
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

async function checkAll(files: string[], cwd: string, runtime: CliRuntime): Promise<CheckOutcome> {
  const threads = runtime.checkThreads?.threadsFor(files.length) ?? 1;
  if (!runtime.checkThreads || threads <= 1) return checkFiles(new AlloyWorkspace(runtime.host, [cwd]), files, cwd);
  const workers = runtime.checkThreads;
  // Each file is read once, here: the texts decide the shards and travel with them.
  const reads = new Map<string, FileRead>(files.map((file) => [file, runtime.host.readFile(file)]));
  const [own, ...others] = planShards(files, reads, threads);
  const jobOf = (shard: string[]) => ({ files: shard, reads: shard.map((file): [string, FileRead] => [file, reads.get(file)!]), cwd });
  // A worker that fails has its shard checked here instead (reading it again): the output never
  // depends on the threads. The texts are handed over, not kept.
  const running = others.map((shard) =>
    workers.check(jobOf(shard)).catch(() => checkShard({ files: shard, reads: [], cwd }, runtime.host)),
  );
  const ownJob = jobOf(own);
  reads.clear();
  const outcomes = new Map<string, FileOutcome>(checkShard(ownJob, runtime.host));
  for (const result of await Promise.all(running)) for (const [file, one] of result) outcomes.set(file, one);
  return assembleOutcome(files, cwd, outcomes);
}
