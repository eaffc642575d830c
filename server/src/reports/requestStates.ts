// Each run request's state, from the ledger (what we sent and were answered) and the stored
// reports (what Foundry says happened), for the panel, the status bar and `alloy submissions`.
// Pure. The shown state never moves backwards: a report outranks the ledger, a later phase outranks
// an earlier one, a duplicate changes nothing, and of `completed` and `failed` the one received
// first wins while the other is kept as a conflict.

import type { LedgerEntry, SubmissionOutcome, TransportName } from '../submission';
import { isTerminalPhase, phaseRank, type ReportPhase } from './reportPhase';
import type { StoredReport } from './reportStore';

export type RequestStateName =
  | 'pending'
  | 'sent'
  | 'accepted'
  | 'started'
  | 'completed'
  | 'failed'
  | 'already-submitted'
  | 'rejected'
  | 'given-up'
  | 'cancelled'
  | 'outcome-unknown';

/** One submission (a pending line and what followed it), summed up. */
export interface SubmissionSummary {
  submission: string;
  key: string;
  /** When its first line (normally `pending`) was written, and its latest one. */
  startedAt: string;
  updatedAt: string;
  /** From the `pending` line, when it could be read. */
  requestFile?: string;
  root?: string;
  sha256?: string;
  transport?: TransportName;
  endpoint?: string;
  callbackUrl?: string;
  resendOf?: string;
  /** Attempts recorded so far. */
  attempts: number;
  outcome?: SubmissionOutcome;
  /** The latest answer: an HTTP status (or CLI exit code), and the answer or error in words. */
  answer?: { status?: number; error?: string; detail?: string };
}

export interface RequestState {
  requestId: string;
  state: RequestStateName;
  /** `report`: the state is Foundry's word (a stored report); `ledger`: ours (what was sent and answered). */
  source: 'report' | 'ledger';
  /** The latest submission, and how many the ledger has for this id. */
  latest?: SubmissionSummary;
  submissions: number;
  /** The report that decided the state, when one did. */
  current?: StoredReport;
  /** The latest distinct report of each phase (of the current submission series). */
  reports: Partial<Record<ReportPhase, StoredReport>>;
  /** Reports that arrived after a later phase and so do not show as current (kept, not dropped). */
  late: StoredReport[];
  /** How many reports repeated bytes already received for the same phase. */
  duplicates: number;
  /** Both terminal phases arrived: the one received first is kept, the other is shown here. */
  conflict?: { kept: StoredReport; ignored: StoredReport; message: string };
  /** Reports with errors (they still count: they are evidence). */
  flagged: StoredReport[];
  /** Reports received before the current series was first sent (an earlier run of the same id with another key). */
  earlier: StoredReport[];
  /** Report files whose phase cannot be told (a foreign file that is not a run result). */
  unphased: StoredReport[];
  /** Things the user should know, in words (for example, a report for a submission the ledger calls rejected). */
  notes: string[];
}

export interface RequestStateOptions {
  /**
   * Whether a submission without an outcome has lost its process (a crash, or older than the resend
   * window): such a submission shows as `outcome-unknown` instead of `pending` or `sent`.
   */
  isAbandoned?(submission: SubmissionSummary): boolean;
}

const RANKS: Record<RequestStateName, number> = {
  pending: 0,
  'outcome-unknown': 0,
  sent: 1,
  rejected: 2,
  'given-up': 2,
  cancelled: 2,
  accepted: 2,
  'already-submitted': 2,
  started: 3,
  completed: 4,
  failed: 4,
};

/** How far along a state is; within one submission series the shown rank never decreases. */
export function stateRank(state: RequestStateName): number {
  return RANKS[state];
}

function summarize(lines: LedgerEntry[]): SubmissionSummary {
  const first = lines[0];
  const summary: SubmissionSummary = {
    submission: first.submission,
    key: first.key,
    startedAt: first.at,
    updatedAt: first.at,
    attempts: 0,
  };
  for (const line of lines) {
    if (line.at > summary.updatedAt) summary.updatedAt = line.at;
    if (line.type === 'pending') {
      Object.assign(summary, {
        key: line.key,
        startedAt: line.at,
        requestFile: line.requestFile,
        root: line.root,
        sha256: line.sha256,
        transport: line.transport,
        endpoint: line.endpoint,
        callbackUrl: line.callbackUrl,
        resendOf: line.resendOf,
      });
    } else if (line.type === 'attempt') {
      summary.attempts = Math.max(summary.attempts, line.attempt);
      summary.answer = { status: line.status, error: line.error };
    } else {
      summary.outcome = line.outcome;
      summary.answer = { status: line.status, detail: line.detail };
    }
  }
  return summary;
}

function ledgerState(latest: SubmissionSummary, options: RequestStateOptions): RequestStateName {
  if (latest.outcome) return latest.outcome;
  if (options.isAbandoned?.(latest)) return 'outcome-unknown';
  return latest.attempts > 0 ? 'sent' : 'pending';
}

function byArrival(a: StoredReport, b: StoredReport): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function newState(requestId: string): RequestState {
  return {
    requestId,
    state: 'pending',
    source: 'ledger',
    submissions: 0,
    reports: {},
    late: [],
    duplicates: 0,
    flagged: [],
    earlier: [],
    unphased: [],
    notes: [],
  };
}

/** Applies a request's reports, in the order they were received, to its state. */
function applyReports(state: RequestState, reports: StoredReport[]): void {
  const seen = new Set<string>();
  let currentPhase: ReportPhase | undefined;
  for (const report of [...reports].sort(byArrival)) {
    const phase = report.phase;
    const identity = `${phase ?? '?'} ${report.sha256}`;
    if (seen.has(identity)) {
      state.duplicates++;
      continue;
    }
    seen.add(identity);
    if (report.flagged) state.flagged.push(report);
    if (phase === undefined) {
      state.unphased.push(report);
      continue;
    }
    state.reports[phase] = report;
    const current = state.current;
    if (current && currentPhase && isTerminalPhase(currentPhase) && isTerminalPhase(phase) && phase !== currentPhase) {
      if (!state.conflict) {
        state.conflict = {
          kept: current,
          ignored: report,
          message:
            `Foundry reported both ${currentPhase} (received ${current.receivedAt}, shown) ` +
            `and ${phase} (received ${report.receivedAt}).`,
        };
      }
    } else if (currentPhase === undefined || phaseRank(phase) >= phaseRank(currentPhase)) {
      state.current = report;
      currentPhase = phase;
    } else {
      state.late.push(report);
    }
  }
}

/**
 * The state of every request id found in the ledger or in the reports. `ledger` is in file order;
 * `reports` in any order. Reports count for the latest submission series of their id: the
 * submissions with the latest key since the key last changed; earlier reports are kept apart.
 */
export function requestStates(
  ledger: readonly LedgerEntry[],
  reports: readonly StoredReport[],
  options: RequestStateOptions = {},
): Map<string, RequestState> {
  const linesBySubmission = new Map<string, Map<string, LedgerEntry[]>>();
  for (const line of ledger) {
    let submissions = linesBySubmission.get(line.requestId);
    if (!submissions) linesBySubmission.set(line.requestId, (submissions = new Map()));
    let lines = submissions.get(line.submission);
    if (!lines) submissions.set(line.submission, (lines = []));
    lines.push(line);
  }
  const reportsByRequest = new Map<string, StoredReport[]>();
  for (const report of reports) {
    let list = reportsByRequest.get(report.requestId);
    if (!list) reportsByRequest.set(report.requestId, (list = []));
    list.push(report);
  }
  const states = new Map<string, RequestState>();
  for (const requestId of new Set([...linesBySubmission.keys(), ...reportsByRequest.keys()])) {
    const state = newState(requestId);
    const summaries = [...(linesBySubmission.get(requestId)?.values() ?? [])].map(summarize);
    const ownReports = reportsByRequest.get(requestId) ?? [];
    let counted = ownReports;
    if (summaries.length > 0) {
      const latest = summaries[summaries.length - 1];
      let seriesStart = latest.startedAt;
      for (let i = summaries.length - 1; i >= 0 && summaries[i].key === latest.key; i--) {
        if (summaries[i].startedAt < seriesStart) seriesStart = summaries[i].startedAt;
      }
      counted = ownReports.filter((r) => r.receivedAt >= seriesStart);
      state.earlier = ownReports.filter((r) => r.receivedAt < seriesStart).sort(byArrival);
      state.latest = latest;
      state.submissions = summaries.length;
      state.state = ledgerState(latest, options);
    }
    applyReports(state, counted);
    if (state.current?.phase) {
      const ledgerSaid = state.latest ? state.state : undefined;
      state.state = state.current.phase;
      state.source = 'report';
      if (ledgerSaid === 'rejected' || ledgerSaid === 'given-up' || ledgerSaid === 'cancelled') {
        state.notes.push(`The ledger records this submission as ${ledgerSaid}, but Foundry reported ${state.current.phase}.`);
      }
    } else if (!state.latest) {
      state.state = 'outcome-unknown';
      state.notes.push('No submission of this id is recorded in the ledger, and no report says how far it got.');
    }
    if (state.conflict) state.notes.push(state.conflict.message);
    states.set(requestId, state);
  }
  return states;
}
