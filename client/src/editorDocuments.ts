// Keeps the extension host's workspace index in step with the editor: open documents' text over
// disk text (the same overlays the language server gets), and `.alloy/` requests and briefs
// created, changed or deleted on disk (report files are reportsWatcher.ts's).

import { workspace, type Disposable, type TextDocument } from 'vscode';
import { formatOfPath } from '../../server/src/core';
import type { WorkspaceIndex } from './state/workspaceIndex';
import { reportsRootOf } from './state/workspaceIndex';

export interface DocumentSyncDeps {
  index: WorkspaceIndex;
}

function tracked(document: TextDocument): boolean {
  return document.uri.scheme === 'file' && formatOfPath(document.uri.fsPath) !== undefined;
}

export function syncEditorDocuments(deps: DocumentSyncDeps): Disposable[] {
  const { index } = deps;
  for (const document of workspace.textDocuments) if (tracked(document)) index.setOverlay(document.uri.fsPath, document.getText());
  const watcher = workspace.createFileSystemWatcher('**/.alloy/**/*.{json,yaml,yml}');
  const onDisk = (fsPath: string, deleted: boolean) => {
    if (reportsRootOf(fsPath) !== undefined || formatOfPath(fsPath) === undefined) return;
    if (deleted) index.fileDeleted(fsPath);
    else index.fileChanged(fsPath);
  };
  return [
    workspace.onDidOpenTextDocument((d) => tracked(d) && index.setOverlay(d.uri.fsPath, d.getText())),
    workspace.onDidChangeTextDocument((e) => tracked(e.document) && index.setOverlay(e.document.uri.fsPath, e.document.getText())),
    workspace.onDidCloseTextDocument((d) => tracked(d) && index.removeOverlay(d.uri.fsPath)),
    watcher,
    watcher.onDidCreate((uri) => onDisk(uri.fsPath, false)),
    watcher.onDidChange((uri) => onDisk(uri.fsPath, false)),
    watcher.onDidDelete((uri) => onDisk(uri.fsPath, true)),
  ];
}
