// A request file's latest submission as the editor words it: when, what the ledger says became of
// it, whether it is still the file's key, and the newest report Foundry sent for it; plus a send in
// progress in this window. Shared by the CodeLens and the status bar, so both say the same. Pure.

import { submissionStateText, type SubmissionState, type SubmissionSummary } from '../../../server/src/submission';
import type { RequestState } from '../../../server/src/reports';

export interface SubmissionFacts {
  /** When its pending line was written. */
  at: string;
  state: SubmissionState;
  status?: number;
  replayed?: boolean;
  /** The submission's key is the file's key now. */
  sameKey: boolean;
  /** Foundry's newest word on it, when a report arrived. */
  report?: { phase: string; runStatus?: string; receivedAt: string; flagged: boolean };
}

export interface SendingFacts {
  stage: 'preparing' | 'confirming' | 'sending' | 'waiting';
  attempt?: number;
  of?: number;
  /** When the current wait ends (ms since the epoch), while waiting for the next attempt. */
  until?: number;
  startedAt: number;
}

export function submissionFactsOf(
  summary: SubmissionSummary | undefined,
  state: RequestState | undefined,
  currentKey: string | undefined,
): SubmissionFacts | undefined {
  if (!summary) return undefined;
  const facts: SubmissionFacts = {
    at: summary.at,
    state: summary.state,
    sameKey: currentKey !== undefined && summary.key === currentKey,
    ...(summary.status === undefined ? {} : { status: summary.status }),
    ...(summary.replayed ? { replayed: true } : {}),
  };
  const current = state?.source === 'report' ? state.current : undefined;
  if (current?.phase && state?.latest?.key === summary.key) {
    facts.report = {
      phase: current.phase,
      receivedAt: current.receivedAt,
      flagged: current.flagged,
      ...(current.runStatus === undefined ? {} : { runStatus: current.runStatus }),
    };
  }
  return facts;
}

/** "accepted (202)", "rejected (422)", "already submitted (200, replayed)". */
export function outcomeWords(facts: Pick<SubmissionFacts, 'state' | 'status' | 'replayed'>): string {
  const words = submissionStateText(facts.state);
  if (facts.status === undefined) return words;
  return `${words} (${facts.status}${facts.replayed ? ', replayed' : ''})`;
}

/** "completed", "completed with findings", "failed", "started" … */
export function reportWords(report: NonNullable<SubmissionFacts['report']>): string {
  const status = report.runStatus !== undefined && report.runStatus !== report.phase ? report.runStatus.replace(/_/g, ' ') : report.phase;
  return report.flagged ? `${status} (flagged)` : status;
}

/** "attempt 2 of 5", "waiting 4 s for attempt 3 of 5", "preparing", "waiting for your confirmation". */
export function sendingWords(sending: SendingFacts, now: number): string {
  switch (sending.stage) {
    case 'preparing':
      return 'preparing';
    case 'confirming':
      return 'waiting for your confirmation';
    case 'sending':
      return sending.attempt === undefined ? 'sending' : `attempt ${sending.attempt} of ${sending.of ?? '?'}`;
    case 'waiting': {
      const left = sending.until === undefined ? undefined : Math.max(0, Math.ceil((sending.until - now) / 1000));
      const next = sending.attempt === undefined ? 'the next attempt' : `attempt ${sending.attempt} of ${sending.of ?? '?'}`;
      return left === undefined ? `waiting for ${next}` : `waiting ${left} s for ${next}`;
    }
  }
}
