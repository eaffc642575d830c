// What the client can do, read once from the initialize request.

import type { ClientCapabilities } from 'vscode-languageserver/node';

export interface ClientSupport {
  /** `workspace/didChangeWatchedFiles` can be registered by the server. */
  watchedFilesRegistration: boolean;
  /** `workspace/configuration` can be asked. */
  configuration: boolean;
  /** `window/workDoneProgress/create` is understood. */
  workDoneProgress: boolean;
  /** Go-to-definition may answer with LocationLinks. */
  definitionLinks: boolean;
  /** The client sends `workspace/didChangeWorkspaceFolders`. */
  workspaceFolders: boolean;
  /** `workspace/codeLens/refresh` is understood (the server asks it when a brief's lenses change). */
  codeLensRefresh: boolean;
  /** `workspace/applyEdit` is understood (the lens fixes are applied through it). */
  applyEdit: boolean;
  /** `window/showDocument` is understood (the "N requests name this brief" lens opens one). */
  showDocument: boolean;
  /** Workspace edits may carry versioned `documentChanges` (rename, file renames). */
  documentChanges: boolean;
  /** The client sends `textDocument/prepareRename` (so the server may announce it). */
  prepareRename: boolean;
  /** The outline may be a tree of DocumentSymbols (else flat SymbolInformation). */
  hierarchicalDocumentSymbols: boolean;
  /**
   * The client pulls diagnostics: it announces `textDocument.diagnostic` and did not pass the
   * initialization option `pullDiagnostics: false` (pullDiagnosticsFeature.ts). Else they are pushed.
   */
  pullDiagnostics: boolean;
  /** `workspace/diagnostic/refresh` is understood. */
  diagnosticRefresh: boolean;
  /** Code actions may come `disabled` with a reason (a brief that cannot run says why). */
  codeActionDisabled: boolean;
  /** Workspace edits may create files (`documentChanges` with the `create` resource operation). */
  createFiles: boolean;
}

export function readClientSupport(capabilities: ClientCapabilities, initializationOptions?: unknown): ClientSupport {
  return {
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configuration: capabilities.workspace?.configuration === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    definitionLinks: capabilities.textDocument?.definition?.linkSupport === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    codeLensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
    applyEdit: capabilities.workspace?.applyEdit === true,
    showDocument: capabilities.window?.showDocument?.support === true,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    prepareRename: capabilities.textDocument?.rename?.prepareSupport === true,
    hierarchicalDocumentSymbols: capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined && !optedOutOfPull(initializationOptions),
    diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    codeActionDisabled: capabilities.textDocument?.codeAction?.disabledSupport === true,
    createFiles:
      capabilities.workspace?.workspaceEdit?.documentChanges === true &&
      (capabilities.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
  };
}

/** The initialization option `pullDiagnostics: false` keeps a pulling client on pushed diagnostics. */
function optedOutOfPull(initializationOptions: unknown): boolean {
  return (
    typeof initializationOptions === 'object' &&
    initializationOptions !== null &&
    (initializationOptions as { pullDiagnostics?: unknown }).pullDiagnostics === false
  );
}
