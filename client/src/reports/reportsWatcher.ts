// Live updates from report files (SPEC §8.1): a FileSystemWatcher on `**/.alloy/reports/**` tells
// the model about the repository root and asks it to re-read, so a report written by Foundry, by
// another window's receiver or by hand shows without a refresh.

import { workspace, type Disposable, type Uri } from 'vscode';
import { reportsRootOf } from '../state/workspaceIndex';

export function watchReports(onReportFile: (root: string, file: string) => void): Disposable[] {
  const watcher = workspace.createFileSystemWatcher('**/.alloy/reports/**');
  const seen = (uri: Uri) => {
    if (uri.scheme !== 'file') return;
    const root = reportsRootOf(uri.fsPath);
    if (root !== undefined) onReportFile(root, uri.fsPath);
  };
  return [watcher, watcher.onDidCreate(seen), watcher.onDidChange(seen), watcher.onDidDelete(seen)];
}
