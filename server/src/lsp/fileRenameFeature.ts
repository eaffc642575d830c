// workspace/willRenameFiles: before the client renames or moves a file or folder, the server
// answers with the edits that keep every request's `brief.local_path` naming its brief (core:
// localPathEdits), opened or not. A request that cannot follow (the brief would leave its
// repository root, or stop being a .yaml/.yml/.json file) is named in a warning, never skipped silently.

import type { RenameFilesParams, WorkspaceEdit } from 'vscode-languageserver/node';
import { formatOfPath, localPathEdits, type FileMove } from '../core';
import { pathOfUri } from './documentPaths';
import { guarded } from './handlerGuard';
import type { ServerContext } from './serverContext';
import { showWarning } from './userWarning';
import { workspaceEditOf } from './workspaceEdits';
import { workspaceFiles } from './workspaceFiles';

export async function willRenameFiles(context: ServerContext, params: RenameFilesParams): Promise<WorkspaceEdit | null> {
  const moves: FileMove[] = [];
  for (const { oldUri, newUri } of params.files) {
    const from = pathOfUri(oldUri);
    const to = pathOfUri(newUri);
    if (from && to) moves.push({ from, to });
  }
  // Only a data file or a folder can be (or hold) what a local_path names.
  if (!moves.some((m) => formatOfPath(m.from) !== undefined || context.host.isDirectory(m.from))) return null;
  const candidates = await workspaceFiles(context);
  const update = localPathEdits(context.workspace, moves, candidates, context.host, context.folders);
  if (update.skipped.length > 0) {
    const list = update.skipped.map((s) => s.reason).join('; ');
    showWarning(context, `Alloy: after this rename, not every brief.local_path can follow: ${list}`);
  }
  if (update.edits.length === 0) return null;
  return workspaceEditOf(context, update.edits) ?? null;
}

export function listenToFileRenames(context: ServerContext): void {
  const { connection } = context;
  connection.workspace.onWillRenameFiles(
    guarded(connection, 'updating brief paths for renamed files', null, (params) => willRenameFiles(context, params)),
  );
}
