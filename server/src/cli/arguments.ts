// Parses the `alloy` command line into one command, or says what is wrong with it (exit 2).

export type OutputFormat = 'text' | 'json' | 'sarif';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export type CliCommand =
  | { name: 'check'; paths: string[]; format: OutputFormat }
  | { name: 'fix'; paths: string[] }
  | { name: 'digest'; file: string }
  | { name: 'key'; file: string }
  | { name: 'help' }
  | { name: 'version' };

export type ParsedArguments = { ok: true; command: CliCommand } | { ok: false; problem: string };

const COMMANDS = ['check', 'fix', 'digest', 'key', 'help'] as const;

function usageProblem(problem: string): ParsedArguments {
  return { ok: false, problem };
}

export function parseArguments(args: readonly string[]): ParsedArguments {
  const operands: string[] = [];
  let format: string | undefined;
  let help = false;
  let version = false;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      operands.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--version' || arg === '-v') {
      version = true;
    } else if (arg === '--format' || arg === '-f') {
      if (i + 1 >= args.length) return usageProblem(`${arg} needs a value: ${OUTPUT_FORMATS.join(', ')}`);
      format = args[++i];
    } else if (arg.startsWith('--format=')) {
      format = arg.slice('--format='.length);
    } else {
      return usageProblem(`unknown option "${arg}"`);
    }
  }
  if (help) return { ok: true, command: { name: 'help' } };
  if (version) return { ok: true, command: { name: 'version' } };

  const [name, ...rest] = operands;
  if (name === undefined) return usageProblem('no command given');
  if (!(COMMANDS as readonly string[]).includes(name)) return usageProblem(`unknown command "${name}"`);
  if (format !== undefined && name !== 'check') return usageProblem(`--format applies to "check" only`);

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
    case 'fix':
      if (rest.length === 0) return usageProblem('"fix" needs at least one file or folder');
      return { ok: true, command: { name: 'fix', paths: rest } };
    default:
      if (rest.length !== 1) return usageProblem(`"${name}" needs exactly one file`);
      return { ok: true, command: { name: name as 'digest' | 'key', file: rest[0] } };
  }
}
