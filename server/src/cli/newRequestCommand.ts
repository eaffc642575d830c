// `alloy new-request <brief>`: writes a new request made from the brief by the core (a fresh
// request id, HEAD's revision and branch, the digest and key), as `.alloy/requests/<request_id>.json`
// or `--out PATH`, never over an existing file; `--dry-run` prints it instead. A brief that cannot
// run, or a HEAD that cannot be read, is refused with the reason (exit 1).

import * as path from 'node:path';
import { AlloyWorkspace, newRequestFromBrief, type NewRequestOptions, type NewRequestProblemCode } from '../core';
import { visibleText } from '../submission';
import type { CliRuntime } from './cliRuntime';
import { displayPath } from './displayPath';
import { formatText } from './formatText';
import type { Output } from './output';
import { toReportedDiagnostic } from './reportedDiagnostic';

export interface NewRequestCommand {
  brief: string;
  out?: string;
  dryRun: boolean;
  callbackUrl?: string;
  branch?: string;
  revision?: string;
}

/** Refusals about what was asked for (a path, an option), rather than about the brief or the repository: exit 2. */
const USAGE_PROBLEMS: ReadonlySet<NewRequestProblemCode> = new Set([
  'brief-unreadable',
  'bad-output-path',
  'request-file-exists',
  'bad-callback-url',
  'bad-revision',
  'bad-branch',
]);

/** The callback URL: `--callback-url`, else `ALLOY_CALLBACK_URL`, else the core's loopback default. */
function optionsOf(command: NewRequestCommand, cwd: string, runtime: CliRuntime): NewRequestOptions {
  const callbackUrl = command.callbackUrl ?? runtime.env.ALLOY_CALLBACK_URL;
  return {
    ...(command.out === undefined ? {} : { out: path.resolve(cwd, command.out) }),
    ...(callbackUrl === undefined || callbackUrl === '' ? {} : { callbackUrl }),
    ...(command.branch === undefined ? {} : { branch: command.branch }),
    ...(command.revision === undefined ? {} : { revision: command.revision }),
  };
}

export function runNewRequest(command: NewRequestCommand, cwd: string, stdout: Output, stderr: Output, runtime: CliRuntime): number {
  const brief = path.resolve(cwd, command.brief);
  const shownBrief = visibleText(displayPath(brief, cwd));
  if (runtime.host.realpath(brief) === undefined) {
    stderr.write(`alloy: ${visibleText(command.brief)}: no such file\n`);
    return 2;
  }
  const workspace = new AlloyWorkspace(runtime.host, [cwd]);
  const made = newRequestFromBrief(workspace, runtime.host, brief, runtime.requestPorts, optionsOf(command, cwd, runtime));
  if (!made.ok) {
    stderr.write(`alloy: no request made from ${shownBrief} (${made.code}): ${visibleText(made.message)}\n`);
    return USAGE_PROBLEMS.has(made.code) ? 2 : 1;
  }
  const shown = visibleText(displayPath(made.file, cwd));
  const warnings = formatText(made.diagnostics.map((d) => toReportedDiagnostic(made.file, d, cwd)));
  if (command.dryRun) {
    stdout.write(made.text);
    stderr.write(`alloy: dry run: ${shown} would be created (nothing written)\n${warnings}`);
    return 0;
  }
  const created = runtime.requestPorts.createFile(made.file, made.text);
  if (!created.ok) {
    const why = created.problem === 'exists' ? 'it already exists; it is not overwritten' : created.reason;
    stderr.write(`alloy: ${shown}: not created: ${visibleText(why)}\n`);
    return 2;
  }
  stdout.write(`created ${shown}\n`);
  stderr.write(
    `alloy: ${visibleText(made.requestId)} from ${shownBrief} at ${made.revision.slice(0, 12)} on ${visibleText(made.branch)}\n${warnings}`,
  );
  return 0;
}
