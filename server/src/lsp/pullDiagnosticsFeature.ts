// Pull diagnostics (textDocument/diagnostic, workspace/diagnostic) for a client that announces
// `textDocument.diagnostic`, unless it passes the initialization option `pullDiagnostics: false`;
// push (publishDiagnostics) otherwise. Both modes give the same lists, because the pulled lists are
// the publisher's: the publisher stops pushing, and each list it would
// have sent is kept here with a result id (the same id while the list is unchanged).
//
// - A document pull checks the file now (the publisher's check, so the newest text counts) and
//   answers with its list, or `unchanged` when the client's previous result id is current.
// - A workspace pull answers with every file the publisher has a list for (the start-up scan's
//   files, the open ones, those disk events re-checked), `unchanged` where the client's result id
//   is current; a file taken back (deleted, no longer an Alloy file) is reported empty once. When
//   nothing is new to the client the pull is held until something is (a long poll).
// - When a list the client was given changes without the client asking (a brief's edit re-checks
//   the requests naming it), the server sends `workspace/diagnostic/refresh` if the client
//   supports it, once the changes have settled (one turn of the event loop without a new one).

import type {
  CancellationToken,
  Connection,
  Diagnostic,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  PublishDiagnosticsParams,
  WorkspaceDiagnosticParams,
  WorkspaceDocumentDiagnosticReport,
  WorkspaceDiagnosticReport,
} from 'vscode-languageserver/node';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { pathOfUri } from './documentPaths';
import { guarded, logFailure } from './handlerGuard';
import type { ServerContext } from './serverContext';

/** What the server announces when the client pulls. */
export const DIAGNOSTIC_PROVIDER = { identifier: 'alloy', interFileDependencies: true, workspaceDiagnostics: true } as const;

/** The server → client request that makes the client pull again. */
export const DIAGNOSTIC_REFRESH = 'workspace/diagnostic/refresh';

interface Entry {
  resultId: string;
  /** The list as JSON, to tell a changed list from the same one. */
  json: string;
  diagnostics: Diagnostic[];
  /** Taken back by the publisher (deleted, or no longer an Alloy file): reported empty once, then dropped. */
  cleared: boolean;
}

export class PullDiagnostics {
  /** Whether the client pulls (decided at initialize, from ClientSupport.pullDiagnostics). */
  active = false;
  private refreshSupported = false;
  /** uri → the publisher's latest list for it. */
  private readonly entries = new Map<string, Entry>();
  /** uri → the result id the client was last given. */
  private readonly reported = new Map<string, string>();
  /** uris whose list changed since the client was last given it. */
  private readonly stale = new Set<string>();
  private workspacePulled = false;
  private nextId = 0;
  /** The file a document pull is checking right now, and the uri its list went to. */
  private capture: { file: string; uri?: string } | undefined;
  private changedThisTurn = false;
  /** Held workspace pulls: each answers (and returns true) when it has news. */
  private readonly waiters = new Set<(cancelled: boolean) => boolean>();
  private settling = false;

  constructor(
    private readonly context: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
  ) {}

  /** Called at initialize, once the client's support is known: a pulling client gets no pushed lists. */
  start(): void {
    this.active = this.context.support?.pullDiagnostics === true;
    this.refreshSupported = this.context.support?.diagnosticRefresh === true;
    if (!this.active) return;
    this.publisher.stopPushing();
    this.publisher.onSent((sent) => this.noteSent(sent));
  }

  /** Registers the two pull requests on the connection. */
  listen(connection: Connection): void {
    const empty: DocumentDiagnosticReport = { kind: 'full', items: [] };
    connection.languages.diagnostics.on(guarded(connection, 'pulling diagnostics', empty, (params) => this.pullDocument(params)));
    connection.languages.diagnostics.onWorkspace(
      guarded(connection, 'pulling workspace diagnostics', { items: [] }, (params, token) => this.pullWorkspace(params, token)),
    );
  }

  pullDocument(params: DocumentDiagnosticParams): DocumentDiagnosticReport {
    const file = pathOfUri(params.textDocument.uri);
    if (!file || !this.active) return { kind: 'full', items: [] };
    const capture: { file: string; uri?: string } = { file };
    this.capture = capture;
    try {
      this.publisher.publish(file);
    } finally {
      this.capture = undefined;
    }
    const entry = capture.uri === undefined ? undefined : this.entries.get(capture.uri);
    if (capture.uri === undefined || !entry) return { kind: 'full', items: [] };
    this.given(capture.uri, entry);
    if (params.previousResultId === entry.resultId) return { kind: 'unchanged', resultId: entry.resultId };
    return { kind: 'full', resultId: entry.resultId, items: entry.diagnostics };
  }

  /**
   * Answers at once when some file's list differs from the client's (or is new to it); when none
   * does, the request is held (a long poll) until a list changes or the client cancels it, so a
   * client that polls is not sent every file's `unchanged` report again and again.
   */
  pullWorkspace(
    params: WorkspaceDiagnosticParams,
    token?: CancellationToken,
  ): WorkspaceDiagnosticReport | Promise<WorkspaceDiagnosticReport> {
    if (!this.active) return { items: [] };
    this.workspacePulled = true;
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    if (!token || this.hasNews(previous)) return this.workspaceReport(previous);
    return new Promise((resolve) => {
      const waiter = (cancelled: boolean) => {
        if (!cancelled && !this.hasNews(previous)) return false;
        subscription.dispose();
        resolve(this.workspaceReport(previous));
        return true;
      };
      const subscription = token.onCancellationRequested(() => {
        this.waiters.delete(waiter);
        waiter(true);
      });
      this.waiters.add(waiter);
    });
  }

  /** Whether a workspace report would tell the client anything new. */
  private hasNews(previous: Map<string, string>): boolean {
    // A uri the client names that has no entry was reported empty before it was dropped: no news.
    for (const [uri, entry] of this.entries) {
      if (entry.cleared || previous.get(uri) !== entry.resultId) return true;
    }
    return false;
  }

  private workspaceReport(previous: Map<string, string>): WorkspaceDiagnosticReport {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [uri, entry] of [...this.entries]) {
      const version = this.context.documents.get(uri)?.version ?? null;
      if (previous.get(uri) === entry.resultId) items.push({ kind: 'unchanged', uri, version, resultId: entry.resultId });
      else items.push({ kind: 'full', uri, version, resultId: entry.resultId, items: entry.diagnostics });
      this.given(uri, entry);
    }
    return { items };
  }

  /** The client now has this entry's list. */
  private given(uri: string, entry: Entry): void {
    this.stale.delete(uri);
    if (entry.cleared) {
      this.entries.delete(uri);
      this.reported.delete(uri);
    } else {
      this.reported.set(uri, entry.resultId);
    }
  }

  /** A list the publisher would have pushed. */
  private noteSent(sent: PublishDiagnosticsParams): void {
    const { uri, diagnostics } = sent;
    const file = pathOfUri(uri);
    const cleared = diagnostics.length === 0 && (file === undefined || !this.publisher.isPublished(file));
    const json = JSON.stringify(diagnostics);
    const previous = this.entries.get(uri);
    const entry: Entry =
      previous && previous.json === json ? { ...previous, cleared } : { resultId: `${++this.nextId}`, json, diagnostics, cleared };
    if (cleared && !this.reported.has(uri)) {
      // The client never had a list for it: nothing to take back.
      this.entries.delete(uri);
      this.stale.delete(uri);
      return;
    }
    this.entries.set(uri, entry);
    if (this.capture && file === this.capture.file) {
      this.capture.uri = uri; // a document pull answers with it right away
      return;
    }
    const given = this.reported.get(uri);
    const newToClient = given === undefined && this.workspacePulled;
    const differs = given !== undefined && (given !== entry.resultId || cleared);
    if ((newToClient || differs) && !this.stale.has(uri)) {
      this.stale.add(uri);
      this.changed();
    }
  }

  /**
   * A list the client has changed: once a turn passes without another change, held workspace pulls
   * answer and (when the client supports it) a refresh is sent.
   */
  private changed(): void {
    this.changedThisTurn = true;
    if (this.settling) return;
    this.settling = true;
    const settle = () => {
      if (this.changedThisTurn) {
        this.changedThisTurn = false;
        this.context.runtime.timer.setImmediate(settle);
        return;
      }
      this.settling = false;
      for (const waiter of [...this.waiters]) if (waiter(false)) this.waiters.delete(waiter);
      if (!this.refreshSupported || this.stale.size === 0) return; // nothing the client has not pulled meanwhile
      // `languages.diagnostics.refresh()` is typed void, so the request is sent by its name to see a failure.
      this.context.connection
        .sendRequest(DIAGNOSTIC_REFRESH)
        .catch((error: unknown) => logFailure(this.context.connection, 'asking the client to pull diagnostics again', error));
    };
    this.context.runtime.timer.setImmediate(settle);
  }
}
