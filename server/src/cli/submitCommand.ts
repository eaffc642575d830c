// `alloy submit REQUEST… [--wait]`: resolves crash leftovers first, then sends each saved request
// through the shared engine (the same refusals, retries and ledger as the editor), printing the
// engine's sentences: progress on stderr, one result per request on stdout. With --wait it listens
// on the requests' loopback callback addresses before anything is sent and prints each reported
// phase and the run's summary. Exit 0 accepted or already submitted/sending, 1 rejected, given up,
// failed run or no result in time, 2 refused locally or a usage problem.

import * as path from 'node:path';
import { progressText, recoverPending, submitRequest, type SubmitOptions, type SubmitProgress, type SubmitResult } from '../submission';
import type { SubmitCommand } from './arguments';
import type { CliRuntime } from './cliRuntime';
import { displayPath } from './displayPath';
import { engineOptionsOf } from './engineOptions';
import { ledgerLocationOf } from './ledgerLocation';
import type { Output } from './output';
import { recoveryJson, recoveryLines } from './recoveryNotes';
import { ReportWatch } from './reportWatch';
import { exitCodeOfLabel, resultLabelOf } from './resultExitCode';
import { resultBlock } from './resultText';
import { runOutcomeOf, type RunOutcome } from './runOutcome';
import { submittedDiffLines } from './submittedDiff';
import { waitTargetsOf, type WaitTarget } from './waitTargets';

interface RequestRow {
  file: string;
  result: SubmitResult;
  target?: WaitTarget;
  run?: RunOutcome;
}

function requestJson(row: RequestRow, cwd: string): object {
  const { result } = row;
  const label = resultLabelOf(result);
  const sent = result.kind === 'sent' ? result : undefined;
  const record = result.kind === 'already-submitted' ? result.record : undefined;
  return {
    file: displayPath(row.file, cwd),
    result: label,
    exitCode: Math.max(exitCodeOfLabel(label), row.run?.exitCode ?? 0),
    requestId: sent?.requestId ?? record?.requestId ?? row.target?.requestId,
    key: sent?.key ?? record?.key,
    ...(sent === undefined
      ? {}
      : { submission: sent.submission, status: sent.status, attempts: sent.attempts, elapsedMs: sent.elapsedMs, detail: sent.detail }),
    ...(record === undefined ? {} : { submittedAt: record.firstSentAt, status: record.outcome?.status }),
    ...(result.kind === 'refused' ? { refusal: result.refusal.kind } : {}),
    text: resultBlock(result, displayPath(row.file, cwd), cwd),
    ...(row.run === undefined ? {} : { run: row.run.json }),
  };
}

export async function runSubmit(command: SubmitCommand, cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): Promise<number> {
  const note = (line: string): void => void stderr.write(`alloy: ${line}\n`);
  const location = ledgerLocationOf(runtime);
  if (!location.ok) {
    note(location.problem);
    return 2;
  }
  const json = command.format === 'json';
  const files = command.files.map((f) => path.resolve(cwd, f));
  const shown = (file: string): string => displayPath(file, cwd);
  let targets: WaitTarget[] = [];
  if (command.wait) {
    const found = waitTargetsOf(files, shown, runtime);
    if (!found.ok) {
      found.problems.forEach(note);
      note('nothing was sent');
      return 2;
    }
    targets = found.targets;
  }

  const ports = runtime.submissionPorts(location.path);
  const watch = command.wait ? new ReportWatch({ runtime, ledger: ports.ledger, note }) : undefined;
  const onProgress = (progress: SubmitProgress): void => {
    if (progress.kind === 'recorded') watch?.know(progress.requestId);
    note(progressText(progress));
  };
  const options = engineOptionsOf(command, runtime, onProgress);
  const endpoint = command.endpoint ?? (runtime.env.ALLOY_ENDPOINT || undefined);
  const submitOptions: SubmitOptions = {
    ...options,
    transport: command.transport,
    ...(endpoint === undefined ? {} : { endpoint }),
    workspaceFolders: [cwd],
  };
  const rows: RequestRow[] = [];
  let recovery: object | undefined;
  try {
    if (watch) await watch.start(targets);
    const recovered = await recoverPending(options, ports);
    recoveryLines(recovered, cwd).forEach(note);
    recovery = recoveryJson(recovered);
    for (const file of files) {
      const result = await submitRequest(file, submitOptions, ports);
      result.warnings.forEach((w) => note(`warning: ${w}`));
      if (result.kind === 'sent') result.ledgerErrors.forEach((e) => note(`warning: ${e}`));
      if (!json) stdout.write(resultBlock(result, shown(file), cwd) + '\n');
      if (result.kind === 'refused' && result.refusal.kind === 'key-reused') {
        const diff = await submittedDiffLines(result.refusal, file, shown(file), ports, runtime.host);
        diff.forEach((line, i) => stderr.write(i === 0 ? `alloy: ${line}\n` : `${line}\n`));
      }
      rows.push({ file, result, ...(watch === undefined ? {} : { target: targets.find((t) => t.file === file) }) });
    }
    if (watch) {
      const deadline = runtime.now() + command.waitTimeoutMs;
      const outcomes = await runOutcomeOf(rows, watch, deadline, command.waitTimeoutMs, { runtime, cwd, json, stdout, note });
      rows.forEach((row, i) => (row.run = outcomes[i]));
    }
  } finally {
    await watch?.stop();
  }

  const code = Math.max(0, ...rows.map((row) => Math.max(exitCodeOfLabel(resultLabelOf(row.result)), row.run?.exitCode ?? 0)));
  if (json) {
    const document = { ledger: location.path, recovery, requests: rows.map((row) => requestJson(row, cwd)), exitCode: code };
    stdout.write(JSON.stringify(document, null, 2) + '\n');
  }
  return code;
}
