// Entry point of the language server: `node dist/server.js --stdio`.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './alloyServer';

startServer(createConnection(ProposedFeatures.all));
