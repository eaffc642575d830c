// The one "Alloy Reports" webview panel: created beside the editor without taking focus, reused and
// revealed in the column it already has (never moved), restored after a reload by a serializer, no
// retainContextWhenHidden (the page asks for a snapshot when it is shown again), scripts only from
// dist/, a fresh random nonce per document. Every state sent carries a higher seq; page messages are
// checked against the page protocol and anything else is logged and dropped.

import { randomBytes } from 'node:crypto';
import { Uri, ViewColumn, window, type Disposable, type WebviewPanel } from 'vscode';
import type { AlloyLog } from '../log';
import { nonceFrom, renderReportsPage } from './reportsHtml';
import { checkFromPageMessage, type FromPageMessage, type StateMessage } from './reportsPageProtocol';
import type { ReportsPageState } from './reportsPageState';

export const REPORTS_VIEW_TYPE = 'alloy.reports';
const TITLE = 'Alloy Reports';

export interface ReportsPanelDeps {
  extensionUri: Uri;
  log: AlloyLog;
  /** The page state for this selection, numbered `seq`. */
  buildState(selectedId: string | undefined, seq: number): ReportsPageState;
  openRaw(requestId: string): Promise<void>;
}

function savedSelection(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const id = (state as Record<string, unknown>).selectedId;
  return typeof id === 'string' ? id : undefined;
}

export class ReportsPanelHost implements Disposable {
  private panel: WebviewPanel | undefined;
  private seq = 0;
  private state: ReportsPageState | undefined;
  private selectedId: string | undefined;
  private readonly disposables: Disposable[] = [];

  constructor(private readonly deps: ReportsPanelDeps) {
    this.disposables.push(
      window.registerWebviewPanelSerializer(REPORTS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved) => {
          this.selectedId = savedSelection(saved);
          this.deps.log.info('Reports panel restored after a reload.');
          this.adopt(panel);
        },
      }),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Shows the panel (creating it beside the editor the first time) without taking focus. */
  show(selectId?: string): void {
    if (selectId !== undefined) this.selectedId = selectId;
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.update();
      return;
    }
    const dist = Uri.joinPath(this.deps.extensionUri, 'dist');
    const panel = window.createWebviewPanel(
      REPORTS_VIEW_TYPE,
      TITLE,
      { viewColumn: ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist], enableFindWidget: true },
    );
    this.adopt(panel);
  }

  /** The snapshot changed: send the page a newer state (a hidden page asks for it when shown). */
  update(): void {
    if (!this.panel) return;
    this.state = this.build();
    this.post();
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private build(): ReportsPageState {
    this.seq++;
    const state = this.deps.buildState(this.selectedId, this.seq);
    if (state.selectedId !== undefined) this.selectedId = state.selectedId;
    return state;
  }

  private adopt(panel: WebviewPanel): void {
    this.panel = panel;
    const dist = Uri.joinPath(this.deps.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    this.state = this.build();
    try {
      panel.webview.html = renderReportsPage(this.state, {
        nonce: nonceFrom(randomBytes(16)),
        cspSource: panel.webview.cspSource,
        scriptUri: panel.webview.asWebviewUri(Uri.joinPath(dist, 'reportsView.js')).toString(),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`The reports panel could not be rendered: ${message}`);
      panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><p>The reports panel could not be rendered; see the Alloy output. The report files under .alloy/reports/ have everything.</p></body></html>`;
    }
    const subscriptions: Disposable[] = [
      panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      panel.onDidChangeViewState((event) => {
        if (event.webviewPanel.visible) this.post();
      }),
    ];
    panel.onDidDispose(() => {
      for (const d of subscriptions) d.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private post(): void {
    const panel = this.panel;
    const state = this.state;
    if (!panel || !state) return;
    const message: StateMessage = { type: 'state', seq: state.seq, state };
    void panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered)
          this.deps.log.debug(`Reports panel: state ${state.seq} not delivered (the page is hidden; it asks again when shown).`);
      },
      (error: unknown) => this.deps.log.warn(`Reports panel: could not send state ${state.seq}: ${String(error)}`),
    );
  }

  private receive(data: unknown): void {
    const checked = checkFromPageMessage(data);
    if (!checked.ok) {
      this.deps.log.warn(`Reports panel: a message from the page was dropped: ${checked.reason}.`);
      return;
    }
    this.handle(checked.message);
  }

  private handle(message: FromPageMessage): void {
    switch (message.type) {
      case 'ready':
      case 'snapshot':
        this.post();
        return;
      case 'select':
        this.selectedId = message.requestId;
        this.state = this.build();
        this.post();
        return;
      case 'openRaw':
        void this.deps
          .openRaw(message.requestId)
          .catch((error: unknown) => this.deps.log.error(`Could not open the raw report of ${message.requestId}: ${String(error)}`));
        return;
    }
  }
}
