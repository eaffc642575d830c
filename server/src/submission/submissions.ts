// The ledger as a list for `alloy submissions` and the editor: one row per submission with its
// request id, key, when, state and answer, plus the recorded bytes for "Compare with Submitted".

import type { TransportName } from './ledgerEntry';
import { DEFAULT_RESEND_WINDOW_MS, isYoung } from './ledgerDecision';
import { ledgerWarningText, readLedger, recordState, recordedBytes, type RecordState, type SubmissionRecord } from './ledger';
import type { SubmissionPorts } from './ports';
import type { Refusal } from './refusal';

export type SubmissionState = Exclude<RecordState, 'interrupted'> | 'interrupted' | 'outcome-unknown';

export interface SubmissionSummary {
  submission: string;
  requestId: string;
  key: string;
  /** When its bytes were first sent (the first of a re-send chain). */
  firstSentAt: string;
  /** When this submission's own pending line was written. */
  at: string;
  /** `interrupted`: will be re-sent at the next start; `outcome-unknown`: the user must check Foundry. */
  state: SubmissionState;
  /** The deciding HTTP status or CLI exit code. */
  status?: number;
  detail?: string;
  replayed?: boolean;
  attempts: number;
  transport?: TransportName;
  endpointHost?: string;
  requestFile?: string;
  sha256?: string;
  resendOf?: string;
  /** The submission that re-sent these bytes later; this row is then history. */
  resentBy?: string;
}

export type SubmissionList =
  { ok: true; location: string; submissions: SubmissionSummary[]; warnings: string[] } | { ok: false; refusal: Refusal };

export function summaryOf(
  record: SubmissionRecord,
  now: number,
  ports: Pick<SubmissionPorts, 'owners'>,
  resendWindowMs: number,
): SubmissionSummary {
  let state: SubmissionState = recordState(record, now, ports.owners);
  if (state === 'interrupted') {
    const automatic = record.pending?.transport === 'http' && isYoung(record, { now, owners: ports.owners, resendWindowMs });
    if (!automatic) state = 'outcome-unknown';
  }
  const pending = record.pending;
  const outcome = record.outcome;
  return {
    submission: record.submission,
    requestId: record.requestId,
    key: record.key,
    firstSentAt: record.firstSentAt,
    at: pending?.at ?? outcome?.at ?? record.firstSentAt,
    state,
    ...(outcome?.status === undefined ? {} : { status: outcome.status }),
    ...(outcome?.detail === undefined ? {} : { detail: outcome.detail }),
    ...(outcome?.replayed ? { replayed: true } : {}),
    attempts: record.attempts.length,
    ...(pending === undefined
      ? {}
      : {
          transport: pending.transport,
          requestFile: pending.requestFile,
          sha256: pending.sha256,
          ...(pending.endpointHost === undefined ? {} : { endpointHost: pending.endpointHost }),
          ...(pending.resendOf === undefined ? {} : { resendOf: pending.resendOf }),
        }),
    ...(record.resentBy === undefined ? {} : { resentBy: record.resentBy }),
  };
}

/** Every submission in the ledger, oldest first. */
export async function listSubmissions(
  ports: Pick<SubmissionPorts, 'ledger' | 'clock' | 'owners'>,
  options: { resendWindowMs?: number } = {},
): Promise<SubmissionList> {
  const read = await readLedger(ports.ledger);
  if (!read.ok) return read;
  const now = ports.clock.now();
  const window = options.resendWindowMs ?? DEFAULT_RESEND_WINDOW_MS;
  return {
    ok: true,
    location: read.snapshot.location,
    submissions: read.snapshot.records.map((r) => summaryOf(r, now, ports, window)),
    warnings: read.snapshot.warnings.map((w) => ledgerWarningText(w, read.snapshot.location)),
  };
}

/** The bytes recorded for a submission (the left side of "Compare with Submitted"). */
export async function submittedBytes(
  submission: string,
  ports: Pick<SubmissionPorts, 'ledger'>,
): Promise<{ ok: true; bytes: Uint8Array; requestFile: string } | { ok: false; reason: string }> {
  const read = await readLedger(ports.ledger);
  if (!read.ok)
    return {
      ok: false,
      reason: `the ledger cannot be read (${read.refusal.kind === 'ledger-unreadable' ? read.refusal.reason : 'unknown'})`,
    };
  const record = read.snapshot.records.find((r) => r.submission === submission);
  if (!record) return { ok: false, reason: `no submission ${submission} in the ledger` };
  const bytes = recordedBytes(record);
  return bytes.ok ? { ok: true, bytes: bytes.bytes, requestFile: record.pending!.requestFile } : bytes;
}
