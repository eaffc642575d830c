// The messages between the extension and the reports page, and the checks each side applies to
// what it receives: the extension takes only the four page messages it knows (anything else is
// refused with a reason, to be logged), the page takes only well-formed `state` messages.

import { isRequestStateName, type ReportsPageState } from './reportsPageState';

/** The id of the `<script type="application/json">` element holding the page's initial state. */
export const STATE_ELEMENT_ID = 'alloy-reports-state';

/** Extension → page: the whole state, numbered; the page applies only a `seq` above the last one it applied. */
export interface StateMessage {
  type: 'state';
  seq: number;
  state: ReportsPageState;
}

/** Page → extension. */
export type FromPageMessage =
  /** The page script has loaded (send the latest state if it is newer than the embedded one). */
  | { type: 'ready' }
  /** The page became visible again: send the whole current state. */
  | { type: 'snapshot' }
  /** The user chose a request: send a state with its details. */
  | { type: 'select'; requestId: string }
  /** The user asked for the raw report: open it as a read-only document. */
  | { type: 'openRaw'; requestId: string };

export type Checked<T> = { ok: true; message: T } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.slice(0, 40)}"`;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

/** For the extension: a message from the page, if it is one of the four the page may send. */
export function checkFromPageMessage(data: unknown): Checked<FromPageMessage> {
  if (!isObject(data)) return { ok: false, reason: `a page message must be an object, not ${describe(data)}` };
  const type = data.type;
  if (type === 'ready' || type === 'snapshot') return { ok: true, message: { type } };
  if (type === 'select' || type === 'openRaw') {
    const requestId = data.requestId;
    if (typeof requestId !== 'string' || requestId === '') {
      return { ok: false, reason: `a "${type}" message needs a requestId string, not ${describe(requestId)}` };
    }
    return { ok: true, message: { type, requestId } };
  }
  return { ok: false, reason: `unknown page message type ${describe(type)}` };
}

export const NOT_A_STATE = 'not a state message';

/** For the page: a `state` message from the extension, if its shape is one the page can render. */
export function checkStateMessage(data: unknown): Checked<StateMessage> {
  if (!isObject(data) || data.type !== 'state') return { ok: false, reason: NOT_A_STATE };
  const { seq, state } = data;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    return { ok: false, reason: `the seq ${describe(seq)} is not a whole number of 0 or more` };
  const problem = stateProblem(state);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, message: { type: 'state', seq, state: state as ReportsPageState } };
}

/** What makes a value unusable as a page state, or undefined when it can be rendered. */
export function stateProblem(state: unknown): string | undefined {
  if (!isObject(state)) return `the state is ${describe(state)}, not an object`;
  if (!Array.isArray(state.requests)) return 'the state has no requests list';
  for (const [i, row] of state.requests.entries()) {
    if (!isObject(row) || typeof row.requestId !== 'string') return `request ${i + 1} has no requestId`;
    if (!isRequestStateName(row.state)) return `request ${i + 1} has an unknown state ${describe(row.state)}`;
    for (const key of ['projectId', 'file', 'submittedAt', 'keyPrefix', 'answer', 'reportedAt'] as const) {
      if (row[key] !== undefined && typeof row[key] !== 'string') return `request ${i + 1}: ${key} is not a string`;
    }
  }
  if (state.selectedId !== undefined && typeof state.selectedId !== 'string') return 'selectedId is not a string';
  const selected = state.selected;
  if (selected !== undefined) {
    if (!isObject(selected) || typeof selected.requestId !== 'string') return 'the selected request has no requestId';
    const report = selected.report;
    if (report !== undefined && (!isObject(report) || !Array.isArray(report.problems))) return 'the selected report has no problems list';
    if (isObject(report) && Array.isArray(report.problems) && !report.problems.every((p) => isObject(p) && typeof p.message === 'string')) {
      return 'a report problem has no message';
    }
    const brief = selected.brief;
    if (brief !== undefined) {
      if (!isObject(brief)) return 'the brief is not an object';
      if (!Array.isArray(brief.requiredEvidence) || !brief.requiredEvidence.every((e) => typeof e === 'string')) {
        return 'the brief has no list of required evidence';
      }
      if (
        !Array.isArray(brief.protectedCapabilities) ||
        !brief.protectedCapabilities.every((c) => isObject(c) && typeof c.id === 'string' && typeof c.statement === 'string')
      ) {
        return 'the brief has no list of protected capabilities';
      }
    }
    if (selected.notes !== undefined && !(Array.isArray(selected.notes) && selected.notes.every((n) => typeof n === 'string'))) {
      return 'the notes are not a list of strings';
    }
  }
  if (state.notices !== undefined && !(Array.isArray(state.notices) && state.notices.every((n) => typeof n === 'string'))) {
    return 'the notices are not a list of strings';
  }
  return undefined;
}
