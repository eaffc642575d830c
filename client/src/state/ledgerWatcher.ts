// Watches the shared ledger file (usually outside the workspace, e.g. ~/.local/state/alloy/), so
// that a submission from another window or the CLI shows here at once, also when the ledger and
// its folder do not exist yet (ledgerWatchTarget.ts). Re-created when the ledger path changes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { RelativePattern, Uri, workspace, type Disposable } from 'vscode';
import { ledgerWatchTarget } from './ledgerWatchTarget';

function folderExists(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

export class LedgerWatcher implements Disposable {
  private current: Disposable[] = [];
  private watched: string | undefined;

  constructor(private readonly onChange: () => void) {}

  watch(ledgerFile: string | undefined): void {
    if (ledgerFile === this.watched) return;
    this.watched = ledgerFile;
    this.arm();
  }

  /** Watches the ledger, or the next folder on the way to it; moves on when that folder appears or goes. */
  private arm(): void {
    this.disposeWatchers();
    const ledgerFile = this.watched;
    if (ledgerFile === undefined || !path.isAbsolute(ledgerFile)) return;
    const target = ledgerWatchTarget(ledgerFile, folderExists);
    const watcher = workspace.createFileSystemWatcher(new RelativePattern(Uri.file(target.folder), target.name));
    if (target.isLedger) {
      const changed = () => this.onChange();
      // The ledger's folder removed: its watcher is dead, so wait for the folder again.
      const deleted = () => {
        if (!folderExists(target.folder)) this.arm();
        this.onChange();
      };
      this.current = [watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(deleted)];
      return;
    }
    // A folder on the way appeared: watch one step closer. The ledger may already be in it.
    const appeared = () => {
      this.arm();
      this.onChange();
    };
    this.current = [watcher, watcher.onDidCreate(appeared)];
  }

  private disposeWatchers(): void {
    for (const d of this.current.splice(0)) d.dispose();
  }

  dispose(): void {
    this.disposeWatchers();
  }
}
