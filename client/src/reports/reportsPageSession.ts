// What the reports page does, without the DOM: it holds the last state it applied and never applies
// an older one (seq), keeps the user's selection while the extension catches up, restores the saved
// selection after a reload, and words the live announcement of new reports. The page script
// (webview/reportsView.ts) only wires this to the DOM and to `acquireVsCodeApi()`.

import type { PageView } from './reportsBody';
import { checkStateMessage, NOT_A_STATE, type FromPageMessage } from './reportsPageProtocol';
import type { ReportsPageState, RequestRow, RequestStateName } from './reportsPageState';

/** What the page keeps with `vscode.setState` (it survives the panel being hidden or reloaded). */
export interface SavedPageState {
  selectedId?: string;
  expanded?: string[];
}

export type ReceiveResult =
  | { applied: true; announcement?: string }
  | { applied: false; stale: true; seq: number }
  /** `shown`: the page now shows a notice about it (redraw); false for message types of later versions. */
  | { applied: false; stale: false; reason: string; shown: boolean };

/** States that mean Foundry sent a report. */
const REPORT_STATES: readonly RequestStateName[] = ['accepted', 'started', 'completed', 'failed'];
const MAX_ANNOUNCED = 3;
const MAX_ANNOUNCED_ID = 80;

function shortId(id: string): string {
  return id.length > MAX_ANNOUNCED_ID ? `${id.slice(0, MAX_ANNOUNCED_ID)}…` : id;
}

/** "Report completed for runreq_…" for each request that got a new report between two states. */
export function announcementFor(previous: readonly RequestRow[], next: readonly RequestRow[]): string | undefined {
  const before = new Map(previous.map((row) => [row.requestId, row]));
  const news: string[] = [];
  for (const row of next) {
    if (!REPORT_STATES.includes(row.state)) continue;
    const old = before.get(row.requestId);
    if (old && old.state === row.state && old.reportedAt === row.reportedAt) continue;
    news.push(`Report ${row.state} for ${shortId(row.requestId)}`);
  }
  if (news.length === 0) return undefined;
  const shown = news.slice(0, MAX_ANNOUNCED).join('; ');
  return news.length > MAX_ANNOUNCED ? `${shown}; and ${news.length - MAX_ANNOUNCED} more` : `${shown}.`;
}

function savedOf(value: unknown): SavedPageState {
  if (typeof value !== 'object' || value === null) return {};
  const { selectedId, expanded } = value as Record<string, unknown>;
  return {
    selectedId: typeof selectedId === 'string' ? selectedId : undefined,
    expanded: Array.isArray(expanded) ? expanded.filter((e): e is string => typeof e === 'string') : undefined,
  };
}

export class ReportsPageSession {
  private current: ReportsPageState;
  private selectedId: string | undefined;
  /** The page asked for `selectedId` and no state has confirmed it yet. */
  private pending = false;
  private expanded: string[];
  /** Why the last state message could not be applied, until a good one arrives. */
  private problem: string | undefined;

  constructor(initial: ReportsPageState, saved: unknown) {
    this.current = initial;
    const restored = savedOf(saved);
    this.expanded = restored.expanded ?? [];
    this.selectedId = initial.selectedId;
    const wanted = restored.selectedId;
    if (wanted !== undefined && wanted !== initial.selectedId && initial.requests.some((r) => r.requestId === wanted)) {
      this.selectedId = wanted;
      this.pending = true;
    }
  }

  get state(): ReportsPageState {
    return this.current;
  }

  get lastSeq(): number {
    return this.current.seq;
  }

  get view(): PageView {
    return { selectedId: this.selectedId, expanded: this.expanded, problem: this.problem };
  }

  /** The messages to post once the page has loaded. */
  start(): FromPageMessage[] {
    const messages: FromPageMessage[] = [{ type: 'ready' }];
    if (this.pending && this.selectedId !== undefined) messages.push({ type: 'select', requestId: this.selectedId });
    return messages;
  }

  /** A message from the extension: applied when it is a well-formed state newer than the last one. */
  receive(data: unknown): ReceiveResult {
    const checked = checkStateMessage(data);
    if (!checked.ok) {
      // Other message types are for later versions of the page; a broken state is shown as a notice.
      const shown = checked.reason !== NOT_A_STATE;
      if (shown) this.problem = `An update from the extension could not be shown: ${checked.reason}.`;
      return { applied: false, stale: false, reason: checked.reason, shown };
    }
    const { seq, state } = checked.message;
    if (seq <= this.current.seq) return { applied: false, stale: true, seq };
    const announcement = announcementFor(this.current.requests, state.requests);
    this.current = { ...state, seq };
    this.problem = undefined;
    if (this.pending) {
      if (state.selectedId === this.selectedId) this.pending = false;
    } else if (state.selectedId !== undefined) {
      this.selectedId = state.selectedId;
    }
    return announcement === undefined ? { applied: true } : { applied: true, announcement };
  }

  /** The id of the request in row `index` of the current state. */
  requestIdAt(index: number): string | undefined {
    return Number.isSafeInteger(index) ? this.current.requests[index]?.requestId : undefined;
  }

  /** Row index of a request in the current state, or -1. */
  indexOf(requestId: string): number {
    return this.current.requests.findIndex((r) => r.requestId === requestId);
  }

  /** The user chose row `index`: show it at once and ask the extension for its details. */
  select(index: number): { type: 'select'; requestId: string } | undefined {
    const requestId = this.requestIdAt(index);
    if (requestId === undefined) return undefined;
    this.selectedId = requestId;
    this.pending = this.current.selectedId !== requestId;
    return { type: 'select', requestId };
  }

  /** The user asked for the raw report of the shown request. */
  openRaw(): FromPageMessage | undefined {
    const id = this.shownId();
    return id === undefined ? undefined : { type: 'openRaw', requestId: id };
  }

  /** The request the page shows as selected (present in the current list). */
  shownId(): string | undefined {
    const id = this.selectedId ?? this.current.selectedId;
    return id !== undefined && this.indexOf(id) >= 0 ? id : undefined;
  }

  setExpanded(section: string, expanded: boolean): void {
    this.expanded = this.expanded.filter((s) => s !== section);
    if (expanded) this.expanded.push(section);
  }

  /** The page became visible again. */
  becameVisible(): FromPageMessage {
    return { type: 'snapshot' };
  }

  saved(): SavedPageState {
    return { selectedId: this.selectedId, expanded: [...this.expanded] };
  }
}
