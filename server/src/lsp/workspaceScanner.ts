// The start-up scan: every `.alloy/` data file of every workspace folder is analysed and
// published, with work-done progress when the client shows it. The scan yields between files so
// that edits keep their next-tick diagnostics, and stops when the workspace is replaced.

import { listAlloyFiles } from '../core';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { logFailure } from './handlerGuard';
import type { ServerContext } from './serverContext';

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceScanner {
  private generation = 0;

  constructor(
    private readonly context: ServerContext,
    private readonly publisher: DiagnosticsPublisher,
  ) {}

  /** Stops a scan in progress (the workspace was replaced or the server is shutting down). */
  cancel(): void {
    this.generation++;
  }

  /** Analyses every Alloy file of the workspace folders; resolves with the number of files seen. */
  async scan(): Promise<number> {
    const generation = ++this.generation;
    const { connection } = this.context;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Alloy', 0, 'Looking for .alloy files…');
    let count = 0;
    try {
      const files: string[] = [];
      for (const folder of this.context.folders) files.push(...(await listAlloyFiles(folder, this.context.runtime.directoryLister)));
      for (const file of files) {
        if (generation !== this.generation) break;
        if (!this.context.isOpen(file)) {
          try {
            this.publisher.publish(file);
          } catch (error) {
            logFailure(connection, `analysing ${file}`, error);
          }
        }
        count++;
        progress?.report(Math.round((100 * count) / files.length), `Analysed ${count} of ${files.length} files`);
        await nextTick();
      }
    } finally {
      progress?.done();
    }
    return count;
  }
}
