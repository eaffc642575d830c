// workspace/executeCommand: the server's own commands, announced in `executeCommandProvider` so that
// any client can run them (VS Code's language client routes them to the server by itself). The
// CodeLens rows use them:
//   alloy.applyFix            [{ uri, row }]            recomputes the row's fix now and applies it
//                                                       through `workspace/applyEdit`
//   alloy.showRequestsOfBrief [uri, position, locations] the requests naming a brief (the arguments
//                                                       of VS Code's `editor.action.showReferences`,
//                                                       so a client can map it to its own list); run
//                                                       by the server, it opens one with
//                                                       `window/showDocument`, asking which when
//                                                       there are several
//                                                       (`locations` is left out of a lens naming more
//                                                       than LOCATIONS_IN_LENS requests; the server
//                                                       recomputes them when it runs the command)
//   alloy.explainLens         [{ uri, row }]            shows what a row means (`window/showMessage`)
//   alloy.newRequestFromBrief [briefUri]                creates a new request from the brief
//                                                       (newRequestFeature.ts; the code action's
//                                                       command when the client cannot create files)
// Bad arguments are refused with InvalidParams and a message; `data.code` is a stable name.

import * as path from 'node:path';
import type { Connection, ExecuteCommandParams, Location, MessageActionItem } from 'vscode-languageserver/node';
import { LENS_ROW_IDS, lensRowOf, namingRequests, type LensRowId, type NamingRequest } from '../core';
import { pathOfUri } from './documentPaths';
import { logFailure } from './handlerGuard';
import { ErrorCodes, LSPErrorCodes, ResponseError } from './lspLibrary';
import type { ServerContext } from './serverContext';
import { showInformation } from './userWarning';
import { workspaceEditOf } from './workspaceEdits';
import { NEW_REQUEST_COMMAND, runNewRequestCommand } from './newRequestFeature';

export const APPLY_FIX_COMMAND = 'alloy.applyFix';
export const SHOW_REQUESTS_COMMAND = 'alloy.showRequestsOfBrief';
export const EXPLAIN_LENS_COMMAND = 'alloy.explainLens';

/** Every command the server runs, as announced in `executeCommandProvider.commands`. */
export const SERVER_COMMANDS: readonly string[] = [APPLY_FIX_COMMAND, SHOW_REQUESTS_COMMAND, EXPLAIN_LENS_COMMAND, NEW_REQUEST_COMMAND];

/** The argument of `alloy.applyFix` and `alloy.explainLens`: which row of which file's lenses. */
export interface LensTarget {
  uri: string;
  row: LensRowId;
}

/** Why a command was refused, as `ResponseError.data.code`. */
export type CommandProblem = 'unknown-command' | 'bad-arguments' | 'no-apply-edit';

export interface ApplyFixResult {
  applied: boolean;
  /** Why nothing was applied (the row is right already, cannot be fixed here, or the client declined). */
  reason?: string;
}

function refused(
  code: CommandProblem,
  message: string,
  lspCode: number = ErrorCodes.InvalidParams,
): ResponseError<{ code: CommandProblem }> {
  return new ResponseError(lspCode, message, { code });
}

export function isLensTarget(value: unknown): value is LensTarget {
  if (value === null || typeof value !== 'object') return false;
  const { uri, row } = value as Record<string, unknown>;
  return typeof uri === 'string' && typeof row === 'string' && (LENS_ROW_IDS as readonly string[]).includes(row);
}

/** The one `{ uri, row }` argument, with a file URI; refused otherwise. */
function lensTargetOf(params: ExecuteCommandParams): { target: LensTarget; file: string } {
  const [target] = params.arguments ?? [];
  if (!isLensTarget(target)) {
    throw refused('bad-arguments', `${params.command} takes one argument { uri, row } with row one of ${LENS_ROW_IDS.join(', ')}.`);
  }
  const file = pathOfUri(target.uri);
  if (!file) throw refused('bad-arguments', `${params.command}: "${target.uri}" is not a file: URI.`);
  return { target, file };
}

export async function executeCommand(context: ServerContext, params: ExecuteCommandParams): Promise<unknown> {
  switch (params.command) {
    case APPLY_FIX_COMMAND: {
      const { file, target } = lensTargetOf(params);
      return applyFix(context, file, target);
    }
    case EXPLAIN_LENS_COMMAND: {
      const { file, target } = lensTargetOf(params);
      return explainLens(context, file, target);
    }
    case NEW_REQUEST_COMMAND:
      return runNewRequestCommand(context, params);
    case SHOW_REQUESTS_COMMAND:
      return showRequests(context, params);
    default:
      throw refused('unknown-command', `Unknown command "${params.command}": this server runs ${SERVER_COMMANDS.join(', ')}.`);
  }
}

async function applyFix(context: ServerContext, file: string, target: LensTarget): Promise<ApplyFixResult> {
  const { connection, workspace } = context;
  const row = lensRowOf(workspace, file, target.row);
  if (!row) return tell(connection, { applied: false, reason: `This file has no "${target.row}" lens now.` });
  if (row.state !== 'wrong') return tell(connection, { applied: false, reason: `Nothing to fix: ${row.title}. ${row.detail}` });
  if (!row.fix) return tell(connection, { applied: false, reason: row.detail });
  if (!context.support?.applyEdit) {
    throw refused(
      'no-apply-edit',
      'This client cannot apply workspace edits (workspace.applyEdit), so the fix is not made.',
      LSPErrorCodes.RequestFailed,
    );
  }
  const edit = workspaceEditOf(context, row.fix.edits);
  if (!edit) return tell(connection, { applied: false, reason: 'The file to fix cannot be read now.' });
  const answer = await connection.workspace.applyEdit({ label: row.fix.title, edit });
  return answer.applied ? { applied: true } : { applied: false, reason: answer.failureReason ?? 'The client did not apply the edit.' };
}

/** Shows the reason to the user too: a lens click has nowhere else to say it. */
function tell(connection: Connection, result: ApplyFixResult): ApplyFixResult {
  if (result.reason) showInformation(connection, result.reason);
  return result;
}

async function explainLens(context: ServerContext, file: string, target: LensTarget): Promise<{ message: string }> {
  const row = lensRowOf(context.workspace, file, target.row);
  const message = row ? `${row.title}: ${row.detail}` : `This file has no "${target.row}" lens now.`;
  showInformation(context.connection, message);
  return { message };
}

/** The files opened in the editor, as paths (requests among them name briefs before they are saved). */
export function openFiles(context: ServerContext): string[] {
  return context.documents.all().flatMap((d) => pathOfUri(d.uri) ?? []);
}

/** The requests naming a brief as LSP locations. */
export function namingLocations(context: ServerContext, briefFile: string): Location[] {
  return namingRequests(context.workspace, briefFile, openFiles(context)).map((n) => ({ uri: context.uriOf(n.file), range: n.range }));
}

async function showRequests(context: ServerContext, params: ExecuteCommandParams): Promise<{ locations: Location[] }> {
  const [uri] = params.arguments ?? [];
  const file = typeof uri === 'string' ? pathOfUri(uri) : undefined;
  if (!file) throw refused('bad-arguments', `${params.command} takes [uri, position, locations] with the brief's file: URI first.`);
  const { connection, workspace } = context;
  // Recomputed: the arguments were made when the lens was resolved, and the workspace moves on.
  const requests = namingRequests(workspace, file, openFiles(context));
  const locations = requests.map((n) => ({ uri: context.uriOf(n.file), range: n.range }));
  if (requests.length === 0) {
    showInformation(connection, 'No request names this brief.');
    return { locations };
  }
  const root = workspace.rootOf(file);
  const shown = (n: NamingRequest) => path.relative(root, n.file).split(path.sep).join('/');
  if (!context.support?.showDocument) {
    const list = requests.slice(0, 20).map(shown).join(', ');
    const more = requests.length > 20 ? ` and ${requests.length - 20} more` : '';
    showInformation(connection, `Requests naming this brief: ${list}${more}.`);
    return { locations };
  }
  let chosen: NamingRequest | undefined = requests[0];
  if (requests.length > 1) {
    const items: MessageActionItem[] = requests.slice(0, 20).map((n) => ({ title: shown(n) }));
    const answer = await connection.window.showInformationMessage(`${requests.length} requests name this brief. Open:`, ...items);
    chosen = answer ? requests.find((n) => shown(n) === answer.title) : undefined;
  }
  if (chosen) await connection.window.showDocument({ uri: context.uriOf(chosen.file), takeFocus: true, selection: chosen.range });
  return { locations };
}

/** Registers `workspace/executeCommand`; a failure that is not a refusal is logged and answered as an internal error. */
export function listenToCommands(context: ServerContext): void {
  const { connection } = context;
  connection.onExecuteCommand(async (params) => {
    try {
      return await executeCommand(context, params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logFailure(connection, `running ${params.command}`, error);
      throw new ResponseError(
        ErrorCodes.InternalError,
        `${params.command} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}
