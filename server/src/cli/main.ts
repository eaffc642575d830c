// The `alloy` command line: the same checks as the language server.

import { runCli } from './alloyCli';

process.exitCode = runCli(process.argv.slice(2), process.stdout, process.stderr);
