// The command line of `npm run foundry:dev`: options and their checks, and the help text.
// Pure: argv, environment and working folder come in, options or a message go out.

import * as path from 'node:path';
import { FAULT_DOCS, parseFaults, type FaultName } from './faults';
import { isLoopbackHost, LOOPBACK_HOSTS } from './loopbackHost';
import type { IntakeOptions } from './startIntake';

export type ParsedArgs = { kind: 'help' } | { kind: 'run'; options: IntakeOptions } | { kind: 'error'; message: string };

const VALUED = ['--port', '--host', '--root', '--state-dir', '--token', '--fault'] as const;
type Valued = (typeof VALUED)[number];

export function helpText(): string {
  const faults = (Object.keys(FAULT_DOCS) as FaultName[]).map((name) => `  ${name.padEnd(24)}${FAULT_DOCS[name]}`).join('\n');
  return `Usage: npm run foundry:dev -- [options]

A local Foundry intake for development and tests. It takes
  POST http://127.0.0.1:PORT/v1/projects/{project_id}/execution-requests
checks each request against the briefs of --root, dedupes by Idempotency-Key, simulates a
dry run and calls back the request's reporting.callback_url.

Options:
  --port N            port to listen on; 0 (default) picks a free one
  --host H            ${LOOPBACK_HOSTS.join(', ')} (default 127.0.0.1; localhost binds both families)
  --root DIR          repository root with .alloy/briefs/ (default: the current folder)
  --state-dir DIR     keep records here across restarts (default: a temp folder, removed on exit)
  --token T           require Authorization: Bearer T (or set ALLOY_INTAKE_TOKEN, which stays out of ps)
  --fault F[=V]       switch on a fault; repeatable. Counts are global over POST attempts;
                      a count fault without =N fires on every attempt.
  --allow-full        accept throttle: full (it is still only simulated)
  -h, --help          this text

Faults:
${faults}
`;
}

export function parseIntakeArgs(argv: readonly string[], env: Record<string, string | undefined>, cwd: string): ParsedArgs {
  const values: Partial<Record<Valued, string>> = {};
  const faults: string[] = [];
  let allowFull = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--allow-full') {
      allowFull = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 && arg.startsWith('--') ? arg.slice(0, equals) : arg;
    if (!(VALUED as readonly string[]).includes(name)) {
      return { kind: 'error', message: `Unknown option ${JSON.stringify(arg)}. Run with --help for the options.` };
    }
    let value: string | undefined;
    if (equals > 0 && arg.startsWith('--')) value = arg.slice(equals + 1);
    else value = argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `Option ${name} needs a value.` };
    if (name === '--fault') faults.push(value);
    else values[name as Valued] = value;
  }

  const options: IntakeOptions = { root: path.resolve(cwd, values['--root'] ?? '.'), faults, allowFull };
  if (values['--port'] !== undefined) {
    if (!/^[0-9]{1,5}$/.test(values['--port']) || Number(values['--port']) > 65535) {
      return { kind: 'error', message: `--port must be a whole number from 0 to 65535; got ${JSON.stringify(values['--port'])}.` };
    }
    options.port = Number(values['--port']);
  }
  if (values['--host'] !== undefined) {
    if (!isLoopbackHost(values['--host'])) {
      return {
        kind: 'error',
        message: `--host must be one of ${LOOPBACK_HOSTS.join(', ')} (loopback only); got ${JSON.stringify(values['--host'])}.`,
      };
    }
    options.host = values['--host'];
  }
  if (values['--state-dir'] !== undefined) options.stateDir = path.resolve(cwd, values['--state-dir']);
  const token = values['--token'] ?? env.ALLOY_INTAKE_TOKEN;
  if (token !== undefined && token !== '') {
    if (/\s/.test(token)) return { kind: 'error', message: 'The token must not contain white space.' };
    options.token = token;
  }
  const parsedFaults = parseFaults(faults);
  if (!parsedFaults.ok) return { kind: 'error', message: parsedFaults.message };
  return { kind: 'run', options };
}
