// The reports side of `alloy submit --wait`: loopback receivers on the requests' callback
// addresses (started before the first byte is sent, so no callback is missed), bodies filed under
// the repository root the ledger records for their id, and a wait that reports each phase as it
// becomes the request's state (requestStates: duplicates and late phases never move it back) until
// it is completed or failed, the deadline passes, or the user interrupts. When a port is taken
// (the editor may be listening there), it says so and watches the report files instead.

import {
  hostAndPort,
  knownRequestsOf,
  phaseRank,
  requestStates,
  type CallbackReceiver,
  type ReportPhase,
  type RequestState,
  type StoredReport,
} from '../reports';
import { readLedger, type LedgerEntry, type LedgerStore } from '../submission';
import type { CliRuntime } from './cliRuntime';
import type { WaitTarget } from './waitTargets';

/** How often the report files are looked at when no receiver could listen. */
const POLL_MS = 500;

export interface ReportWatchDeps {
  runtime: CliRuntime;
  ledger: LedgerStore;
  /** One line for the user (stderr). */
  note(line: string): void;
}

export class ReportWatch {
  private readonly known = new Set<string>();
  private readonly roots = new Map<string, string>();
  private readonly arrivals = new Map<string, StoredReport[]>();
  private readonly receivers: CallbackReceiver[] = [];
  /** Request ids whose receiver could not listen: their report files are polled. */
  private readonly polled = new Set<string>();
  private dirty = false;
  private wake: (() => void) | undefined;

  constructor(private readonly deps: ReportWatchDeps) {}

  private async ledgerEntries(): Promise<LedgerEntry[]> {
    const read = await readLedger(this.deps.ledger);
    return read.ok ? read.snapshot.entries.map((e) => e.entry) : [];
  }

  private async learn(): Promise<LedgerEntry[]> {
    const entries = await this.ledgerEntries();
    for (const [id, request] of knownRequestsOf(entries)) {
      this.known.add(id);
      this.roots.set(id, request.root);
    }
    return entries;
  }

  /** A request id now recorded in the ledger (the engine's `recorded` progress): its callbacks are answered. */
  know(requestId: string): void {
    this.known.add(requestId);
  }

  private async rootOf(requestId: string): Promise<string | undefined> {
    if (!this.roots.has(requestId)) await this.learn();
    return this.roots.get(requestId);
  }

  /** Starts one receiver per callback address; where one cannot listen, its requests are polled from files. */
  async start(targets: readonly WaitTarget[]): Promise<void> {
    await this.learn();
    const groups = new Map<string, WaitTarget[]>();
    for (const target of targets) {
      const where = hostAndPort(target.address.name, target.address.port);
      groups.set(where, [...(groups.get(where) ?? []), target]);
    }
    for (const group of groups.values()) {
      const receiver = this.deps.runtime.receiver({
        address: group[0].address,
        isKnownRequest: (id) => this.known.has(id),
        sink: {
          save: async (body) => {
            const root = await this.rootOf(body.requestId);
            if (root === undefined) throw new Error(`no repository root is recorded for ${body.requestId}; nothing was written`);
            return this.deps.runtime.reports.store(root, body);
          },
        },
        log: (line) => this.deps.note(`receiver: ${line}`),
      });
      const started = await receiver.start();
      if (!started.ok) {
        this.deps.note(
          `${started.message} — watching the report files under .alloy/reports/ instead (an editor listening there files them)`,
        );
        group.forEach((t) => this.polled.add(t.requestId));
        continue;
      }
      started.notes.forEach((n) => this.deps.note(n));
      this.deps.note(`listening for reports on ${started.listening.join(' and ')}`);
      receiver.onReport((saved) => {
        this.arrivals.set(saved.report.requestId, [...(this.arrivals.get(saved.report.requestId) ?? []), saved.report]);
        this.dirty = true;
        this.wake?.();
      });
      this.receivers.push(receiver);
    }
  }

  private async reportsOf(requestId: string): Promise<StoredReport[]> {
    if (!this.polled.has(requestId)) return this.arrivals.get(requestId) ?? [];
    const root = await this.rootOf(requestId);
    if (root === undefined) return [];
    return (await this.deps.runtime.reports.list(root)).reports.filter((r) => r.requestId === requestId);
  }

  /** Resolves after `ms`, at the next report, or when the user interrupts, whichever comes first. */
  private pause(ms: number): Promise<void> {
    if (this.dirty) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = new AbortController();
      const signal = this.deps.runtime.signal;
      const done = (): void => {
        this.wake = undefined;
        signal?.removeEventListener('abort', done);
        timer.abort();
        resolve();
      };
      this.wake = done;
      signal?.addEventListener('abort', done);
      this.deps.runtime.sleep(ms, timer.signal).then(done, () => undefined);
    });
  }

  /**
   * Waits until each request is completed or failed (by a report), or until `deadline`. `onPhase`
   * is called once per phase that becomes a request's state, in order. The result holds the
   * terminal states reached; a request missing from it timed out (or the wait was interrupted).
   */
  async waitFor(
    requestIds: readonly string[],
    deadline: number,
    onPhase: (requestId: string, phase: ReportPhase, report: StoredReport) => void,
  ): Promise<Map<string, RequestState>> {
    const entries = await this.ledgerEntries();
    const shownRank = new Map<string, number>();
    const seen = new Map<string, number>();
    const done = new Map<string, RequestState>();
    for (;;) {
      this.dirty = false;
      for (const id of requestIds) {
        if (done.has(id)) continue;
        const reports = await this.reportsOf(id);
        for (let k = seen.get(id) ?? 0; k < reports.length; k++) {
          const state = requestStates(entries, reports.slice(0, k + 1)).get(id);
          const current = state?.source === 'report' ? state.current : undefined;
          if (!state || !current?.phase) continue;
          if (phaseRank(current.phase) > (shownRank.get(id) ?? 0)) {
            shownRank.set(id, phaseRank(current.phase));
            onPhase(id, current.phase, current);
          }
          if (state.state === 'completed' || state.state === 'failed') {
            done.set(id, state);
            break;
          }
        }
        seen.set(id, reports.length);
      }
      const remaining = deadline - this.deps.runtime.now();
      if (done.size === requestIds.length || remaining <= 0 || this.deps.runtime.signal?.aborted) return done;
      await this.pause(this.polled.size > 0 ? Math.min(POLL_MS, remaining) : remaining);
    }
  }

  /** The request's state from the ledger and the report files already stored for it (no waiting). */
  async storedState(requestId: string): Promise<RequestState | undefined> {
    const entries = await this.learn();
    const root = this.roots.get(requestId);
    if (root === undefined) return undefined;
    const reports = (await this.deps.runtime.reports.list(root)).reports.filter((r) => r.requestId === requestId);
    return requestStates(entries, reports).get(requestId);
  }

  /** Closes every receiver (bodies being stored are finished first). */
  async stop(): Promise<void> {
    await Promise.all(this.receivers.splice(0).map((r) => r.stop()));
  }
}
