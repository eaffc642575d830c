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
}

export function readClientSupport(capabilities: ClientCapabilities): ClientSupport {
  return {
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configuration: capabilities.workspace?.configuration === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    definitionLinks: capabilities.textDocument?.definition?.linkSupport === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
  };
}
