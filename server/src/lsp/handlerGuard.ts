// Keeps a failing handler from taking the server down: the error is logged and a fallback returned.

import type { Connection } from 'vscode-languageserver/node';

export function logFailure(connection: Connection, what: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  connection.console.error(`Alloy: ${what} failed: ${detail}`);
}

/** Wraps a handler (synchronous or asynchronous) so that it never throws or rejects. */
export function guarded<P extends unknown[], R>(
  connection: Connection,
  what: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      logFailure(connection, what, error);
      return fallback;
    }
  };
}

/** Runs a piece of background work, logging instead of throwing. */
export function runGuarded(connection: Connection, what: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    logFailure(connection, what, error);
  }
}
