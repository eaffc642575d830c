// Disk events reach the server two ways: the client's file watcher
// (`workspace/didChangeWatchedFiles`, registered here when the client allows it) and the
// file-operation notifications for what the user does in the editor (create, rename, delete).
// Each notification's changes go to FileEvents as one batch, in order.

import type { FileOperationRegistrationOptions } from 'vscode-languageserver/node';
import { DidChangeWatchedFilesNotification, FileChangeType } from './lspLibrary';
import { pathOfUri } from './documentPaths';
import type { FileEvent, FileEvents } from './fileEvents';
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
  /** The events of one notification, in its order, applied as one batch (FileEvents slices it). */
  const eventsOf = (files: { uri: string }[], kind: FileEvent['kind']): FileEvent[] => {
    const batch: FileEvent[] = [];
    for (const { uri } of files) {
      const file = pathOfUri(uri);
      if (file) batch.push({ kind, path: file });
    }
    return batch;
  };

  connection.onDidChangeWatchedFiles(
    guarded(connection, 'handling file changes', undefined, (params) => {
      const batch: FileEvent[] = [];
      for (const change of params.changes) {
        const file = pathOfUri(change.uri);
        if (file) batch.push({ kind: change.type === FileChangeType.Deleted ? 'deleted' : 'changed', path: file });
      }
      events.apply(batch);
    }),
  );
  connection.workspace.onDidCreateFiles(
    guarded(connection, 'handling created files', undefined, (params) => events.apply(eventsOf(params.files, 'changed'))),
  );
  connection.workspace.onDidDeleteFiles(
    guarded(connection, 'handling deleted files', undefined, (params) => events.apply(eventsOf(params.files, 'deleted'))),
  );
  connection.workspace.onDidRenameFiles(
    guarded(connection, 'handling renamed files', undefined, (params) => {
      const batch: FileEvent[] = [];
      for (const { oldUri, newUri } of params.files) {
        const from = pathOfUri(oldUri);
        const to = pathOfUri(newUri);
        if (from) batch.push({ kind: 'deleted', path: from });
        if (to) batch.push({ kind: 'changed', path: to });
      }
      events.apply(batch);
    }),
  );
}
