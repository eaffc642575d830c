// The connection over stdin and stdout (`--stdio`): vscode-languageserver's, with the batching
// writer (batchingMessageWriter.ts) in place of its stream writer. What `createConnection()`
// does by itself for `--stdio` is kept: console output goes to the client's log instead of into
// the message stream, and the process exits when stdin ends (0 after a shutdown request, else 1).

import { format, inspect } from 'node:util';
import type { Connection, RemoteConsole } from 'vscode-languageserver/node';
import { createConnection, ProposedFeatures, StreamMessageReader } from './lspLibrary';
import { BatchingMessageWriter } from './batchingMessageWriter';

/** Sends what the program writes to the console to the client's log. */
export function redirectConsole(target: Console, remote: Pick<RemoteConsole, 'log' | 'info' | 'warn' | 'error'>): void {
  target.log = (...args: unknown[]) => remote.log(format(...args));
  target.debug = (...args: unknown[]) => remote.log(format(...args));
  target.info = (...args: unknown[]) => remote.info(format(...args));
  target.warn = (...args: unknown[]) => remote.warn(format(...args));
  target.error = (...args: unknown[]) => remote.error(format(...args));
  target.dir = (value: unknown) => remote.log(inspect(value));
  target.trace = (...args: unknown[]) => {
    const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
    remote.log(`Trace${args.length > 0 ? `: ${format(...args)}` : ''}\n${stack}`);
  };
}

export function createStdioConnection(): Connection {
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new BatchingMessageWriter(process.stdout),
  );
  redirectConsole(console, connection.console);
  return connection;
}

/** Ends the process when the client closes stdin (it went away without `exit`). */
export function exitWhenStdinEnds(shutdownRequested: () => boolean): void {
  const exit = () => process.exit(shutdownRequested() ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
}
