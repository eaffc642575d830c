// What the server announces in its initialize result.

import type { ServerCapabilities } from 'vscode-languageserver/node';
import { CodeActionKind, TextDocumentSyncKind } from './lspLibrary';
import type { ClientSupport } from './clientSupport';
import { SERVER_COMMANDS } from './commandFeature';
import { COMPLETION_TRIGGER_CHARACTERS } from './completionFeature';
import { FILE_OPERATION_FILTERS } from './fileWatching';
import { NEW_REQUEST_ACTION_KIND } from './newRequestFeature';
import { DIAGNOSTIC_PROVIDER } from './pullDiagnosticsFeature';

/** `support`: what the client said it can do (the rename's prepare step is announced only to clients that send it). */
export function serverCapabilities(support?: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, NEW_REQUEST_ACTION_KIND] },
    documentLinkProvider: { resolveProvider: false },
    definitionProvider: true,
    codeLensProvider: { resolveProvider: true },
    executeCommandProvider: { commands: [...SERVER_COMMANDS] },
    renameProvider: support?.prepareRename ? { prepareProvider: true } : true,
    referencesProvider: true,
    documentSymbolProvider: { label: 'Alloy' },
    workspaceSymbolProvider: true,
    ...(support?.pullDiagnostics ? { diagnosticProvider: DIAGNOSTIC_PROVIDER } : {}),
    workspace: {
      workspaceFolders: { supported: true, changeNotifications: true },
      fileOperations: {
        didCreate: { filters: FILE_OPERATION_FILTERS },
        didRename: { filters: FILE_OPERATION_FILTERS },
        willRename: { filters: FILE_OPERATION_FILTERS },
        didDelete: { filters: FILE_OPERATION_FILTERS },
      },
    },
  };
}
