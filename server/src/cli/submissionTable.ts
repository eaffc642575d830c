// The rows of `alloy submissions`: one per submission in the ledger, oldest first, with the
// request id, a key prefix, when, the state and the answer. The latest submission of a request
// shows what Foundry reported when a stored report says more than the ledger (so a completed run
// reads "completed"); older rows keep the ledger's word. Pure.

import type { RequestState } from '../reports';
import { submissionStateText, utcMinute, type SubmissionSummary } from '../submission';

/** `sha256:` and 12 hex digits: enough to tell keys apart, short enough for a table. */
export const KEY_PREFIX_LENGTH = 'sha256:'.length + 12;

export interface SubmissionRow {
  summary: SubmissionSummary;
  keyPrefix: string;
  when: string;
  /** In words, as shown. */
  state: string;
  /** The state's source: a stored report (Foundry's word) or the ledger (ours). */
  source: 'report' | 'ledger';
  answer: string;
  report?: RequestState['current'];
}

function answerOf(summary: SubmissionSummary): string {
  if (summary.status === undefined) return summary.detail === undefined ? '-' : summary.detail;
  const replayed = summary.replayed ? ' replayed' : '';
  return `${summary.status}${replayed}`;
}

export function submissionRows(summaries: readonly SubmissionSummary[], states: ReadonlyMap<string, RequestState>): SubmissionRow[] {
  return summaries.map((summary) => {
    const state = states.get(summary.requestId);
    const latest = state?.latest?.submission === summary.submission;
    const fromReport = latest && state?.source === 'report' && summary.resentBy === undefined;
    const words = summary.resentBy === undefined ? submissionStateText(summary.state) : `${submissionStateText(summary.state)}, re-sent`;
    return {
      summary,
      keyPrefix: summary.key.slice(0, KEY_PREFIX_LENGTH),
      when: utcMinute(summary.at),
      state: fromReport ? state.state : words,
      source: fromReport ? 'report' : 'ledger',
      answer: answerOf(summary),
      ...(fromReport && state.current ? { report: state.current } : {}),
    };
  });
}

/** The rows as an aligned text table with a header. */
export function submissionTable(rows: readonly SubmissionRow[]): string {
  const cells = [
    ['REQUEST', 'KEY', 'WHEN', 'STATE', 'ANSWER'],
    ...rows.map((r) => [r.summary.requestId, r.keyPrefix, r.when, r.state, r.answer]),
  ];
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
