// Watches the shared ledger file (usually outside the workspace, e.g. ~/.local/state/alloy/), so
// that a submission from another window or the CLI shows here at once. Re-created when the ledger
// path changes.

import * as path from 'node:path';
import { RelativePattern, Uri, workspace, type Disposable } from 'vscode';

export class LedgerWatcher implements Disposable {
  private current: Disposable[] = [];
  private watched: string | undefined;

  constructor(private readonly onChange: () => void) {}

  watch(ledgerFile: string | undefined): void {
    if (ledgerFile === this.watched) return;
    this.disposeWatchers();
    this.watched = ledgerFile;
    if (ledgerFile === undefined || !path.isAbsolute(ledgerFile)) return;
    const watcher = workspace.createFileSystemWatcher(new RelativePattern(Uri.file(path.dirname(ledgerFile)), path.basename(ledgerFile)));
    const changed = () => this.onChange();
    this.current = [watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed)];
  }

  private disposeWatchers(): void {
    for (const d of this.current.splice(0)) d.dispose();
  }

  dispose(): void {
    this.disposeWatchers();
  }
}
