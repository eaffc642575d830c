// Entry point of the language server: `node dist/server.js --stdio`, the transport the client and
// the README use, on the batching connection (nodeStdioConnection.ts). Any other transport that
// vscode-languageserver understands (`--node-ipc`, `--socket=N`, `--pipe=NAME`) gets its own.

import { createConnection, ProposedFeatures } from './lspLibrary';
import { startServer } from './alloyServer';
import { createStdioConnection, exitWhenStdinEnds } from './nodeStdioConnection';

const stdio = process.argv.includes('--stdio');
const server = startServer(stdio ? createStdioConnection() : createConnection(ProposedFeatures.all));
if (stdio) exitWhenStdinEnds(() => server.shutdownRequested);
