// The dedupe decisions by Idempotency-Key (the IETF draft's semantics): a new key, a replay of
// the same bytes, a reuse with other bytes, or a key whose first request is still in process.
// Records are persisted through a storage port before they become visible.

import type { IntakeRecord } from './intakeRecord';

export interface RecordStorage {
  /** Every stored record; rejects, naming the file, when one cannot be read (never an empty start). */
  load(): Promise<IntakeRecord[]>;
  /** Writes a record durably (atomically replacing an earlier version of it). */
  save(record: IntakeRecord): Promise<void>;
}

export type Lookup =
  | { kind: 'new' }
  | { kind: 'replay'; record: IntakeRecord }
  | { kind: 'reused'; firstSha256: string; firstAt: string; requestId: string }
  | { kind: 'in-flight'; since: string };

interface InFlight {
  sha256: string;
  since: string;
  requestId: string;
}

export class IntakeStore {
  private readonly records = new Map<string, IntakeRecord>();
  private readonly byRun = new Map<string, IntakeRecord>();
  private readonly inFlight = new Map<string, InFlight>();

  private constructor(private readonly storage: RecordStorage) {}

  static async open(storage: RecordStorage): Promise<IntakeStore> {
    const store = new IntakeStore(storage);
    for (const record of await storage.load()) store.remember(record);
    return store;
  }

  /** Synchronous, so that a lookup and the begin() that follows it cannot interleave with another request. */
  lookup(key: string, sha256: string): Lookup {
    const flight = this.inFlight.get(key);
    if (flight) {
      if (flight.sha256 !== sha256)
        return { kind: 'reused', firstSha256: flight.sha256, firstAt: flight.since, requestId: flight.requestId };
      return { kind: 'in-flight', since: flight.since };
    }
    const record = this.records.get(key);
    if (!record) return { kind: 'new' };
    if (record.body_sha256 !== sha256) {
      return { kind: 'reused', firstSha256: record.body_sha256, firstAt: record.received_at, requestId: record.request_id };
    }
    return { kind: 'replay', record };
  }

  /** The key is being processed: further requests with it get 409 (or 422 with other bytes). */
  begin(key: string, sha256: string, since: string, requestId: string): void {
    this.inFlight.set(key, { sha256, since, requestId });
  }

  isInFlight(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** Processing ended without a record (rejected, or it could not be saved): the key is free again. */
  abandon(key: string): void {
    this.inFlight.delete(key);
  }

  /** Persists a record and counts its run; lookups still answer in-flight until publish(). */
  async save(record: IntakeRecord): Promise<void> {
    await this.storage.save(record);
    this.remember(record);
  }

  /** The record's answer is final: replays get it from now on. */
  publish(key: string): void {
    this.inFlight.delete(key);
  }

  /** Persists a later version of a published record (the run finished) and keeps it. */
  async update(record: IntakeRecord): Promise<void> {
    await this.storage.save(record);
    this.remember(record);
  }

  byRunId(runId: string): IntakeRecord | undefined {
    return this.byRun.get(runId);
  }

  all(): IntakeRecord[] {
    return [...this.records.values()];
  }

  runsFor(key: string): number {
    return this.records.get(key)?.runs ?? 0;
  }

  runs(): Record<string, number> {
    const runs: Record<string, number> = {};
    for (const [key, record] of this.records) runs[key] = record.runs;
    return runs;
  }

  private remember(record: IntakeRecord): void {
    this.records.set(record.key, record);
    this.byRun.set(record.run_id, record);
  }
}
