// Disk events reach the server two ways: the client's file watcher
// (`workspace/didChangeWatchedFiles`, registered here when the client allows it) and the
// file-operation notifications for what the user does in the editor (create, rename, delete).

import type { FileOperationRegistrationOptions } from 'vscode-languageserver/node';
import { DidChangeWatchedFilesNotification, FileChangeType } from './lspLibrary';
import { pathOfUri } from './documentPaths';
import type { FileEvents } from './fileEvents';
import { guarded, logFailure } from './handlerGuard';
import type { ServerContext } from './serverContext';

/** The data files, plus `.alloy` folders themselves (a deleted folder is one event for all its files). */
const WATCHED_GLOBS = ['**/*.{json,yaml,yml}', '**/.alloy', '**/.alloy/**'];

export const FILE_OPERATION_FILTERS: FileOperationRegistrationOptions['filters'] = [
  { scheme: 'file', pattern: { glob: '**/*.{json,yaml,yml}', matches: 'file' } },
  { scheme: 'file', pattern: { glob: '**', matches: 'folder' } },
];

export function registerWatchers(context: ServerContext): void {
  if (!context.support?.watchedFilesRegistration) return;
  context.connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
    .catch((error: unknown) => logFailure(context.connection, 'registering the file watcher', error));
}

export function listenToFileEvents(context: ServerContext, events: FileEvents): void {
  const { connection } = context;
  const each = (uris: string[], action: (file: string) => void) => {
    for (const uri of uris) {
      const file = pathOfUri(uri);
      if (file) action(file);
    }
  };

  connection.onDidChangeWatchedFiles(
    guarded(connection, 'handling file changes', undefined, (params) => {
      for (const change of params.changes) {
        const file = pathOfUri(change.uri);
        if (!file) continue;
        if (change.type === FileChangeType.Deleted) events.deleted(file);
        else if (change.type === FileChangeType.Created) events.created(file);
        else events.changed(file);
      }
    }),
  );
  connection.workspace.onDidCreateFiles(
    guarded(connection, 'handling created files', undefined, (params) =>
      each(
        params.files.map((f) => f.uri),
        (f) => events.created(f),
      ),
    ),
  );
  connection.workspace.onDidDeleteFiles(
    guarded(connection, 'handling deleted files', undefined, (params) =>
      each(
        params.files.map((f) => f.uri),
        (f) => events.deleted(f),
      ),
    ),
  );
  connection.workspace.onDidRenameFiles(
    guarded(connection, 'handling renamed files', undefined, (params) => {
      for (const { oldUri, newUri } of params.files) {
        const from = pathOfUri(oldUri);
        const to = pathOfUri(newUri);
        if (from && to) events.renamed(from, to);
        else if (from) events.deleted(from);
        else if (to) events.created(to);
      }
    }),
  );
}
