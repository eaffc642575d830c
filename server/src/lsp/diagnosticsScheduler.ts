// When diagnostics are computed. An edited document is checked on the next tick, never behind a
// fixed delay. The check waits one more turn of the event loop so that a change already queued by
// the JSON-RPC connection (which handles one message per turn) is seen first: the check for the
// superseded version is then dropped, and a burst of queued edits costs one check. When a file
// that requests may name changes, the re-check of those requests (the fan-out) is batched over a
// short interval, so a burst of keystrokes in a brief re-checks each dependant once.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathOfUri } from './documentPaths';
import type { Cancellable, Timer } from './serverRuntime';

/** How long brief changes are collected before their dependants are re-checked. */
export const FAN_OUT_DELAY_MS = 30;

/** The little the scheduler needs from the rest of the server. */
export interface SchedulerHost {
  timer: Timer;
  /** The open document's current version, or undefined when it is closed. */
  versionOf(uri: string): number | undefined;
  /** Requests that named this file at their last check. */
  dependentsOf(file: string): string[];
  /** Checks a file and publishes its diagnostics. */
  publish(file: string): void;
  /** Runs background work, logging a failure instead of throwing. */
  runGuarded(what: string, work: () => void): void;
}

export class DiagnosticsScheduler {
  /** uri → the document version whose check is scheduled. */
  private readonly scheduled = new Map<string, number>();
  private readonly changedFiles = new Set<string>();
  private fanOutTimer: Cancellable | undefined;
  private disposed = false;

  constructor(private readonly host: SchedulerHost) {}

  /** Checks an open document on the next tick, unless it has changed again by then. */
  checkDocumentSoon(document: Pick<TextDocument, 'uri' | 'version'>): void {
    const file = pathOfUri(document.uri);
    if (!file || this.disposed) return;
    const { uri, version } = document;
    this.scheduled.set(uri, version);
    const superseded = () => this.disposed || this.scheduled.get(uri) !== version;
    this.host.timer.setImmediate(() => {
      if (superseded()) return;
      this.host.timer.setImmediate(() => {
        if (superseded()) return; // a newer version has its own check queued
        this.scheduled.delete(uri);
        if (this.host.versionOf(uri) !== version) return;
        this.host.runGuarded(`checking ${uri}`, () => this.host.publish(file));
      });
    });
  }

  /** Re-checks, after a short batch interval, every request that names `file`. */
  fanOutSoon(file: string): void {
    if (this.disposed) return;
    this.changedFiles.add(file);
    this.fanOutTimer ??= this.host.timer.setTimeout(() => this.fanOut(), FAN_OUT_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.fanOutTimer?.cancel();
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
      for (const request of this.host.dependentsOf(file)) {
        if (done.has(request)) continue;
        done.add(request);
        this.host.runGuarded(`re-checking ${request}`, () => this.host.publish(request));
      }
    }
  }
}
