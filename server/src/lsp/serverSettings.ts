// The `alloy.*` settings the server reads: initialization options first (an explicit choice of
// the client), then `workspace/configuration`, then the default.

import type { Connection } from 'vscode-languageserver/node';

export interface ServerSettings {
  analyzeWorkspaceOnStartup: boolean;
}

const DEFAULT_SETTINGS: ServerSettings = { analyzeWorkspaceOnStartup: true };

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

function alloySection(settings: unknown): unknown {
  return settings !== null && typeof settings === 'object' ? (settings as Record<string, unknown>).alloy : undefined;
}

export async function readSettings(connection: Connection, canAskClient: boolean, initializationOptions: unknown): Promise<ServerSettings> {
  const fromOptions = analyzeOnStartupOption(initializationOptions);
  if (fromOptions !== undefined) return { analyzeWorkspaceOnStartup: fromOptions };
  if (canAskClient) {
    const section: unknown = await connection.workspace.getConfiguration('alloy').catch(() => undefined);
    const fromClient = booleanMember(section, 'analyzeWorkspaceOnStartup');
    if (fromClient !== undefined) return { analyzeWorkspaceOnStartup: fromClient };
  }
  return DEFAULT_SETTINGS;
}
