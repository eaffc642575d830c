// The dev intake's fault flags: their one syntax (`name[=value]`, shared by --fault, setFaults()
// and POST /v1/_dev/faults) and the schedule that decides, attempt by attempt, which one fires.
// Pure: counters only. Counts are global over POST attempts on the intake route, from the last
// setFaults() (or start), so a test that sends one attempt at a time knows exactly what it gets.

import type { Parsed } from './parsed';

/** Faults with a budget of attempts: `name=N` fires on the next N attempts, bare `name` on every one. */
export const COUNT_FAULTS = [
  'reset-before-read',
  'unavailable',
  'unavailable-http-date',
  'throttled',
  'error',
  'drop-after-processing',
] as const;
/** Faults with a required duration: milliseconds, except `retry-after` (whole seconds). */
export const DURATION_FAULTS = ['slow-response', 'slow-callbacks', 'retry-after'] as const;
/** Faults without a value. */
export const FLAG_FAULTS = ['duplicate-callbacks', 'out-of-order-callbacks', 'findings', 'fail-run'] as const;

export type CountFault = (typeof COUNT_FAULTS)[number];
export type DurationFault = (typeof DURATION_FAULTS)[number];
export type FlagFault = (typeof FLAG_FAULTS)[number];
export type FaultName = CountFault | DurationFault | FlagFault;

/** `true` on a count fault means "every attempt". */
export type FaultSettings = Partial<Record<CountFault, number | true>> &
  Partial<Record<DurationFault, number>> &
  Partial<Record<FlagFault, boolean>>;

export const FAULT_DOCS: Record<FaultName, string> = {
  'reset-before-read': 'destroy the socket before reading the body; nothing is recorded',
  unavailable: 'answer 503 with Retry-After in seconds (see retry-after)',
  'unavailable-http-date': 'answer 503 with Retry-After as an HTTP date',
  throttled: 'answer 429 with Retry-After in seconds',
  error: 'answer 500',
  'drop-after-processing': 'process and record (a run, or a replay), then destroy the socket without answering',
  'slow-response': 'wait MS milliseconds before every answer of the intake route',
  'slow-callbacks': 'wait MS milliseconds before every callback',
  'retry-after': 'the Retry-After seconds of unavailable and throttled (default 1)',
  'duplicate-callbacks': 'send every callback twice',
  'out-of-order-callbacks': 'send completed (or failed) before started',
  findings: 'the run result is completed_with_findings',
  'fail-run': 'the run fails: a failed callback with a run result of status failed',
};

const ALL_FAULTS: readonly string[] = [...COUNT_FAULTS, ...DURATION_FAULTS, ...FLAG_FAULTS];

function isCountFault(name: string): name is CountFault {
  return (COUNT_FAULTS as readonly string[]).includes(name);
}
function isDurationFault(name: string): name is DurationFault {
  return (DURATION_FAULTS as readonly string[]).includes(name);
}

/** Parses a list of `name[=value]` flags into settings; a later flag of the same name wins. */
export function parseFaults(flags: readonly string[]): Parsed<FaultSettings> {
  const settings: Record<string, number | boolean> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    const name = (equals < 0 ? flag : flag.slice(0, equals)).trim();
    const raw = equals < 0 ? undefined : flag.slice(equals + 1).trim();
    if (!ALL_FAULTS.includes(name)) {
      return { ok: false, message: `Unknown fault "${name}". Known faults: ${ALL_FAULTS.join(', ')}.` };
    }
    if (isCountFault(name)) {
      if (raw === undefined) settings[name] = true;
      else if (/^[1-9][0-9]{0,8}$/.test(raw)) settings[name] = Number(raw);
      else
        return {
          ok: false,
          message: `Fault "${name}" takes a count of attempts (a whole number ≥ 1), or no value for every attempt; got "${raw}".`,
        };
    } else if (isDurationFault(name)) {
      const unit = name === 'retry-after' ? 'seconds' : 'milliseconds';
      if (raw === undefined || !/^[0-9]{1,9}$/.test(raw)) {
        return {
          ok: false,
          message: `Fault "${name}" needs a value in ${unit} (a whole number ≥ 0), as in ${name}=${unit === 'seconds' ? '2' : '500'}.`,
        };
      }
      settings[name] = Number(raw);
    } else {
      if (raw !== undefined) return { ok: false, message: `Fault "${name}" takes no value; got "${raw}".` };
      settings[name] = true;
    }
  }
  return checkFaults(settings as FaultSettings);
}

/** Checks settings given as an object (setFaults() or JSON): known names, right value types. */
export function checkFaults(settings: FaultSettings): Parsed<FaultSettings> {
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (!ALL_FAULTS.includes(name)) return { ok: false, message: `Unknown fault "${name}". Known faults: ${ALL_FAULTS.join(', ')}.` };
    const valid = isCountFault(name)
      ? value === true || (Number.isInteger(value) && (value as number) >= 1)
      : isDurationFault(name)
        ? Number.isInteger(value) && (value as number) >= 0
        : typeof value === 'boolean';
    if (!valid) return { ok: false, message: `Fault "${name}" has an invalid value ${JSON.stringify(value)}.` };
  }
  if (settings.findings && settings['fail-run']) {
    return { ok: false, message: 'Faults "findings" and "fail-run" exclude each other: a run either completes with findings or fails.' };
  }
  return { ok: true, value: { ...settings } };
}

/** The flags that give these settings back (for GET /v1/_dev/faults and the start-up log). */
export function faultFlags(settings: FaultSettings): string[] {
  const flags: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined || value === false) continue;
    flags.push(value === true ? name : `${name}=${value}`);
  }
  return flags;
}

export type Refusal = { status: 503 | 429 | 500; retryAfter?: 'seconds' | 'http-date' };

/** Which fault fires on an attempt. Faults are tried in this order; each uses its own budget only when it fires. */
export class FaultSchedule {
  private readonly used = new Map<CountFault, number>();

  constructor(readonly settings: FaultSettings) {}

  /** Before the body is read: destroy the socket instead? */
  resetBeforeRead(): boolean {
    return this.fire('reset-before-read');
  }

  /** After the body is read, before anything else: answer with a refusal instead? */
  refusal(): Refusal | undefined {
    if (this.fire('unavailable')) return { status: 503, retryAfter: 'seconds' };
    if (this.fire('unavailable-http-date')) return { status: 503, retryAfter: 'http-date' };
    if (this.fire('throttled')) return { status: 429, retryAfter: 'seconds' };
    if (this.fire('error')) return { status: 500 };
    return undefined;
  }

  /** After a 202 or a 200 replay was decided (and recorded): destroy the socket instead of answering? */
  dropAnswer(): boolean {
    return this.fire('drop-after-processing');
  }

  /** Attempts left per count fault ('every' for an unbounded one). */
  remaining(): Partial<Record<CountFault, number | 'every'>> {
    const left: Partial<Record<CountFault, number | 'every'>> = {};
    for (const name of COUNT_FAULTS) {
      const budget = this.settings[name];
      if (budget === undefined) continue;
      left[name] = budget === true ? 'every' : Math.max(0, budget - (this.used.get(name) ?? 0));
    }
    return left;
  }

  private fire(name: CountFault): boolean {
    const budget = this.settings[name];
    if (budget === undefined) return false;
    const used = this.used.get(name) ?? 0;
    if (budget !== true && used >= budget) return false;
    this.used.set(name, used + 1);
    return true;
  }
}
