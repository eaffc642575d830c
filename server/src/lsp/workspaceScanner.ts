// The start-up scan: every `.alloy/` data file of every workspace folder is analysed and
// published, with work-done progress when the client shows it. The scan works in slices of
// SCAN_SLICE files, one slice per turn of the event loop, and lets a due document check go first,
// so that edits keep their next-tick diagnostics; it stops when the workspace is replaced.
// Progress is reported when its percentage changes (at most about 100 reports, not one per file).
// What the walk could not list (a folder) or left out on purpose (a link out of the folder) goes to
// the server's log, in the words `alloy check` prints, so that nothing is left out silently.
// `settled` is what answers from the index (references, workspace symbols) wait for.

import type { CancellationToken } from 'vscode-languageserver/node';
import { unlistedFolderText, walkAlloyFiles } from '../core';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { logFailure } from './handlerGuard';
import type { ServerContext } from './serverContext';

/** How many files the scan analyses per turn of the event loop. */
export const SCAN_SLICE = 32;

export class WorkspaceScanner {
  private generation = 0;
  /** The scan in progress, if any. */
  private running: Promise<number> | undefined;
  private deciding: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
    /** Whether an open document's check is waiting (the scan then waits a turn). */
    private readonly documentCheckDue: () => boolean = () => false,
  ) {}

  /** Stops a scan in progress (the workspace was replaced or the server is shutting down). */
  cancel(): void {
    this.generation++;
  }

  private nextTurn(): Promise<void> {
    return new Promise((resolve) => this.context.runtime.timer.setImmediate(resolve));
  }

  /** Until `deciding` settles (settings are being read), a scan may be about to start. */
  startsAfter(deciding: Promise<unknown>): Promise<unknown> {
    this.deciding = deciding;
    return deciding;
  }

  /**
   * Resolves once no scan is in progress or about to start, or when the request is cancelled:
   * answers built from the brief → requests index (references, workspace symbols) wait for it, so
   * they are never a partial list.
   */
  settled(token?: CancellationToken): Promise<void> {
    return new Promise<void>((resolve) => {
      const waiting = token?.onCancellationRequested(() => resolve());
      void this.idle().finally(() => {
        waiting?.dispose();
        resolve();
      });
    });
  }

  private async idle(): Promise<void> {
    await this.deciding.catch(() => undefined);
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Analyses every Alloy file of the workspace folders; resolves with the number of files seen. */
  async scan(): Promise<number> {
    const run = this.run();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async run(): Promise<number> {
    const generation = ++this.generation;
    const { connection } = this.context;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Alloy', 0, 'Looking for .alloy files…');
    let count = 0;
    let reported = 0;
    try {
      const files: string[] = [];
      for (const folder of this.context.folders) {
        const walked = await walkAlloyFiles(folder, this.context.runtime.directoryLister);
        files.push(...walked.files);
        for (const dir of walked.unlisted) connection.console.warn(`Alloy: ${dir}: ${unlistedFolderText(dir)}`);
        for (const skipped of walked.skipped) connection.console.info(`Alloy: ${skipped.path}: skipped, ${skipped.reason}`);
      }
      while (count < files.length && generation === this.generation) {
        if (this.documentCheckDue()) {
          await this.nextTurn();
          continue;
        }
        for (const end = Math.min(files.length, count + SCAN_SLICE); count < end; count++) {
          const file = files[count];
          if (this.context.isOpen(file)) continue;
          try {
            this.publisher.publish(file);
          } catch (error) {
            logFailure(connection, `analysing ${file}`, error);
          }
        }
        const percentage = Math.round((100 * count) / files.length);
        if (percentage !== reported) {
          reported = percentage;
          progress?.report(percentage, `Analysed ${count} of ${files.length} files`);
        }
        await this.nextTurn();
      }
    } finally {
      progress?.done();
    }
    return count;
  }
}
