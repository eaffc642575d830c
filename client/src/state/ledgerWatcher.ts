// Watches the shared ledger file (usually outside the workspace, e.g. ~/.local/state/alloy/), so
// that a submission from another window or the CLI shows here at once, also when the ledger and
// its folder do not exist yet (ledgerWatchTarget.ts). Re-created when the ledger path changes.

import * as path from 'node:path';
import { FileType, RelativePattern, Uri, workspace, type Disposable } from 'vscode';
import { ledgerWatchTarget } from './ledgerWatchTarget';

async function folderExists(folder: string): Promise<boolean> {
  try {
    return ((await workspace.fs.stat(Uri.file(folder))).type & FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

export class LedgerWatcher implements Disposable {
  private current: Disposable[] = [];
  private watched: string | undefined;
  /** Counts arms: one that finishes after a later one started is dropped. */
  private generation = 0;

  constructor(private readonly onChange: () => void) {}

  watch(ledgerFile: string | undefined): void {
    if (ledgerFile === this.watched) return;
    this.watched = ledgerFile;
    void this.arm();
  }

  /** Watches the ledger, or the next folder on the way to it; moves on when that folder appears or goes. */
  private async arm(): Promise<void> {
    const generation = ++this.generation;
    this.disposeWatchers();
    const ledgerFile = this.watched;
    if (ledgerFile === undefined || !path.isAbsolute(ledgerFile)) return;
    const target = await ledgerWatchTarget(ledgerFile, folderExists);
    if (generation !== this.generation) return;
    const watcher = workspace.createFileSystemWatcher(new RelativePattern(Uri.file(target.folder), target.name));
    if (target.isLedger) {
      const changed = () => this.onChange();
      // The ledger's folder removed: its watcher is dead, so wait for the folder again.
      const deleted = async () => {
        this.onChange();
        if (!(await folderExists(target.folder)) && generation === this.generation) await this.arm();
      };
      this.current = [watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(deleted)];
      return;
    }
    // A folder on the way appeared: watch one step closer. The ledger may already be in it.
    const appeared = async () => {
      await this.arm();
      this.onChange();
    };
    this.current = [watcher, watcher.onDidCreate(appeared)];
  }

  private disposeWatchers(): void {
    for (const d of this.current.splice(0)) d.dispose();
  }

  dispose(): void {
    this.generation++;
    this.disposeWatchers();
  }
}
