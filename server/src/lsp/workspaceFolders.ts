// The folders the server analyses: read from initialize, updated by
// `workspace/didChangeWorkspaceFolders`. A change starts the workspace over (caches and the
// reverse brief index are rebuilt by re-checking open documents and re-scanning).

import * as path from 'node:path';
import type { InitializeParams, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { isInside } from '../core';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import type { DiagnosticsScheduler } from './diagnosticsScheduler';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';
import type { WorkspaceScanner } from './workspaceScanner';

export function initialFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const folders = uris.map(pathOfUri).filter((f): f is string => f !== undefined);
  if (folders.length === 0 && params.rootPath) folders.push(path.resolve(params.rootPath));
  return folders;
}

export function changeFolders(
  context: ServerContext,
  publisher: DiagnosticsPublisher,
  scheduler: DiagnosticsScheduler,
  scanner: WorkspaceScanner,
  event: WorkspaceFoldersChangeEvent,
): void {
  const removed = event.removed.map((f) => pathOfUri(f.uri)).filter((f): f is string => f !== undefined);
  const added = event.added.map((f) => pathOfUri(f.uri)).filter((f): f is string => f !== undefined);
  scanner.cancel();
  for (const folder of removed) {
    for (const file of publisher.knownFilesAt(folder)) if (!context.isOpen(file)) publisher.clear(file);
  }
  const folders = context.folders.filter((f) => !removed.some((r) => isInside(r, f) && isInside(f, r)));
  for (const folder of added) if (!folders.includes(folder)) folders.push(folder);
  context.resetWorkspace(folders);
  for (const document of context.documents.all()) scheduler.checkDocumentSoon(document);
  if (context.analyzeWorkspace) void scanner.scan();
}
