// `alloy`: the command line over the same analysis core as the language server.
// Exit codes: 0 success, 1 problems found (or a digest/key that cannot be computed), 2 usage or IO.

import { parseArguments } from './arguments';
import { runCheck } from './checkCommand';
import { runDigest } from './digestCommand';
import { runFix } from './fixCommand';
import { HELP_TEXT } from './helpText';
import { runKey } from './keyCommand';
import { NODE_CLI_RUNTIME, type CliRuntime } from './cliRuntime';
import type { Output } from './output';
import { PACKAGE_VERSION } from './packageVersion';

export function runCli(
  args: readonly string[],
  stdout: Output,
  stderr: Output,
  cwd: string = process.cwd(),
  runtime: CliRuntime = NODE_CLI_RUNTIME,
): number {
  const parsed = parseArguments(args);
  if (!parsed.ok) {
    stderr.write(`alloy: ${parsed.problem}\nRun "alloy --help" for usage.\n`);
    return 2;
  }
  const command = parsed.command;
  switch (command.name) {
    case 'help':
      stdout.write(HELP_TEXT);
      return 0;
    case 'version':
      stdout.write(`${PACKAGE_VERSION}\n`);
      return 0;
    case 'check':
      return runCheck(command.paths, command.format, cwd, stdout, stderr, runtime);
    case 'fix':
      return runFix(command.paths, cwd, stdout, stderr, runtime);
    case 'digest':
      return runDigest(command.file, cwd, stdout, stderr, runtime);
    case 'key':
      return runKey(command.file, cwd, stdout, stderr, runtime);
  }
}
