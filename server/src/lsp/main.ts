// Entry point of the language server: `node dist/server.js --stdio`, the transport the client and
// the README use, on the batching connection with its own frame reader and the protocol guard
// (nodeStdioConnection.ts, handlerGuard.ts: bad frames are logged and skipped, a request after
// `shutdown` is refused with InvalidRequest). Any other transport that vscode-languageserver
// understands (`--node-ipc`, `--socket=N`, `--pipe=NAME`) gets its own connection, without them.

import { createConnection, ProposedFeatures } from './lspLibrary';
import { startServer } from './alloyServer';
import { createStdioConnection, exitWhenStdinEnds } from './nodeStdioConnection';

if (process.argv.includes('--stdio')) {
  const { connection, guard } = createStdioConnection();
  const server = startServer(connection);
  guard.documents = server.documents;
  exitWhenStdinEnds(() => server.shutdownRequested);
} else {
  startServer(createConnection(ProposedFeatures.all));
}
