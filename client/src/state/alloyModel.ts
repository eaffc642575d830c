// What the extension knows about submissions and reports at one moment: the shared ledger (read
// through the engine), the stored reports of this workspace's repository roots, and each request's
// state folded from both. Every view (panel, status bar, CodeLens, run diagnostics, receiver) reads
// the same snapshot; `refresh` coalesces bursts of file events into one re-read at a time. Pure:
// the ledger, the report listing and the clock are ports.

import * as path from 'node:path';
import { isInside } from '../../../server/src/core';
import {
  listSubmissions,
  readLedger,
  recordState,
  type Clock,
  type LedgerEntry,
  type LedgerStore,
  type SubmissionOwners,
  type SubmissionRecord,
  type SubmissionSummary,
} from '../../../server/src/submission';
import {
  knownRequestsOf,
  requestStates,
  type LedgerRequest,
  type ReportListing,
  type RequestState,
  type SkippedEntry,
  type StoredReport,
} from '../../../server/src/reports';

export interface ModelPorts {
  ledger: LedgerStore;
  owners: SubmissionOwners;
  clock: Clock;
  /** Every stored report under a repository root (never rejects). */
  listReports(root: string): Promise<ReportListing>;
  /** The workspace folders, absolute. */
  folders(): readonly string[];
  resendWindowMs(): number;
  /** A view that failed on a new snapshot (the others still get it). */
  onListenerError?(error: unknown): void;
}

export interface ModelSnapshot {
  /** When it was read (ms since the epoch); 0 before the first read. */
  at: number;
  ledgerLocation: string;
  /** Why the ledger could not be read at all (then nothing of it is shown, and submitting is refused). */
  ledgerProblem?: string;
  /** Ledger lines skipped, in words. */
  ledgerWarnings: string[];
  entries: LedgerEntry[];
  records: SubmissionRecord[];
  /** Every submission in the ledger, oldest first (all workspaces). */
  submissions: SubmissionSummary[];
  /** Run requests the ledger knows, with the repository root their reports are filed under. */
  known: Map<string, LedgerRequest>;
  /** The repository roots whose reports were listed. */
  roots: string[];
  reports: StoredReport[];
  skipped: SkippedEntry[];
  /** Each request of this workspace (ledger or reports) and its state. */
  states: Map<string, RequestState>;
  /** Requests the ledger holds for folders outside this workspace (not in `states`). */
  elsewhere: number;
}

export function emptySnapshot(location = ''): ModelSnapshot {
  return {
    at: 0,
    ledgerLocation: location,
    ledgerWarnings: [],
    entries: [],
    records: [],
    submissions: [],
    known: new Map(),
    roots: [],
    reports: [],
    skipped: [],
    states: new Map(),
    elsewhere: 0,
  };
}

/** Whether a file or folder lies in one of the folders (with no folders open, everything does). */
export function inWorkspace(file: string | undefined, folders: readonly string[]): boolean {
  if (file === undefined) return false;
  if (folders.length === 0) return true;
  return folders.some((folder) => isInside(path.resolve(folder), path.resolve(file)));
}

export class AlloyModel {
  private current: ModelSnapshot;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly listeners = new Set<(snapshot: ModelSnapshot) => void>();
  private readonly extraRoots = new Set<string>();

  constructor(private readonly ports: ModelPorts) {
    this.current = emptySnapshot(ports.ledger.location);
  }

  get snapshot(): ModelSnapshot {
    return this.current;
  }

  onDidChange(listener: (snapshot: ModelSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A repository root whose `.alloy/reports/` should be listed even before the ledger names it. */
  addRoot(root: string): boolean {
    const resolved = path.resolve(root);
    if (this.extraRoots.has(resolved)) return false;
    this.extraRoots.add(resolved);
    return true;
  }

  /** Re-reads ledger and reports; calls made while one runs are folded into one more read after it. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const next = await this.load();
        this.current = next;
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (error) {
            // A view that fails must not keep the others from updating.
            this.ports.onListenerError?.(error);
          }
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async load(): Promise<ModelSnapshot> {
    const { ports } = this;
    const snapshot = emptySnapshot(ports.ledger.location);
    const now = ports.clock.now();
    snapshot.at = now;
    const folders = ports.folders();
    const read = await readLedger(ports.ledger);
    if (!read.ok) {
      snapshot.ledgerProblem = read.refusal.kind === 'ledger-unreadable' ? read.refusal.reason : read.refusal.kind;
    } else {
      snapshot.entries = read.snapshot.entries.map((e) => e.entry);
      snapshot.records = read.snapshot.records;
      const list = await listSubmissions(ports, { resendWindowMs: ports.resendWindowMs() });
      if (list.ok) {
        snapshot.submissions = list.submissions;
        snapshot.ledgerWarnings = list.warnings;
      } else {
        snapshot.ledgerProblem = list.refusal.kind === 'ledger-unreadable' ? list.refusal.reason : list.refusal.kind;
      }
      snapshot.known = knownRequestsOf(snapshot.entries);
    }
    const roots = new Set<string>(this.extraRoots);
    for (const request of snapshot.known.values()) if (inWorkspace(request.root, folders)) roots.add(path.resolve(request.root));
    snapshot.roots = [...roots].sort();
    for (const root of snapshot.roots) {
      const listing = await ports.listReports(root);
      snapshot.reports.push(...listing.reports);
      snapshot.skipped.push(...listing.skipped);
    }
    const bySubmission = new Map(snapshot.records.map((r) => [r.submission, r]));
    const all = requestStates(snapshot.entries, snapshot.reports, {
      isAbandoned: (summary) => {
        const record = bySubmission.get(summary.submission);
        return record === undefined || recordState(record, now, ports.owners) === 'interrupted';
      },
    });
    for (const [id, state] of all) {
      const latest = state.latest;
      const here = latest === undefined || inWorkspace(latest.root, folders) || inWorkspace(latest.requestFile, folders);
      if (here) snapshot.states.set(id, state);
      else snapshot.elsewhere++;
    }
    return snapshot;
  }
}

/** The latest submission of a request file (by its path, or else by its request id). */
export function latestSubmissionOf(
  snapshot: Pick<ModelSnapshot, 'submissions'>,
  file: string,
  requestId?: string,
): SubmissionSummary | undefined {
  const resolved = path.resolve(file);
  const list = snapshot.submissions;
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i];
    if (s.requestFile !== undefined && path.resolve(s.requestFile) === resolved) return s;
  }
  if (requestId === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].requestId === requestId) return list[i];
  return undefined;
}
