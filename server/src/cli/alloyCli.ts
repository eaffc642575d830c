// `alloy`: the command line over the same analysis core as the language server, and over the
// submission engine and the reports library the editor uses. Exit codes: 0 success, 1 problems
// found (errors, a digest/key that cannot be computed, a rejected or failed submission), 2 usage,
// IO, or a submission refused before anything was sent.

import { parseArguments } from './arguments';
import { runCheck } from './checkCommand';
import type { CliRuntime } from './cliRuntime';
import { runDigest } from './digestCommand';
import { runFix } from './fixCommand';
import { HELP_TEXT } from './helpText';
import { runKey } from './keyCommand';
import { runMigrate } from './migrateCommand';
import { runNewRequest } from './newRequestCommand';
import { NODE_CLI_RUNTIME } from './nodeCliRuntime';
import type { Output } from './output';
import { PACKAGE_VERSION } from './packageVersion';
import { runResend } from './resendCommand';
import { runSubmissions } from './submissionsCommand';
import { runSubmit } from './submitCommand';

export async function runCli(
  args: readonly string[],
  stdout: Output,
  stderr: Output,
  cwd: string = process.cwd(),
  runtime: CliRuntime = NODE_CLI_RUNTIME,
): Promise<number> {
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
    case 'migrate':
      return runMigrate(command, cwd, stdout, stderr, runtime);
    case 'new-request':
      return runNewRequest(command, cwd, stdout, stderr, runtime);
    case 'submit':
      return runSubmit(command, cwd, stdout, stderr, runtime);
    case 'resend':
      return runResend(command, cwd, stdout, stderr, runtime);
    case 'submissions':
      return runSubmissions(command.format, stdout, stderr, runtime);
  }
}
