// One submission from claim to outcome: under the ledger lock, read the ledger and ask the gate
// (in flight? already submitted?), append `pending` with the exact bytes, release; check the
// ledger once more for a racing submitter; then hand the bytes to the transport and record each
// attempt and the outcome. The same bytes and key go out on every attempt.

import { cliDelivery } from './cliDelivery';
import { httpDelivery } from './httpDelivery';
import type { OutcomeEntry, PendingEntry, SubmissionOwner, TransportName } from './ledgerEntry';
import { errorText, foldLedger, ledgerWarningText, readLedger, type SubmissionRecord } from './ledger';
import { LedgerBusyError, type SubmissionPorts } from './ports';
import type { Refusal } from './refusal';
import type { RetryPolicy } from './retryPolicy';
import type { Scrub } from './secretScrub';
import type { SentResult, SubmitProgress } from './submitResult';

export type Target = { kind: 'http'; url: string; host: string } | { kind: 'foundry-cli'; cliPath: string; args: string[] };

/** What is sent: recorded bytes, their identity, where to. */
export interface Shipment {
  bytes: Uint8Array;
  sha256: string;
  key: string;
  requestId: string;
  requestFile: string;
  root: string;
  callbackUrl?: string;
  target: Target;
  resendOf?: string;
}

export type GateStop = { kind: 'refused'; refusal: Refusal } | { kind: 'already-submitted'; record: SubmissionRecord };

/** Asked under the lock, and again over the ledger lines before our `pending`: undefined means "send". */
export type Gate = (records: readonly SubmissionRecord[]) => GateStop | undefined;

export interface DeliveryContext {
  ports: SubmissionPorts;
  policy: RetryPolicy;
  cliTimeoutMs: number;
  token?: string;
  scrub: Scrub;
  signal?: AbortSignal;
  onProgress?: (progress: SubmitProgress) => void;
  /** Ledger warnings seen along the way, in words (deduplicated by the caller). */
  warnings: string[];
}

/** Appends attempt and outcome lines of one submission; a failed write is kept, not thrown. */
export class SubmissionRecorder {
  readonly errors: string[] = [];

  constructor(
    private readonly context: DeliveryContext,
    readonly submission: string,
    private readonly shipment: Shipment,
  ) {}

  private base() {
    return {
      v: 1 as const,
      submission: this.submission,
      at: new Date(this.context.ports.clock.now()).toISOString(),
      key: this.shipment.key,
      requestId: this.shipment.requestId,
    };
  }

  async attempt(fields: { attempt: number; status?: number; error?: string; retryInMs?: number; notSent?: boolean }): Promise<void> {
    const entry = { ...this.base(), type: 'attempt' as const, ...fields };
    if (entry.error !== undefined) entry.error = this.context.scrub(entry.error);
    await this.write(JSON.stringify(entry));
  }

  async outcome(fields: Omit<OutcomeEntry, 'v' | 'submission' | 'at' | 'key' | 'requestId' | 'type'>): Promise<void> {
    const entry: OutcomeEntry = { ...this.base(), type: 'outcome', ...fields };
    if (entry.detail !== undefined) entry.detail = this.context.scrub(entry.detail);
    if (entry.location !== undefined) entry.location = this.context.scrub(entry.location);
    await this.write(JSON.stringify(entry));
  }

  private async write(line: string): Promise<void> {
    try {
      await this.context.ports.ledger.append(line);
    } catch (error) {
      this.errors.push(this.context.scrub(`could not record a line in ${this.context.ports.ledger.location}: ${errorText(error)}`));
    }
  }
}

function submissionId(random: () => number): string {
  let id = 'sub_';
  for (let i = 0; i < 20; i++) id += Math.floor(Math.min(0.9999999, Math.max(0, random())) * 36).toString(36);
  return id;
}

/** After this, the submission cannot still be sending: its whole budget plus a margin for slow disks. */
function sendingLimitMs(shipment: Shipment, context: DeliveryContext): number {
  const margin = 60_000;
  if (shipment.target.kind === 'foundry-cli') return context.cliTimeoutMs + margin;
  return context.policy.totalBudgetMs + context.policy.attemptTimeoutMs + margin;
}

function pendingEntry(shipment: Shipment, submission: string, owner: SubmissionOwner, at: string): PendingEntry {
  const transport: TransportName = shipment.target.kind;
  const entry: PendingEntry = {
    v: 1,
    submission,
    at,
    key: shipment.key,
    requestId: shipment.requestId,
    type: 'pending',
    requestFile: shipment.requestFile,
    root: shipment.root,
    bytes: Buffer.from(shipment.bytes).toString('base64'),
    sha256: shipment.sha256,
    transport,
    owner,
  };
  if (shipment.target.kind === 'http') {
    entry.endpoint = shipment.target.url;
    entry.endpointHost = shipment.target.host;
  } else entry.command = shipment.target.args;
  if (shipment.callbackUrl !== undefined) entry.callbackUrl = shipment.callbackUrl;
  if (shipment.resendOf !== undefined) entry.resendOf = shipment.resendOf;
  return entry;
}

function note(context: DeliveryContext, warnings: readonly { line: number; reason: string }[]): void {
  for (const w of warnings) context.warnings.push(ledgerWarningText(w, context.ports.ledger.location));
}

export async function deliver(shipment: Shipment, gate: Gate, context: DeliveryContext): Promise<SentResult | GateStop> {
  const { ports } = context;
  const refused = (refusal: Refusal): GateStop => ({ kind: 'refused', refusal });
  if (context.signal?.aborted) return refused({ kind: 'cancelled' });
  const submission = submissionId(ports.random);

  let claim: GateStop | 'claimed';
  try {
    claim = await ports.ledger.withLock(async () => {
      const read = await readLedger(ports.ledger);
      if (!read.ok) return refused(read.refusal);
      note(context, read.snapshot.warnings);
      const stop = gate(read.snapshot.records);
      if (stop) return stop;
      const now = ports.clock.now();
      const owner: SubmissionOwner = { ...ports.owners.self(), until: new Date(now + sendingLimitMs(shipment, context)).toISOString() };
      const pending = pendingEntry(shipment, submission, owner, new Date(now).toISOString());
      ports.owners.begin(submission);
      try {
        await ports.ledger.append(JSON.stringify(pending));
      } catch (error) {
        ports.owners.end(submission);
        return refused({ kind: 'ledger-unwritable', location: ports.ledger.location, reason: context.scrub(errorText(error)) });
      }
      return 'claimed' as const;
    });
  } catch (error) {
    const reason = context.scrub(errorText(error));
    if (error instanceof LedgerBusyError) return refused({ kind: 'ledger-busy', location: ports.ledger.location, reason });
    return refused({ kind: 'ledger-unwritable', location: ports.ledger.location, reason });
  }
  if (claim !== 'claimed') return claim;

  const recorder = new SubmissionRecorder(context, submission, shipment);
  try {
    const again = await readLedger(ports.ledger);
    if (again.ok) {
      const mine = again.snapshot.entries.findIndex((e) => e.entry.submission === submission && e.entry.type === 'pending');
      const stop = mine === -1 ? undefined : gate(foldLedger(again.snapshot.entries.slice(0, mine)).records);
      if (stop) {
        await recorder.outcome({ outcome: 'cancelled', detail: 'not sent: another submitter recorded the same key first' });
        return stop;
      }
    }
    context.onProgress?.({ kind: 'recorded', submission, requestId: shipment.requestId });
    const sent =
      shipment.target.kind === 'http'
        ? await httpDelivery(shipment, shipment.target, recorder, context)
        : await cliDelivery(shipment, shipment.target, recorder, context);
    return { ...sent, ledgerErrors: recorder.errors };
  } finally {
    ports.owners.end(submission);
  }
}
