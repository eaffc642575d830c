// The `alloy` command line: the same checks as the language server.

import { runCli } from './alloyCli';

// A reader that stops early (`alloy check | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = runCli(process.argv.slice(2), process.stdout, process.stderr);
