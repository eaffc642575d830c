// The `foundry emit` transport (SPEC §7.3): one run, never through a shell, never retried (a CLI
// run cannot be told apart from a lost answer). Exit 0 is accepted; another exit code is rejected
// with the command's stderr; a run that timed out or was killed is given up (it may have emitted).

import type { SubmissionOutcome } from './ledgerEntry';
import { errorText } from './ledger';
import type { FoundryRunAnswer } from './ports';
import type { DeliveryContext, Shipment, SubmissionRecorder } from './delivery';
import type { SentResult } from './submitResult';

const MAX_STDERR_WORDS = 2000;

function stderrWords(stderr: string): string {
  const trimmed = stderr.trim();
  if (trimmed === '') return '(nothing on stderr)';
  return trimmed.length > MAX_STDERR_WORDS ? trimmed.slice(0, MAX_STDERR_WORDS - 1) + '…' : trimmed;
}

export async function cliDelivery(
  shipment: Shipment,
  target: { cliPath: string; args: string[] },
  recorder: SubmissionRecorder,
  context: DeliveryContext,
): Promise<SentResult> {
  const { ports, scrub } = context;
  const startedAt = ports.clock.now();
  const elapsed = () => ports.clock.now() - startedAt;
  const signal = context.signal ?? new AbortController().signal;
  context.onProgress?.({ kind: 'running-cli', command: `${target.cliPath} ${target.args.slice(0, 3).join(' ')} …`, elapsedMs: 0 });

  let answer: FoundryRunAnswer;
  try {
    answer = await ports.foundry.run({ cliPath: target.cliPath, args: target.args, timeoutMs: context.cliTimeoutMs, signal });
  } catch (error) {
    answer = { kind: 'failed', reason: 'spawn', message: errorText(error), stderr: '' };
  }

  let outcome: SubmissionOutcome;
  let status: number | undefined;
  let detail: string | undefined;
  if (answer.kind === 'exited') {
    status = answer.exitCode;
    outcome = answer.exitCode === 0 ? 'accepted' : 'rejected';
    if (answer.exitCode !== 0) detail = scrub(`foundry emit exited ${answer.exitCode}: ${stderrWords(answer.stderr)}`);
    await recorder.attempt({ attempt: 1, status });
  } else {
    const message = scrub(answer.message);
    const withStderr = answer.stderr.trim() === '' ? message : `${message}: ${scrub(stderrWords(answer.stderr))}`;
    const notSent = answer.reason === 'not-found' || answer.reason === 'not-executable';
    outcome = answer.reason === 'aborted' ? 'cancelled' : notSent ? 'rejected' : 'given-up';
    detail = answer.reason === 'aborted' ? `cancelled while foundry emit ran; it may have emitted` : withStderr;
    await recorder.attempt({ attempt: 1, error: message, ...(notSent ? { notSent: true } : {}) });
  }
  await recorder.outcome({ outcome, ...(status === undefined ? {} : { status }), ...(detail === undefined ? {} : { detail }) });
  context.onProgress?.({ kind: 'finished', outcome, elapsedMs: elapsed() });
  return {
    kind: 'sent',
    submission: recorder.submission,
    key: shipment.key,
    requestId: shipment.requestId,
    transport: 'foundry-cli',
    outcome,
    ...(status === undefined ? {} : { status }),
    ...(detail === undefined ? {} : { detail }),
    attempts: 1,
    elapsedMs: elapsed(),
    sha256: shipment.sha256,
    ...(shipment.resendOf === undefined ? {} : { resendOf: shipment.resendOf }),
    ledgerErrors: [],
  };
}
