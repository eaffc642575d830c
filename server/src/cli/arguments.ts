// Parses the `alloy` command line into one command, or says what is wrong with it (exit 2).
// Options may come anywhere after the command name, as `--name value` or `--name=value`; each
// command accepts only its own options, and numbers are checked here, before anything runs.

import type { NewRequestCommand } from './newRequestCommand';
import { parseSubmitOptions, SUBMIT_VALUE_OPTIONS, type SendOptions, type SubmitOptionsParsed } from './submitArguments';

export type OutputFormat = 'text' | 'json' | 'sarif';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** The formats of the submission commands. */
export type ResultFormat = 'text' | 'json';

export type CliCommand =
  | { name: 'check'; paths: string[]; format: OutputFormat }
  | { name: 'fix'; paths: string[] }
  | { name: 'digest'; file: string }
  | { name: 'key'; file: string }
  | { name: 'migrate'; file: string; write: boolean; diff: boolean }
  | ({ name: 'new-request' } & NewRequestCommand)
  | ({ name: 'submit'; files: string[]; format: ResultFormat } & SubmitOptionsParsed)
  | ({ name: 'resend'; key: string; format: ResultFormat } & SendOptions)
  | { name: 'submissions'; format: ResultFormat }
  | { name: 'help' }
  | { name: 'version' };

export type SubmitCommand = Extract<CliCommand, { name: 'submit' }>;
export type ResendCommand = Extract<CliCommand, { name: 'resend' }>;
export type MigrateCommand = Extract<CliCommand, { name: 'migrate' }>;

export type ParsedArguments = { ok: true; command: CliCommand } | { ok: false; problem: string };

const COMMANDS = ['check', 'fix', 'digest', 'key', 'submit', 'submissions', 'resend', 'help', 'migrate', 'new-request'] as const;

/** The value options of `new-request`. */
const NEW_REQUEST_VALUE_OPTIONS = ['--out', '--callback-url', '--branch', '--revision'] as const;

/** Options that take a value, by their long name. */
const VALUE_OPTIONS = new Set(['--format', ...SUBMIT_VALUE_OPTIONS, ...NEW_REQUEST_VALUE_OPTIONS]);
const FLAG_OPTIONS = new Set(['--yes', '--wait', '--write', '--diff', '--dry-run']);
const SHORT_NAMES: Record<string, string> = { '-f': '--format', '-y': '--yes' };

/** Which options each command takes (`--help` and `--version` go with any). */
const ALLOWED: Record<string, readonly string[]> = {
  check: ['--format'],
  fix: [],
  digest: [],
  key: [],
  migrate: ['--write', '--diff'],
  'new-request': [...NEW_REQUEST_VALUE_OPTIONS, '--dry-run'],
  help: [],
  submit: ['--format', ...SUBMIT_VALUE_OPTIONS, '--yes', '--wait'],
  resend: ['--format', '--foundry', '--max-attempts', '--timeout-ms', '--yes'],
  submissions: ['--format'],
};

function usageProblem(problem: string): ParsedArguments {
  return { ok: false, problem };
}

export interface RawOptions {
  /** The last value of each value option, by long name. */
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArguments(args: readonly string[]): ParsedArguments {
  const operands: string[] = [];
  const options: RawOptions = { values: new Map(), flags: new Set() };
  const given: string[] = [];
  let help = false;
  let version = false;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      version = true;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const written = equals === -1 ? arg : arg.slice(0, equals);
    const name = SHORT_NAMES[written] ?? written;
    if (VALUE_OPTIONS.has(name)) {
      let value: string;
      if (equals !== -1) value = arg.slice(equals + 1);
      else if (i + 1 < args.length) value = args[++i];
      else return usageProblem(name === '--format' ? `${written} needs a value: ${OUTPUT_FORMATS.join(', ')}` : `${written} needs a value`);
      options.values.set(name, value);
      given.push(name);
    } else if (FLAG_OPTIONS.has(name) && equals === -1) {
      options.flags.add(name);
      given.push(name);
    } else {
      return usageProblem(`unknown option "${arg}"`);
    }
  }
  if (help) return { ok: true, command: { name: 'help' } };
  if (version) return { ok: true, command: { name: 'version' } };

  const [name, ...rest] = operands;
  if (name === undefined) return usageProblem('no command given');
  if (!(COMMANDS as readonly string[]).includes(name)) return usageProblem(`unknown command "${name}"`);
  const foreign = given.find((option) => !ALLOWED[name].includes(option));
  if (foreign !== undefined) return usageProblem(`"${name}" does not take ${foreign}`);
  const format = options.values.get('--format');

  switch (name) {
    case 'help':
      return { ok: true, command: { name: 'help' } };
    case 'check': {
      const chosen = format ?? 'text';
      if (!(OUTPUT_FORMATS as readonly string[]).includes(chosen)) {
        return usageProblem(`unknown format "${chosen}": use ${OUTPUT_FORMATS.join(', ')}`);
      }
      return { ok: true, command: { name: 'check', paths: rest.length > 0 ? rest : ['.'], format: chosen as OutputFormat } };
    }
    case 'migrate':
      if (rest.length !== 1) return usageProblem('"migrate" needs exactly one brief file');
      return {
        ok: true,
        command: { name: 'migrate', file: rest[0], write: options.flags.has('--write'), diff: options.flags.has('--diff') },
      };
    case 'new-request':
      return newRequestCommand(rest, options);
    case 'fix':
      if (rest.length === 0) return usageProblem('"fix" needs at least one file or folder');
      return { ok: true, command: { name: 'fix', paths: rest } };
    case 'submit':
    case 'resend':
    case 'submissions':
      return submissionCommand(name, rest, options);
    default:
      if (rest.length !== 1) return usageProblem(`"${name}" needs exactly one file`);
      return { ok: true, command: { name: name as 'digest' | 'key', file: rest[0] } };
  }
}

function newRequestCommand(rest: string[], options: RawOptions): ParsedArguments {
  if (rest.length !== 1) return usageProblem('"new-request" needs exactly one brief file');
  const value = (name: string) => options.values.get(name);
  const empty = NEW_REQUEST_VALUE_OPTIONS.find((name) => value(name) === '');
  if (empty !== undefined) return usageProblem(`${empty} needs a value`);
  const command: NewRequestCommand = {
    brief: rest[0],
    dryRun: options.flags.has('--dry-run'),
    ...(value('--out') === undefined ? {} : { out: value('--out') }),
    ...(value('--callback-url') === undefined ? {} : { callbackUrl: value('--callback-url') }),
    ...(value('--branch') === undefined ? {} : { branch: value('--branch') }),
    ...(value('--revision') === undefined ? {} : { revision: value('--revision') }),
  };
  return { ok: true, command: { name: 'new-request', ...command } };
}

function submissionCommand(name: 'submit' | 'resend' | 'submissions', rest: string[], options: RawOptions): ParsedArguments {
  const format = options.values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') return usageProblem(`unknown format "${format}" for "${name}": use text, json`);
  if (name === 'submissions') {
    if (rest.length > 0) return usageProblem(`"submissions" takes no operands (it lists the whole ledger), not "${rest[0]}"`);
    return { ok: true, command: { name, format } };
  }
  const resendKey = options.values.get('--resend');
  const parsed = parseSubmitOptions(options, name === 'resend' || resendKey !== undefined);
  if (!parsed.ok) return usageProblem(parsed.problem);
  if (name === 'resend' || resendKey !== undefined) {
    // `alloy submit --resend KEY` is the spelling the engine's "outcome unknown" sentence gives.
    const operands = resendKey === undefined ? rest : [resendKey, ...rest];
    if (resendKey !== undefined && options.flags.has('--wait')) return usageProblem('--wait cannot be combined with --resend');
    if (operands.length !== 1) return usageProblem('"resend" needs exactly one key (or an unambiguous key prefix)');
    const { foundryPath, maxAttempts, timeoutMs, yes } = parsed.options;
    const send: SendOptions = {
      ...(foundryPath === undefined ? {} : { foundryPath }),
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      yes,
    };
    return { ok: true, command: { name: 'resend', key: operands[0], format, ...send } };
  }
  if (rest.length === 0) return usageProblem('"submit" needs at least one request file');
  return { ok: true, command: { name: 'submit', files: rest, ...parsed.options, format } };
}
