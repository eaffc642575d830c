// The words both front ends print for results, progress and ledger rows, so `alloy submit` and
// the editor say exactly the same thing: "accepted (202) after 2 attempts", "already submitted at
// 2026-12-01 14:02 UTC (answer 202)", "waiting 30 s (Retry-After) before attempt 3 of 5".

import type { SubmissionRecord } from './ledger';
import type { UnknownOutcome } from './recovery';
import { refusalText, type WordingOptions } from './refusal';
import type { SubmissionSummary } from './submissions';
import type { SentResult, SubmitProgress, SubmitResult } from './submitResult';
import { durationWords, utcMinute } from './timeWords';

function afterAttempts(result: SentResult): string {
  return result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
}

/** The outcome of a send, in one line. */
export function sentText(result: SentResult): string {
  const prefix = result.resendOf === undefined ? '' : 'recorded bytes re-sent: ';
  return prefix + outcomeWords(result);
}

function outcomeWords(result: SentResult): string {
  const cli = result.transport === 'foundry-cli';
  switch (result.outcome) {
    case 'accepted':
      return cli ? 'accepted (foundry emit exited 0)' : `accepted (${result.status})${afterAttempts(result)}`;
    case 'already-submitted':
      return result.replayed
        ? `already submitted (${result.status}, replayed by the server: no second run)${afterAttempts(result)}`
        : `already submitted (${result.status}: Foundry has this key, done or still running; no second run)${afterAttempts(result)}`;
    case 'rejected':
      if (cli) return `rejected: ${result.detail ?? 'foundry emit failed'}`;
      if (result.authNeeded)
        return `not authorised (${result.status}): set the API token, then submit again (the same bytes and key are sent)`;
      if (result.status !== undefined && result.status >= 300 && result.status < 400)
        return `not sent on: ${result.detail} (${result.status})`;
      return (
        `rejected (${result.status})${result.detail === undefined ? '' : `: ${result.detail}`}; ` +
        'nothing ran, fix the request and submit again'
      );
    case 'given-up':
      return cli
        ? `given up: ${result.detail ?? 'foundry emit did not finish'}; it may have emitted — check Foundry`
        : `given up after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'} over ${durationWords(result.elapsedMs)}: ` +
            (result.detail ?? 'no answer');
    case 'cancelled':
      return result.detail ?? 'cancelled';
  }
}

/** "already submitted at 2026-12-01 14:02 UTC (answer 202)". */
export function alreadySubmittedText(record: SubmissionRecord): string {
  const status = record.outcome?.status;
  return `already submitted at ${utcMinute(record.firstSentAt)} (answer ${status ?? record.outcome?.outcome ?? 'unknown'})`;
}

/** The whole result: any interrupted submissions re-sent first, then the request's own line (or refusal). */
export function submitResultText(result: SubmitResult, options: WordingOptions = {}): string {
  const lines = result.recovered.map((r) => `interrupted submission of ${r.requestId} first: ${sentText(r)}`);
  if (result.kind === 'refused') lines.push(refusalText(result.refusal, options));
  else if (result.kind === 'already-submitted') lines.push(alreadySubmittedText(result.record));
  else lines.push(sentText(result));
  return lines.join('\n');
}

export function progressText(progress: SubmitProgress): string {
  switch (progress.kind) {
    case 'recorded':
      return `recorded ${progress.requestId} in the ledger; sending`;
    case 'attempt':
      return (
        `attempt ${progress.attempt} of ${progress.of}` +
        (progress.elapsedMs >= 1000 ? ` (${durationWords(progress.elapsedMs)} so far)` : '')
      );
    case 'answer':
      return `attempt ${progress.attempt}: ${progress.status ?? progress.error}`;
    case 'waiting': {
      const why = progress.reason === 'retry-after' ? ' (Retry-After)' : '';
      return `waiting ${durationWords(progress.delayMs)}${why} before attempt ${progress.nextAttempt} of ${progress.of}`;
    }
    case 'running-cli':
      return `running ${progress.command}`;
    case 'finished':
      return `finished: ${progress.outcome} (${durationWords(progress.elapsedMs)})`;
  }
}

const STATE_WORDS: Record<SubmissionSummary['state'], string> = {
  sending: 'sending',
  accepted: 'accepted',
  'already-submitted': 'already submitted',
  rejected: 'rejected',
  'given-up': 'given up',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  'outcome-unknown': 'outcome unknown',
};

/** What happens next, for the states where the user should know. */
const NEXT_STEP: Partial<Record<SubmissionSummary['state'], string>> = {
  interrupted: ' (re-sent at the next start)',
  'outcome-unknown': ' — check Foundry',
};

/** A submission's state in words, the same in the CLI, the editor and the panel; `detailed` adds what happens next. */
export function submissionStateText(state: SubmissionSummary['state'], detailed = false): string {
  return STATE_WORDS[state] + (detailed ? (NEXT_STEP[state] ?? '') : '');
}

/** One row of `alloy submissions`. */
export function submissionLine(summary: SubmissionSummary): string {
  const answer = summary.status === undefined ? '' : ` (${summary.status}${summary.replayed ? ', replayed' : ''})`;
  const where = summary.transport === 'foundry-cli' ? 'foundry emit' : (summary.endpointHost ?? '?');
  const history = summary.resentBy === undefined ? '' : `, re-sent by ${summary.resentBy}`;
  return `${utcMinute(summary.at)}  ${summary.requestId}  ${submissionStateText(summary.state, true)}${answer}  → ${where}  ${summary.key}${history}`;
}

/** "outcome unknown — check Foundry" for an interrupted submission that is not re-sent automatically. */
export function unknownOutcomeText(unknown: UnknownOutcome): string {
  const r = unknown.record;
  return (
    `outcome unknown — check Foundry: ${r.requestId} (key ${r.key}) was submitted at ${utcMinute(r.firstSentAt)}; ${unknown.reason}. ` +
    `If Foundry has no run for it, use "Resend (same key)" (\`alloy resend ${r.key}\`).`
  );
}
