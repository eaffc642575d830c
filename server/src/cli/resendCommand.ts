// `alloy resend KEY` (also spelled `alloy submit --resend KEY`): "Resend (same key)" from the
// command line. It sends the RECORDED bytes of a submission whose outcome is unknown again, with
// the same key, on the user's explicit word; KEY may be a unique prefix. Anything Foundry already
// has, anything rejected (nothing ran: fix and submit instead) and anything being sent right now is
// refused, saying why. "Outcome unknown" here covers every submission that may have reached
// Foundry without an answer: interrupted, given up, cancelled, and those beyond the re-send window.

import * as path from 'node:path';
import { listSubmissions, progressText, refusalText, resendRecorded, utcMinute, type SubmissionSummary } from '../submission';
import type { ResendCommand } from './arguments';
import type { CliRuntime } from './cliRuntime';
import { displayPath } from './displayPath';
import { engineOptionsOf } from './engineOptions';
import { ledgerLocationOf } from './ledgerLocation';
import type { Output } from './output';
import { exitCodeOfLabel, resultLabelOf } from './resultExitCode';
import { resultBlock } from './resultText';

const RESENDABLE: readonly SubmissionSummary['state'][] = ['outcome-unknown', 'interrupted', 'given-up', 'cancelled'];

/** Why the latest submission of a key is not re-sent, or undefined when it may be. */
function notResendable(latest: SubmissionSummary, cwd: string): string | undefined {
  if (RESENDABLE.includes(latest.state)) return undefined;
  const answer = latest.status === undefined ? '' : ` (${latest.status})`;
  const when = utcMinute(latest.at);
  switch (latest.state) {
    case 'accepted':
    case 'already-submitted':
      return `Foundry already has it (${latest.state.replace('-', ' ')}${answer} at ${when}); sending it again is never needed`;
    case 'rejected': {
      const file = latest.requestFile === undefined ? 'the request' : displayPath(latest.requestFile, cwd);
      return `it was rejected${answer} at ${when}, so nothing ran; fix the request and submit it again (alloy submit ${file})`;
    }
    default:
      return `it is being sent right now (since ${when}); wait for its answer`;
  }
}

/** The one key that `given` names: the key itself or a prefix of at least 8 hex digits (with or without `sha256:`). */
function resolveKey(given: string, keys: readonly string[]): { ok: true; key: string } | { ok: false; problem: string } {
  const wanted = given.startsWith('sha256:') ? given : `sha256:${given}`;
  const hex = wanted.slice('sha256:'.length);
  if (!/^[0-9a-f]{8,64}$/.test(hex)) {
    return { ok: false, problem: `"${given}" is not a key: give sha256:<64 hex digits>, or at least its first 8 hex digits` };
  }
  const matches = keys.filter((k) => k.startsWith(wanted));
  if (matches.length === 1) return { ok: true, key: matches[0] };
  if (matches.length === 0) return { ok: false, problem: `no submission in the ledger has a key starting ${wanted}` };
  return { ok: false, problem: `${wanted} starts ${matches.length} keys (${matches.join(', ')}); give more of it` };
}

export async function runResend(command: ResendCommand, cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): Promise<number> {
  const note = (line: string): void => void stderr.write(`alloy: ${line}\n`);
  const location = ledgerLocationOf(runtime);
  if (!location.ok) {
    note(location.problem);
    return 2;
  }
  const json = command.format === 'json';
  const ports = runtime.submissionPorts(location.path);
  const list = await listSubmissions(ports);
  if (!list.ok) {
    note(refusalText(list.refusal, { cwd }));
    return 2;
  }
  list.warnings.forEach((w) => note(`warning: ${w}`));
  const resolved = resolveKey(command.key, [...new Set(list.submissions.map((s) => s.key))]);
  if (!resolved.ok) {
    note(`${resolved.problem} (${location.path})`);
    return 2;
  }
  const key = resolved.key;
  const live = list.submissions.filter((s) => s.key === key && s.resentBy === undefined && s.sha256 !== undefined);
  const latest = live[live.length - 1];
  const refused = latest === undefined ? 'the ledger has no submission with its bytes' : notResendable(latest, cwd);
  const shown = latest?.requestFile === undefined ? key : displayPath(path.resolve(latest.requestFile), cwd);
  if (refused !== undefined) {
    const text = refusalText({ kind: 'nothing-to-resend', key, reason: refused });
    stdout.write(json ? JSON.stringify({ ledger: location.path, key, result: 'refused', text, exitCode: 2 }, null, 2) + '\n' : text + '\n');
    return 2;
  }
  const options = engineOptionsOf(command, runtime, (progress) => note(progressText(progress)));
  const result = await resendRecorded(key, options, ports);
  result.warnings.forEach((w) => note(`warning: ${w}`));
  if (result.kind === 'sent') result.ledgerErrors.forEach((e) => note(`warning: ${e}`));
  const label = resultLabelOf(result);
  const code = exitCodeOfLabel(label);
  const text = resultBlock(result, shown, cwd);
  if (json) {
    const sent = result.kind === 'sent' ? { submission: result.submission, resendOf: result.resendOf, status: result.status } : {};
    stdout.write(JSON.stringify({ ledger: location.path, key, result: label, ...sent, text, exitCode: code }, null, 2) + '\n');
  } else stdout.write(text + '\n');
  return code;
}
