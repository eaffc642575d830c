// textDocument/prepareRename and textDocument/rename: a Formation Brief's id, from the brief's `id`
// value or a request's `brief.id` value. The rename is one workspace edit over the brief and every
// request naming it, opened or not (core: briefRenameEdits). Where renaming makes no sense the
// answer is an error whose message says why and whose data carries a stable code; in a file that
// is neither a brief nor a request the answer is null (another server may rename there).

import type { Position, PrepareRenameParams, Range, RenameParams, WorkspaceEdit } from 'vscode-languageserver/node';
import { briefIdAt, briefRenameEdits, type BriefIdTarget, type EditOutcome, type EditRefusal } from '../core';
import { pathOfUri } from './documentPaths';
import { guarded } from './handlerGuard';
import { LSPErrorCodes, ResponseError } from './lspLibrary';
import type { ServerContext } from './serverContext';
import { showWarning } from './userWarning';
import { workspaceEditOf } from './workspaceEdits';
import { workspaceFiles } from './workspaceFiles';

/** The data of a refused rename: the stable code of the reason. */
export interface RenameErrorData {
  code: string;
}

/** vscode-languageserver types the rename handlers' errors as carrying no data; ours carry RenameErrorData. */
type Refused = ResponseError<void>;

export function refusedWith(refusal: EditRefusal): Refused {
  const data: RenameErrorData = { code: refusal.code };
  return new ResponseError(LSPErrorCodes.RequestFailed, refusal.message, data) as unknown as Refused;
}

/**
 * The offset of a position in the file's current text (the open document's, else the disk's),
 * through the file's own line index, as diagnostics place things (a leading BOM takes no column).
 */
function offsetIn(context: ServerContext, file: string, position: Position): number | undefined {
  return context.workspace.analysisOf(file)?.lines.offsetAt(position);
}

function targetAt(context: ServerContext, uri: string, position: Position): EditOutcome<BriefIdTarget> | undefined {
  const file = pathOfUri(uri);
  if (!file) return undefined;
  const offset = offsetIn(context, file, position);
  return offset === undefined ? undefined : briefIdAt(context.workspace, file, offset);
}

export function prepareRename(context: ServerContext, params: PrepareRenameParams): { range: Range; placeholder: string } | null | Refused {
  const target = targetAt(context, params.textDocument.uri, params.position);
  if (!target) return null;
  if (!target.ok) return refusedWith(target.refusal);
  const lines = context.workspace.analysisOf(target.value.file)?.lines;
  if (!lines) return null;
  return { range: lines.rangeOf(target.value.span.offset, target.value.span.length), placeholder: target.value.id };
}

export async function rename(context: ServerContext, params: RenameParams): Promise<WorkspaceEdit | null | Refused> {
  const target = targetAt(context, params.textDocument.uri, params.position);
  if (!target) return null;
  if (!target.ok) return refusedWith(target.refusal);
  const candidates = await workspaceFiles(context);
  const renamed = briefRenameEdits(context.workspace, target.value, params.newName, candidates);
  if (!renamed.ok) return refusedWith(renamed.refusal);
  const edit = workspaceEditOf(context, renamed.value.edits);
  if (!edit)
    return refusedWith({ code: 'rename-inconsistent', message: 'A file to edit changed while the rename was computed; try again.' });
  if (renamed.value.leftAlone.length > 0) {
    const list = renamed.value.leftAlone.map((l) => l.reason).join('; ');
    showWarning(context, `Alloy: renamed the brief to "${params.newName}"; not every request followed: ${list}.`);
  }
  return edit;
}

export function listenToRename(context: ServerContext): void {
  const { connection } = context;
  connection.onPrepareRename(guarded(connection, 'preparing a rename', null, (params) => prepareRename(context, params)));
  connection.onRenameRequest(guarded(connection, 'renaming a brief id', null, (params) => rename(context, params)));
}
