// What the server announces in its initialize result.

import type { ServerCapabilities } from 'vscode-languageserver/node';
import { CodeActionKind, TextDocumentSyncKind } from './lspLibrary';
import { COMPLETION_TRIGGER_CHARACTERS } from './completionFeature';
import { FILE_OPERATION_FILTERS } from './fileWatching';

export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    documentLinkProvider: { resolveProvider: false },
    definitionProvider: true,
    workspace: {
      workspaceFolders: { supported: true, changeNotifications: true },
      fileOperations: {
        didCreate: { filters: FILE_OPERATION_FILTERS },
        didRename: { filters: FILE_OPERATION_FILTERS },
        didDelete: { filters: FILE_OPERATION_FILTERS },
      },
    },
  };
}
