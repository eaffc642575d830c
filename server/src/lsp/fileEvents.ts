// Files created, changed, deleted or renamed on disk (file watcher and file-operation
// notifications). The disk cache is invalidated, the file itself is re-published when it is not
// open (open editor text wins), and the requests that name it are re-checked.

import * as path from 'node:path';
import { isScannedFile, listAlloyFiles } from '../core';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import type { DiagnosticsScheduler } from './diagnosticsScheduler';
import { logFailure } from './handlerGuard';
import type { ServerContext } from './serverContext';

export class FileEvents {
  constructor(
    private readonly context: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
    private readonly scheduler: DiagnosticsScheduler,
  ) {}

  /** A file was written (or a folder appeared) on disk. */
  changed(target: string): void {
    const file = path.resolve(target);
    if (this.context.host.isDirectory(file)) {
      this.folderAppeared(file);
      return;
    }
    this.context.workspace.invalidate(file);
    if (!this.context.isOpen(file) && this.shouldAnalyse(file)) this.publisher.publish(file);
    this.scheduler.fanOutSoon(file);
  }

  created(target: string): void {
    this.changed(target);
  }

  /** A file or folder is gone: everything known at or below it is forgotten. */
  deleted(target: string): void {
    const root = path.resolve(target);
    const files = new Set([root, ...this.publisher.knownFilesAt(root)]);
    for (const file of files) {
      this.context.workspace.forget(file);
      if (this.context.isOpen(file)) this.publisher.publish(file);
      else this.publisher.clear(file);
      this.scheduler.fanOutSoon(file);
    }
  }

  renamed(from: string, to: string): void {
    this.deleted(from);
    this.created(to);
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
      .then((files) => {
        for (const file of files) {
          this.context.workspace.invalidate(file);
          if (!this.context.isOpen(file) && this.shouldAnalyse(file)) this.publisher.publish(file);
          this.scheduler.fanOutSoon(file);
        }
      })
      .catch((error: unknown) => logFailure(this.context.connection, `analysing the new folder ${folder}`, error));
  }
}
