// The body of the reports page built from its state: page notices, the requests list (one button
// per request, `aria-current` on the selected one) and the selected request's detail, or the empty
// state. The same function renders the page in the extension (Node) and re-renders it in the page.

import { listHtml, moreHtml, statusHtml, timeHtml, visibleRows, type ListView } from './htmlParts';
import { reportDetailHtml } from './reportDetailHtml';
import type { ReportsPageState, RequestRow } from './reportsPageState';
import { shownText } from './shownText';
import { requestStateLabel } from './statusLabels';

/** How the page is being looked at: the request shown as selected, and the lists shown in full. */
export interface PageView extends ListView {
  selectedId?: string;
  /** Why the page could not apply the last update, shown above everything else. */
  problem?: string;
}

export const EMPTY_STATE_TEXT = 'No submissions yet — run Alloy: Submit Request';

/** The request the page shows: the page's own choice, else the extension's, when it is in the list. */
export function shownSelection(state: ReportsPageState, view: PageView): string | undefined {
  const wanted = view.selectedId ?? state.selectedId;
  return wanted !== undefined && state.requests.some((r) => r.requestId === wanted) ? wanted : undefined;
}

function rowHtml(row: RequestRow, index: number, selected: boolean): string {
  const meta = [row.projectId, row.file]
    .filter((v): v is string => !!v)
    .map((v) => shownText(v))
    .join(' · ');
  const times: string[] = [];
  if (row.submittedAt) times.push(`submitted ${timeHtml(row.submittedAt)}`);
  if (row.keyPrefix) times.push(`key ${shownText(row.keyPrefix)}…`);
  if (row.answer) times.push(`answer: ${shownText(row.answer)}`);
  const current = selected ? ' aria-current="true"' : '';
  return (
    `<li><button type="button" class="request-row" data-action="select" data-index="${index}"${current}>` +
    `<span class="row-id">${shownText(row.requestId)}</span>` +
    `<span class="row-state">${statusHtml(requestStateLabel(row.state))}</span>` +
    (meta ? `<span class="row-meta">${meta}</span>` : '') +
    (times.length ? `<span class="row-meta">${times.join(' · ')}</span>` : '') +
    `</button></li>`
  );
}

function requestListHtml(state: ReportsPageState, selectedId: string | undefined, view: ListView): string {
  const rows = state.requests;
  const shown = visibleRows(rows, 'requests', view);
  const items = shown.map((row, i) => rowHtml(row, i, row.requestId === selectedId));
  // A selected request beyond the first rows is still listed, so that the selection stays visible.
  const selectedIndex = selectedId === undefined ? -1 : rows.findIndex((r) => r.requestId === selectedId);
  if (selectedIndex >= shown.length) items.push(rowHtml(rows[selectedIndex], selectedIndex, true));
  return (
    `<nav class="requests" aria-labelledby="requests-heading">` +
    `<h2 id="requests-heading">Requests <span class="heading-note">(${rows.length})</span></h2>` +
    `<ul class="request-list">${items.join('')}</ul>${moreHtml(rows.length, 'requests', 'requests', view)}</nav>`
  );
}

function emptyHtml(): string {
  return (
    `<main class="detail" aria-labelledby="detail-heading"><h2 id="detail-heading">No submissions yet</h2>` +
    `<p class="empty">${shownText(EMPTY_STATE_TEXT)}</p>` +
    `<p>Open a request file under <code>.alloy/requests/</code> and submit it; its state and Foundry's reports appear here.</p></main>`
  );
}

export function renderReportsBody(state: ReportsPageState, view: PageView): string {
  const all = view.problem ? [view.problem, ...(state.notices ?? [])] : (state.notices ?? []);
  const notices = all.length ? `<div class="notices">${listHtml(all)}</div>` : '';
  const header = `<header class="page-header"><h1>Alloy Reports</h1>${notices}</header>`;
  if (state.requests.length === 0) return header + emptyHtml();
  const selectedId = shownSelection(state, view);
  let detail: string;
  if (selectedId === undefined) {
    detail = `<h2 id="detail-heading">No request selected</h2><p>Choose a request in the list to see its latest report.</p>`;
  } else {
    const row = state.requests.find((r) => r.requestId === selectedId);
    const known = state.selected?.requestId === selectedId ? state.selected : undefined;
    detail = reportDetailHtml(row, selectedId, known, view);
  }
  return (
    header +
    `<div class="layout">${requestListHtml(state, selectedId, view)}` +
    `<main class="detail" aria-labelledby="detail-heading">${detail}</main></div>`
  );
}
