// Files created, changed, deleted or renamed on disk (file watcher and file-operation
// notifications). The disk cache is invalidated, the file itself is re-published when it is not
// open (open editor text wins), and the requests that name it are re-checked.
//
// Events are applied in the order they came, in slices of FILE_EVENT_SLICE: the first slice at
// once, the rest one slice per turn of the event loop, each waiting while an open document's check
// is due. So one notification deleting thousands of files (a branch switch, `git clean`) leaves
// requests answered in between, and each event costs the same however many came with it.

import * as path from 'node:path';
import { isScannedFile, listAlloyFiles } from '../core';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import type { DiagnosticsScheduler } from './diagnosticsScheduler';
import { logFailure, runGuarded } from './handlerGuard';
import type { ServerContext } from './serverContext';

/** How many file events are applied per turn of the event loop. */
export const FILE_EVENT_SLICE = 256;

/** One change on disk: `changed` covers created files and folders too. */
export interface FileEvent {
  kind: 'changed' | 'deleted';
  path: string;
}

export class FileEvents {
  private queue: FileEvent[] = [];
  /** The index of the next event of `queue` to apply. */
  private next = 0;
  private sliceBooked = false;

  constructor(
    private readonly context: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
    private readonly scheduler: DiagnosticsScheduler,
  ) {}

  /** Events not applied yet. */
  get pending(): number {
    return this.queue.length - this.next;
  }

  /** Applies events in order after any still pending: one slice now, the rest in later turns. */
  apply(events: readonly FileEvent[]): void {
    for (const event of events) this.queue.push(event);
    if (!this.sliceBooked) this.runSlice(true);
  }

  /** A file was written (or a folder appeared) on disk. */
  changed(target: string): void {
    this.apply([{ kind: 'changed', path: target }]);
  }

  created(target: string): void {
    this.changed(target);
  }

  /** A file or folder is gone: everything known at or below it is forgotten. */
  deleted(target: string): void {
    this.apply([{ kind: 'deleted', path: target }]);
  }

  renamed(from: string, to: string): void {
    this.apply([
      { kind: 'deleted', path: from },
      { kind: 'changed', path: to },
    ]);
  }

  private runSlice(arriving = false): void {
    this.sliceBooked = false;
    if (arriving || !this.scheduler.documentCheckDue) {
      const end = Math.min(this.queue.length, this.next + FILE_EVENT_SLICE);
      while (this.next < end) {
        const event = this.queue[this.next++];
        runGuarded(this.context.connection, `handling the ${event.kind} file ${event.path}`, () =>
          event.kind === 'deleted' ? this.applyDeleted(event.path) : this.applyChanged(event.path),
        );
      }
      if (this.next === this.queue.length) {
        this.queue = [];
        this.next = 0;
      }
    }
    if (this.pending > 0) {
      this.sliceBooked = true;
      this.context.runtime.timer.setImmediate(() => this.runSlice());
    }
  }

  private applyChanged(target: string): void {
    const file = path.resolve(target);
    if (this.context.host.isDirectory(file)) {
      this.folderAppeared(file);
      return;
    }
    this.context.workspace.invalidate(file);
    if (!this.context.isOpen(file) && this.shouldAnalyse(file)) this.publisher.publish(file);
    this.scheduler.fanOutSoon(file);
  }

  private applyDeleted(target: string): void {
    const root = path.resolve(target);
    const files = new Set([root, ...this.publisher.knownFilesAt(root)]);
    for (const file of files) {
      this.context.workspace.forget(file);
      if (this.context.isOpen(file)) this.publisher.publish(file);
      else this.publisher.clear(file);
      this.scheduler.fanOutSoon(file);
    }
  }

  /** Unopened files are analysed when they belong to the scanned set or were shown before. */
  private shouldAnalyse(file: string): boolean {
    return this.publisher.isPublished(file) || (this.context.analyzeWorkspace && isScannedFile(file));
  }

  /** A folder created or moved in: its Alloy files are new, and requests may have named them. */
  private folderAppeared(folder: string): void {
    for (const known of this.publisher.knownFilesAt(folder)) {
      this.context.workspace.invalidate(known);
      this.scheduler.fanOutSoon(known);
    }
    listAlloyFiles(folder, this.context.runtime.directoryLister)
      .then((files) => this.apply(files.map((file) => ({ kind: 'changed', path: file }))))
      .catch((error: unknown) => logFailure(this.context.connection, `analysing the new folder ${folder}`, error));
  }
}
