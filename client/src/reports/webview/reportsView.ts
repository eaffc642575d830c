// The reports page's script (bundled to dist/reportsView.js, runs inside the webview). It reads the
// embedded state, re-renders with the same pure renderer as the extension on every newer `state`
// message, asks for a snapshot whenever the page becomes visible, posts the user's choices, keeps
// focus on the control the user was on, and announces new reports in the live region.

import { renderReportsBody } from '../reportsBody';
import { STATE_ELEMENT_ID, stateProblem } from '../reportsPageProtocol';
import type { ReportsPageState } from '../reportsPageState';
import { ReportsPageSession } from '../reportsPageSession';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What had focus before a re-render, so that the same control gets it back afterwards. */
type FocusKey = { kind: 'row'; requestId: string } | { kind: 'raw' } | { kind: 'section'; section: string };

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const announcer = document.getElementById('announcer');

function initialState(): ReportsPageState {
  const element = document.getElementById(STATE_ELEMENT_ID);
  let reason: string;
  try {
    const value: unknown = JSON.parse(element?.textContent ?? '');
    const problem = stateProblem(value);
    if (!problem) return value as ReportsPageState;
    reason = problem;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  return {
    seq: -1,
    requests: [],
    notices: [`The page could not read its initial state (${reason}); waiting for the extension to send it.`],
  };
}

const session = new ReportsPageSession(initialState(), vscode.getState());

function focusKey(): FocusKey | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLButtonElement) || !app.contains(active)) return undefined;
  const action = active.dataset.action;
  if (action === 'select') {
    const requestId = session.requestIdAt(Number(active.dataset.index));
    return requestId === undefined ? undefined : { kind: 'row', requestId };
  }
  if (action === 'raw') return { kind: 'raw' };
  if ((action === 'expand' || action === 'collapse') && active.dataset.section) return { kind: 'section', section: active.dataset.section };
  return undefined;
}

function buttonFor(key: FocusKey): HTMLButtonElement | undefined {
  for (const button of app.querySelectorAll('button[data-action]')) {
    if (!(button instanceof HTMLButtonElement)) continue;
    const { action, index, section } = button.dataset;
    if (key.kind === 'row' && action === 'select' && session.requestIdAt(Number(index)) === key.requestId) return button;
    if (key.kind === 'raw' && action === 'raw') return button;
    if (key.kind === 'section' && (action === 'expand' || action === 'collapse') && section === key.section) return button;
  }
  return undefined;
}

function render(focus: FocusKey | undefined): void {
  const scroll = document.scrollingElement;
  const top = scroll?.scrollTop ?? 0;
  try {
    app.innerHTML = renderReportsBody(session.state, session.view);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    app.textContent =
      `The reports view could not show this update (${message}). ` +
      'The report files under .alloy/reports/ and the Alloy output channel still have everything.';
  }
  if (scroll) scroll.scrollTop = top;
  if (focus) buttonFor(focus)?.focus({ preventScroll: true });
}

function announce(text: string): void {
  if (announcer) announcer.textContent = text;
}

function save(): void {
  vscode.setState(session.saved());
}

app.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!(target instanceof HTMLButtonElement)) return;
  const { action, index, section } = target.dataset;
  if (action === 'select') {
    const message = session.select(Number(index));
    if (!message) return;
    save();
    render({ kind: 'row', requestId: message.requestId });
    vscode.postMessage(message);
  } else if (action === 'raw') {
    const message = session.openRaw();
    if (message) vscode.postMessage(message);
  } else if ((action === 'expand' || action === 'collapse') && section) {
    session.setExpanded(section, action === 'expand');
    save();
    render({ kind: 'section', section });
  }
});

window.addEventListener('message', (event: MessageEvent) => {
  const focus = focusKey();
  const result = session.receive(event.data);
  if (result.applied) {
    render(focus);
    if (result.announcement) announce(result.announcement);
  } else if (!result.stale && result.shown) {
    render(focus);
  }
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') vscode.postMessage(session.becameVisible());
});

render(undefined);
save();
for (const message of session.start()) vscode.postMessage(message);
