// "Create an execution request from this brief" (issue 15 item 4): a code action on a brief, of kind
// `source.alloy.newRequest`. Its edit creates `.alloy/requests/<request_id>.json` with the request
// the core made (a WorkspaceEdit of CreateFile, never overwriting, plus the insert of its text) when
// the client takes resource operations; otherwise it is the command `alloy.newRequestFromBrief
// [briefUri]`, which makes the request again when run and writes the file itself (then opens it with
// `window/showDocument` when the client can). A brief that cannot run gets the action `disabled`
// with the reason when the client shows disabled actions, and no action otherwise. The callback
// URL is the setting `alloy.newRequest.callbackUrl` (with `{request_id}`), else the loopback default.

import type {
  CodeAction,
  CodeActionParams,
  Command,
  CreateFile,
  ExecuteCommandParams,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { newRequestFromBrief, nodeRequestPorts, type NewRequest, type NewRequestResult, type RequestPorts } from '../core';
import { pathOfUri } from './documentPaths';
import { logFailure } from './handlerGuard';
import { ErrorCodes, LSPErrorCodes, MessageType, ResponseError, ShowMessageNotification } from './lspLibrary';
import type { ServerContext } from './serverContext';

export const NEW_REQUEST_ACTION_KIND = 'source.alloy.newRequest';
export const NEW_REQUEST_COMMAND = 'alloy.newRequestFromBrief';
export const NEW_REQUEST_TITLE = 'Create an execution request from this brief';

/** What the command answers: the file it created. */
export interface NewRequestCommandResult {
  uri: string;
  requestId: string;
}

/** Whether the `only` filter of a request asks for this kind (itself, or a kind it lies under). */
function wanted(only: string[] | undefined): boolean {
  return !only || only.some((kind) => kind === NEW_REQUEST_ACTION_KIND || NEW_REQUEST_ACTION_KIND.startsWith(`${kind}.`));
}

/** `alloy.newRequest.callbackUrl` for this file (workspace/configuration), when the client has it. */
async function configuredCallbackUrl(context: ServerContext, uri: string): Promise<string | undefined> {
  if (!context.support?.configuration) return undefined;
  const section: unknown = await context.connection.workspace.getConfiguration({ scopeUri: uri, section: 'alloy' }).catch(() => undefined);
  const newRequest = section !== null && typeof section === 'object' ? (section as Record<string, unknown>).newRequest : undefined;
  const value = newRequest !== null && typeof newRequest === 'object' ? (newRequest as Record<string, unknown>).callbackUrl : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function portsOf(context: ServerContext): RequestPorts {
  return context.runtime.requestPorts ?? nodeRequestPorts;
}

/** The request the core makes from this brief now (a fresh id, HEAD as it is now). */
async function makeRequest(context: ServerContext, uri: string, briefFile: string): Promise<NewRequestResult> {
  const callbackUrl = await configuredCallbackUrl(context, uri);
  return newRequestFromBrief(
    context.workspace,
    context.host,
    briefFile,
    portsOf(context),
    callbackUrl === undefined ? {} : { callbackUrl },
  );
}

function creatingEdit(context: ServerContext, made: NewRequest): WorkspaceEdit {
  const uri = context.uriOf(made.file);
  const create: CreateFile = { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } };
  const start = { line: 0, character: 0 };
  const insert: TextDocumentEdit = { textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: made.text }] };
  return { documentChanges: [create, insert] };
}

/** The code action on a brief: with its edit, its command, disabled with a reason, or none. */
export async function newRequestActions(context: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const file = pathOfUri(params.textDocument.uri);
  if (!file || !wanted(params.context.only) || context.workspace.analysisOf(file)?.kind !== 'brief') return [];
  const made = await makeRequest(context, params.textDocument.uri, file);
  const action: CodeAction = { title: NEW_REQUEST_TITLE, kind: NEW_REQUEST_ACTION_KIND };
  if (!made.ok) {
    if (!context.support?.codeActionDisabled) return [];
    return [{ ...action, disabled: { reason: made.message } }];
  }
  if (context.support?.createFiles) return [{ ...action, edit: creatingEdit(context, made) }];
  const command: Command = { title: NEW_REQUEST_TITLE, command: NEW_REQUEST_COMMAND, arguments: [params.textDocument.uri] };
  return [{ ...action, command }];
}

/** A notification (`window/showMessage`), not a request: no client answer to wait for or to fail. */
function showError(context: ServerContext, message: string): void {
  void context.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
}

/** `alloy.newRequestFromBrief [briefUri]`: makes the request now and creates its file (never over another). */
export async function runNewRequestCommand(context: ServerContext, params: ExecuteCommandParams): Promise<NewRequestCommandResult> {
  const [uri] = params.arguments ?? [];
  const file = typeof uri === 'string' ? pathOfUri(uri) : undefined;
  if (typeof uri !== 'string' || !file) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} takes one argument: the brief's file: URI.`, {
      code: 'bad-arguments',
    });
  }
  const made = await makeRequest(context, uri, file);
  if (!made.ok) {
    showError(context, `No request made: ${made.message}`);
    throw new ResponseError(LSPErrorCodes.RequestFailed, made.message, { code: made.code });
  }
  const created = portsOf(context).createFile(made.file, made.text);
  if (!created.ok) {
    const message = `${made.file} was not created: ${created.problem === 'exists' ? 'it already exists; it is not overwritten' : created.reason}.`;
    showError(context, message);
    throw new ResponseError(LSPErrorCodes.RequestFailed, message, {
      code: created.problem === 'exists' ? 'request-file-exists' : 'create-failed',
    });
  }
  context.workspace.invalidate(made.file);
  const createdUri = context.uriOf(made.file);
  if (context.support?.showDocument) {
    // The file exists whatever the client answers; a failure to show it is only logged.
    await context.connection.window.showDocument({ uri: createdUri, takeFocus: true }).catch((error: unknown) => {
      logFailure(context.connection, `showing ${createdUri}`, error);
    });
  }
  return { uri: createdUri, requestId: made.requestId };
}
