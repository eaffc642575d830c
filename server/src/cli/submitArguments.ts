// The options of `alloy submit` and `alloy resend`, checked before anything runs: the transport,
// the foundry executable, attempt and timeout numbers in the engine's ranges, --yes and --wait.

import type { TransportName } from '../submission';

/** What `submit` and `resend` share. */
export interface SendOptions {
  foundryPath?: string;
  maxAttempts?: number;
  timeoutMs?: number;
  /** `throttle: full` is sent only with this. */
  yes: boolean;
}

export interface SubmitOptionsParsed extends SendOptions {
  transport: TransportName;
  endpoint?: string;
  wait: boolean;
  waitTimeoutMs: number;
}

export const SUBMIT_VALUE_OPTIONS = [
  '--endpoint',
  '--transport',
  '--foundry',
  '--max-attempts',
  '--timeout-ms',
  '--wait-timeout',
  '--resend',
] as const;

export const DEFAULT_WAIT_TIMEOUT_MS = 120_000;

/** A whole number in [min, max], or a sentence saying why not. */
function wholeNumber(option: string, raw: string | undefined, min: number, max: number): number | string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    return `${option} must be a whole number from ${min} to ${max}, not "${raw}"`;
  }
  return Number(raw);
}

/** `resend` is true for `alloy resend` and `alloy submit --resend`: the recorded endpoint and transport are used. */
export function parseSubmitOptions(
  options: { values: ReadonlyMap<string, string>; flags: ReadonlySet<string> },
  resend: boolean,
): { ok: true; options: SubmitOptionsParsed } | { ok: false; problem: string } {
  const problem = (text: string) => ({ ok: false as const, problem: text });
  const transport = options.values.get('--transport') ?? 'http';
  if (transport !== 'http' && transport !== 'foundry-cli') return problem(`--transport must be http or foundry-cli, not "${transport}"`);
  const maxAttempts = wholeNumber('--max-attempts', options.values.get('--max-attempts'), 1, 20);
  if (typeof maxAttempts === 'string') return problem(maxAttempts);
  // One attempt (HTTP) or one `foundry emit` run; the engine's floor for the CLI run is 1 s.
  const timeoutMs = wholeNumber('--timeout-ms', options.values.get('--timeout-ms'), transport === 'http' ? 100 : 1000, 3_600_000);
  if (typeof timeoutMs === 'string') return problem(timeoutMs);
  const waitTimeout = wholeNumber('--wait-timeout', options.values.get('--wait-timeout'), 1000, 86_400_000);
  if (typeof waitTimeout === 'string') return problem(waitTimeout);
  const wait = options.flags.has('--wait');
  if (waitTimeout !== undefined && !wait) return problem('--wait-timeout needs --wait');
  const foundryPath = options.values.get('--foundry');
  if (foundryPath !== undefined && foundryPath.trim() === '') return problem('--foundry needs the path of the foundry executable');
  if (foundryPath !== undefined && transport !== 'foundry-cli' && !resend) {
    return problem('--foundry applies to --transport foundry-cli');
  }
  const endpoint = options.values.get('--endpoint');
  if (endpoint !== undefined && transport === 'foundry-cli') return problem('--endpoint applies to the http transport, not foundry-cli');
  if (resend) {
    const conflict = ['--endpoint', '--transport', '--wait-timeout'].find((o) => options.values.has(o));
    if (conflict !== undefined)
      return problem(`${conflict} cannot be combined with --resend (the recorded endpoint and transport are used)`);
  }
  return {
    ok: true,
    options: {
      transport,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(foundryPath === undefined ? {} : { foundryPath }),
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      yes: options.flags.has('--yes'),
      wait,
      waitTimeoutMs: waitTimeout ?? DEFAULT_WAIT_TIMEOUT_MS,
    },
  };
}
