// When diagnostics are computed. An edited document is checked on the next tick, never behind a
// fixed delay. The check waits one more turn of the event loop so that a change already queued by
// the JSON-RPC connection (which handles one message per turn) is seen first: the check for the
// superseded version is then dropped, and a burst of queued edits costs one check.
//
// When a file that requests may name changes, the requests that name it are re-checked (the
// fan-out) with no batch interval either: it starts two turns later, as a document check does,
// after the changed document's own check. It runs in slices of FAN_OUT_SLICE requests, one slice
// per turn, and a slice waits while a document check is due, so typing elsewhere is not queued
// behind a thousand re-checks. A change that arrives during a fan-out adds its dependants to the
// same queue: one still waiting is checked once, against the newest text, and only those already
// re-checked go again. So changes queued together re-check each dependant once.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathOfUri } from './documentPaths';
import type { Timer } from './serverRuntime';

/** How many dependants a fan-out re-checks per turn of the event loop. */
export const FAN_OUT_SLICE = 64;

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
  /** Files changed since their dependants were last put in the queue. */
  private readonly changedFiles = new Set<string>();
  /** Requests waiting to be re-checked, in order. */
  private readonly queue = new Set<string>();
  private sliceBooked = false;
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

  /** Re-checks every request that names `file`, starting two turns from now. */
  fanOutSoon(file: string): void {
    if (this.disposed) return;
    this.changedFiles.add(file);
    if (this.sliceBooked) return; // the next slice takes this change in
    this.sliceBooked = true;
    this.host.timer.setImmediate(() => {
      if (this.disposed) return;
      this.host.timer.setImmediate(() => this.runSlice());
    });
  }

  /** Whether an open document's check is due (background work lets it go first). */
  get documentCheckDue(): boolean {
    return this.scheduled.size > 0;
  }

  dispose(): void {
    this.disposed = true;
    this.changedFiles.clear();
    this.queue.clear();
    this.scheduled.clear();
  }

  private runSlice(): void {
    this.sliceBooked = false;
    if (this.disposed) return;
    if (!this.documentCheckDue) {
      for (const file of this.changedFiles) {
        this.host.runGuarded(`finding the requests that name ${file}`, () => {
          for (const request of this.host.dependentsOf(file)) this.queue.add(request);
        });
      }
      this.changedFiles.clear();
      let budget = FAN_OUT_SLICE;
      for (const request of this.queue) {
        if (budget-- === 0) break;
        this.queue.delete(request);
        this.host.runGuarded(`re-checking ${request}`, () => this.host.publish(request));
      }
    }
    if (this.queue.size > 0 || this.changedFiles.size > 0) {
      this.sliceBooked = true;
      this.host.timer.setImmediate(() => this.runSlice());
    }
  }
}
