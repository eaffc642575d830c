// The `alloy.*` settings the server reads: initialization options first (an explicit choice of
// the client), then `workspace/configuration`, then the default.

import type { Connection } from 'vscode-languageserver/node';

export interface ServerSettings {
  analyzeWorkspaceOnStartup: boolean;
  /** CodeLens rows from the server: the option `codeLens`, the setting `alloy.codeLens.enabled`. */
  codeLens: boolean;
}

const DEFAULT_SETTINGS: ServerSettings = { analyzeWorkspaceOnStartup: true, codeLens: true };

function booleanMember(value: unknown, key: string): boolean | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const member = (value as Record<string, unknown>)[key];
  return typeof member === 'boolean' ? member : undefined;
}

/** The setting as found in initialization options (`{ analyzeWorkspaceOnStartup }`). */
function analyzeOnStartupOption(initializationOptions: unknown): boolean | undefined {
  return booleanMember(initializationOptions, 'analyzeWorkspaceOnStartup');
}

/** The setting in a pushed `workspace/didChangeConfiguration` payload (`{ alloy: {…} }`). */
export function analyzeOnStartupFromPushedSettings(settings: unknown): boolean | undefined {
  return booleanMember(alloySection(settings), 'analyzeWorkspaceOnStartup');
}

/** The CodeLens option in initialization options (`{ codeLens: false }` turns the server's lenses off). */
export function codeLensOption(initializationOptions: unknown): boolean | undefined {
  return booleanMember(initializationOptions, 'codeLens');
}

/** `codeLens.enabled` of an `alloy` section (as `workspace/configuration` answers it). */
function codeLensOfSection(section: unknown): boolean | undefined {
  const nested = section !== null && typeof section === 'object' ? (section as Record<string, unknown>).codeLens : undefined;
  return booleanMember(nested, 'enabled') ?? booleanMember(section, 'codeLens.enabled');
}

/** `alloy.codeLens.enabled` in a pushed `workspace/didChangeConfiguration` payload. */
export function codeLensFromPushedSettings(settings: unknown): boolean | undefined {
  return codeLensOfSection(alloySection(settings));
}

/** `alloy.codeLens.enabled` as the client's `workspace/configuration` has it; undefined when it is not set there. */
export async function codeLensFromClient(connection: Connection): Promise<boolean | undefined> {
  const section: unknown = await connection.workspace.getConfiguration('alloy').catch(() => undefined);
  return codeLensOfSection(section);
}

function alloySection(settings: unknown): unknown {
  return settings !== null && typeof settings === 'object' ? (settings as Record<string, unknown>).alloy : undefined;
}

export async function readSettings(connection: Connection, canAskClient: boolean, initializationOptions: unknown): Promise<ServerSettings> {
  const fromOptions = analyzeOnStartupOption(initializationOptions);
  const lensOption = codeLensOption(initializationOptions);
  let section: unknown;
  if (canAskClient && (fromOptions === undefined || lensOption === undefined)) {
    section = await connection.workspace.getConfiguration('alloy').catch(() => undefined);
  }
  return {
    analyzeWorkspaceOnStartup:
      fromOptions ?? booleanMember(section, 'analyzeWorkspaceOnStartup') ?? DEFAULT_SETTINGS.analyzeWorkspaceOnStartup,
    codeLens: lensOption ?? codeLensOfSection(section) ?? DEFAULT_SETTINGS.codeLens,
  };
}
