// When diagnostics are computed. An edited document is checked on the next tick, never behind a
// fixed delay. The check waits one more turn of the event loop so that a change already queued
// by the JSON-RPC connection (which handles one message per turn) is seen first: the check for
// the superseded version is then dropped, and a burst of queued edits costs one check. When a file that requests may name
// changes, the re-check of those requests (the fan-out) is batched over a short interval, so a
// burst of keystrokes in a brief re-checks each dependant once.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { pathOfUri } from './documentPaths';
import { runGuarded } from './handlerGuard';
import type { ServerContext } from './serverContext';

/** How long brief changes are collected before their dependants are re-checked. */
export const FAN_OUT_DELAY_MS = 30;

export class DiagnosticsScheduler {
  /** uri → the document version whose check is scheduled. */
  private readonly scheduled = new Map<string, number>();
  private readonly changedFiles = new Set<string>();
  private fanOutTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly context: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
  ) {}

  /** Checks an open document on the next tick, unless it has changed again by then. */
  checkDocumentSoon(document: TextDocument): void {
    const file = pathOfUri(document.uri);
    if (!file || this.disposed) return;
    const { uri, version } = document;
    this.scheduled.set(uri, version);
    const superseded = () => this.disposed || this.scheduled.get(uri) !== version;
    setImmediate(() => {
      if (superseded()) return;
      setImmediate(() => {
        if (superseded()) return; // a newer version has its own check queued
        this.scheduled.delete(uri);
        const current = this.context.documents.get(uri);
        if (!current || current.version !== version) return;
        runGuarded(this.context.connection, `checking ${uri}`, () => this.publisher.publish(file));
      });
    });
  }

  /** Re-checks, after a short batch interval, every request that names `file`. */
  fanOutSoon(file: string): void {
    if (this.disposed) return;
    this.changedFiles.add(file);
    this.fanOutTimer ??= setTimeout(() => this.fanOut(), FAN_OUT_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.fanOutTimer) clearTimeout(this.fanOutTimer);
    this.fanOutTimer = undefined;
    this.changedFiles.clear();
    this.scheduled.clear();
  }

  private fanOut(): void {
    this.fanOutTimer = undefined;
    const changed = [...this.changedFiles];
    this.changedFiles.clear();
    const done = new Set<string>();
    for (const file of changed) {
      for (const request of this.context.workspace.dependentsOf(file)) {
        if (done.has(request)) continue;
        done.add(request);
        runGuarded(this.context.connection, `re-checking ${request}`, () => this.publisher.publish(request));
      }
    }
  }
}
