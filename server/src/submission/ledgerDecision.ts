// Local dedupe (SPEC §7.1): what the ledger says about sending these bytes under this key. The
// same key in flight → "already sending"; a confirmed submission → "already submitted" (same bytes)
// or a refusal naming the fields that differ (other bytes); an interrupted one young enough →
// re-send its recorded bytes first; a `rejected` one never blocks.

import { changedFields } from './changedFields';
import { possiblyReceived, recordState, recordedBytes, type RecordState, type SubmissionRecord } from './ledger';
import type { SubmissionOwners } from './ports';
import type { Refusal } from './refusal';

export const DEFAULT_RESEND_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface DecisionContext {
  now: number;
  owners: SubmissionOwners;
  /** An interrupted or unconfirmed submission younger than this is sent again automatically. */
  resendWindowMs: number;
}

export type Decision =
  | { kind: 'send'; resendOf?: string }
  | { kind: 'already-submitted'; record: SubmissionRecord }
  | { kind: 'refuse'; refusal: Refusal }
  /** An interrupted HTTP submission of this key: its recorded bytes are re-sent first, then decide again. */
  | { kind: 'recover'; record: SubmissionRecord };

/** The submissions of a key that still speak for it (not superseded by a re-send), in ledger order. */
export function liveRecords(records: readonly SubmissionRecord[], key: string): SubmissionRecord[] {
  return records.filter((r) => r.key === key && r.resentBy === undefined);
}

export function isYoung(record: SubmissionRecord, context: DecisionContext): boolean {
  const first = Date.parse(record.firstSentAt);
  return Number.isFinite(first) && context.now - first < context.resendWindowMs;
}

function inFlight(record: SubmissionRecord, context: DecisionContext): Refusal {
  const owner = record.pending?.owner;
  const self = context.owners.self();
  return {
    kind: 'in-flight',
    key: record.key,
    submission: record.submission,
    since: record.pending?.at ?? record.firstSentAt,
    pid: owner?.pid ?? 0,
    here: owner !== undefined && owner.pid === self.pid && owner.start === self.start,
  };
}

/** "answer 202", "outcome unknown", … : what became of an earlier submission, for a refusal. */
export function earlierWords(record: SubmissionRecord, state: RecordState): string {
  const status = record.outcome?.status;
  switch (state) {
    case 'accepted':
    case 'already-submitted':
      return status === undefined ? state.replace('-', ' ') : `answer ${status}`;
    case 'given-up':
      return 'given up; it may have been received';
    case 'cancelled':
      return 'cancelled; it may have been received';
    default:
      return 'outcome unknown';
  }
}

function keyReused(record: SubmissionRecord, state: RecordState, text: string): Refusal {
  const earlier = recordedBytes(record);
  const changes = earlier.ok
    ? changedFields(new TextDecoder().decode(earlier.bytes), text)
    : { fields: ['(the submitted bytes are not in the ledger)'], formattingOnly: false };
  return {
    kind: 'key-reused',
    key: record.key,
    submission: record.submission,
    submittedAt: record.firstSentAt,
    fields: changes.fields,
    formattingOnly: changes.formattingOnly,
    earlier: earlierWords(record, state),
  };
}

function outcomeUnknown(record: SubmissionRecord, reason: string): Refusal {
  return {
    kind: 'outcome-unknown',
    key: record.key,
    requestId: record.requestId,
    submission: record.submission,
    submittedAt: record.firstSentAt,
    reason,
  };
}

/** What to do with a request whose bytes hash to `sha256` and whose text is `text`. */
export function decideSubmission(
  records: readonly SubmissionRecord[],
  request: { key: string; sha256: string; text: string },
  context: DecisionContext,
): Decision {
  const live = liveRecords(records, request.key).map((record) => ({ record, state: recordState(record, context.now, context.owners) }));
  const sending = live.find((r) => r.state === 'sending');
  if (sending) return { kind: 'refuse', refusal: inFlight(sending.record, context) };

  const confirmed = live.filter((r) => r.state === 'accepted' || r.state === 'already-submitted');
  if (confirmed.length > 0) {
    const same = confirmed.find((r) => r.record.pending === undefined || r.record.pending.sha256 === request.sha256);
    if (same) return { kind: 'already-submitted', record: same.record };
    const last = confirmed[confirmed.length - 1];
    return { kind: 'refuse', refusal: keyReused(last.record, last.state, request.text) };
  }

  for (const { record, state } of live) {
    if (state !== 'interrupted' || !record.pending) continue;
    const young = isYoung(record, context);
    if (young && record.pending.transport === 'http') return { kind: 'recover', record };
    if (record.pending.sha256 !== request.sha256) return { kind: 'refuse', refusal: keyReused(record, state, request.text) };
    const reason =
      record.pending.transport === 'foundry-cli'
        ? 'the foundry emit run was interrupted, and a CLI run is never repeated automatically'
        : 'the submission was interrupted more than the automatic re-send window ago';
    return { kind: 'refuse', refusal: outcomeUnknown(record, reason) };
  }

  for (const { record, state } of live) {
    if ((state !== 'given-up' && state !== 'cancelled') || !possiblyReceived(record) || !record.pending) continue;
    if (record.pending.sha256 !== request.sha256) return { kind: 'refuse', refusal: keyReused(record, state, request.text) };
    if (isYoung(record, context)) return { kind: 'send', resendOf: record.submission };
    return {
      kind: 'refuse',
      refusal: outcomeUnknown(record, `it was ${state === 'given-up' ? 'given up' : 'cancelled'} and may have been received`),
    };
  }
  return { kind: 'send' };
}
