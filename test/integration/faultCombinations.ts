// The seeded schedule of fault combinations (one intake fault per attempt, a Retry-After, an attempt
// limit, the token used) and the model that says, from SPEC §7.2 and the intake's README alone,
// what the engine must end with, how often it must try, what the intake must answer and run.

import { DEFAULT_RETRY_POLICY, parseLedger, type LedgerEntry } from '../../server/src/submission';
import type { AttemptEntry } from '../../server/src/devIntake';

/** What the intake does to one attempt (set with setFaults() just before it). */
export const ATTEMPT_FAULTS = ['reset', 'unavailable', 'unavailable-date', 'throttled', 'error', 'drop', 'slow'] as const;
export type AttemptFault = (typeof ATTEMPT_FAULTS)[number];
export type TokenUse = 'right' | 'missing' | 'wrong';

export interface Combination {
  index: number;
  /** Attempt n meets faults[n - 1]; attempts past the end meet no fault. */
  faults: AttemptFault[];
  retryAfterSeconds: number;
  maxAttempts: number;
  token: TokenUse;
}

/** The intake holds a `slow` attempt this long (real time); the engine gives up on an attempt much sooner. */
export const SLOW_RESPONSE_MS = 4000;
export const SLOW_ATTEMPT_TIMEOUT_MS = 1000;
/** At most this many slow attempts per combination, so the key stays in flight for all of its later attempts. */
const MAX_SLOW = 2;
const POLICY = DEFAULT_RETRY_POLICY;

/** Mulberry32: the same numbers for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker(random: () => number) {
  return <T>(weighted: readonly (readonly [T, number])[]): T => {
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let r = random() * total;
    for (const [value, weight] of weighted) {
      r -= weight;
      if (r < 0) return value;
    }
    return weighted[weighted.length - 1][0];
  };
}

const FAULT_WEIGHTS: readonly (readonly [AttemptFault, number])[] = [
  ['reset', 3],
  ['unavailable', 3],
  ['unavailable-date', 2],
  ['throttled', 3],
  ['error', 4],
  ['drop', 2],
  ['slow', 0.6],
];

/** Combination `index` of the schedule `seed`: the same every run. */
export function combinationAt(seed: number, index: number): Combination {
  const pick = picker(seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0));
  const length = pick([
    [0, 1],
    [1, 3],
    [2, 3],
    [3, 3],
    [4, 2],
    [5, 2],
    [6, 1],
    [7, 1],
  ] as const);
  const faults: AttemptFault[] = [];
  while (faults.length < length) {
    const fault = pick(FAULT_WEIGHTS);
    if (fault === 'slow' && faults.filter((f) => f === 'slow').length >= MAX_SLOW) continue;
    faults.push(fault);
  }
  const slow = faults.includes('slow');
  const retryAfterSeconds = pick([
    [0, 2],
    [1, 3],
    [2, 3],
    [7, 2],
    [45, 2],
    [100, 1],
  ] as const);
  const maxAttempts = slow
    ? pick([
        [1, 1],
        [2, 1],
        [3, 1],
        [5, 3],
      ] as const)
    : pick([
        [1, 1],
        [2, 1],
        [3, 1],
        [5, 4],
        [8, 1],
      ] as const);
  const token = pick([
    ['right', 86],
    ['missing', 7],
    ['wrong', 7],
  ] as const);
  return { index, faults, retryAfterSeconds, maxAttempts, token };
}

/** The intake's fault flags for an attempt meeting `fault` (none: no flags). */
export function intakeFlags(fault: AttemptFault | undefined, retryAfterSeconds: number): string[] {
  const retryAfter = `retry-after=${retryAfterSeconds}`;
  switch (fault) {
    case undefined:
      return [];
    case 'reset':
      return ['reset-before-read=1'];
    case 'unavailable':
      return ['unavailable=1', retryAfter];
    case 'unavailable-date':
      return ['unavailable-http-date=1', retryAfter];
    case 'throttled':
      return ['throttled=1', retryAfter];
    case 'error':
      return ['error=1'];
    case 'drop':
      return ['drop-after-processing=1'];
    case 'slow':
      return [`slow-response=${SLOW_RESPONSE_MS}`];
  }
}

/** The engine's retry setting for a combination. */
export function retryOf(c: Combination): { maxAttempts: number; attemptTimeoutMs?: number } {
  return c.faults.includes('slow')
    ? { maxAttempts: c.maxAttempts, attemptTimeoutMs: SLOW_ATTEMPT_TIMEOUT_MS }
    : { maxAttempts: c.maxAttempts };
}

export type FinalOutcome = 'accepted' | 'already-submitted' | 'rejected' | 'given-up';

export interface Prediction {
  outcome: FinalOutcome;
  attempts: number;
  /** The deciding status; `undefined` when the last answer was a failure (reset, timeout). */
  status: number | undefined;
  replayed: boolean;
  authNeeded: boolean;
  /** Whether the intake holds a run of the key afterwards. */
  recorded: boolean;
  /** The intake's answer to each attempt, when no slow attempt makes the order depend on time. */
  intakeAnswers: string[] | undefined;
  /** Waits that broke the rules (Retry-After not honoured, backoff out of range, an early stop). */
  violations: string[];
}

/**
 * Walks the combination attempt by attempt as the SPEC and the intake README describe it, taking
 * the engine's recorded waits where the rules leave a choice (backoff jitter), checking each.
 */
export function predictFirstSubmit(c: Combination, sleeps: readonly number[], startedAt: number): Prediction {
  const violations: string[] = [];
  const tokenOk = c.token === 'right';
  const answers: string[] = [];
  let recorded = false;
  let inFlight = false;
  let elapsed = 0;
  let waited = 0;
  const end = (outcome: FinalOutcome, attempts: number, status: number | undefined, extra: Partial<Prediction> = {}): Prediction => {
    if (waited < sleeps.length) violations.push(`the engine waited ${sleeps.length} times; the rules allow ${waited}`);
    return {
      outcome,
      attempts,
      status,
      replayed: false,
      authNeeded: false,
      recorded,
      intakeAnswers: c.faults.includes('slow') ? undefined : answers,
      violations,
      ...extra,
    };
  };
  for (let attempt = 1; ; attempt++) {
    const fault = c.faults[attempt - 1];
    let retryAfterMs: number | undefined;
    let status: number | undefined;
    switch (fault) {
      case 'reset':
        answers.push('reset');
        break;
      case 'unavailable':
      case 'throttled':
        status = fault === 'throttled' ? 429 : 503;
        answers.push(String(status));
        retryAfterMs = c.retryAfterSeconds * 1000;
        break;
      case 'unavailable-date': {
        status = 503;
        answers.push('503');
        const now = startedAt + elapsed;
        retryAfterMs = Math.ceil((now + c.retryAfterSeconds * 1000) / 1000) * 1000 - now;
        break;
      }
      case 'error':
        status = 500;
        answers.push('500');
        break;
      case 'drop':
        if (!tokenOk) {
          answers.push('401');
          return end('rejected', attempt, 401, { authNeeded: true });
        }
        if (inFlight) {
          answers.push('409');
          return end('already-submitted', attempt, 409);
        }
        recorded = true;
        answers.push('dropped');
        break;
      case 'slow':
        // The engine times out whatever the intake answers later; a new key is recorded before the wait.
        if (tokenOk && !recorded) {
          recorded = true;
          inFlight = true;
        }
        break;
      case undefined:
        if (!tokenOk) {
          answers.push('401');
          return end('rejected', attempt, 401, { authNeeded: true });
        }
        if (inFlight) {
          answers.push('409');
          return end('already-submitted', attempt, 409);
        }
        if (recorded) {
          answers.push('200');
          return end('already-submitted', attempt, 200, { replayed: true });
        }
        recorded = true;
        answers.push('202');
        return end('accepted', attempt, 202);
    }
    if (attempt >= c.maxAttempts) return end('given-up', attempt, status);
    if (retryAfterMs !== undefined) {
      if (elapsed + retryAfterMs >= POLICY.totalBudgetMs) return end('given-up', attempt, status);
      const slept = sleeps[waited++];
      if (slept !== retryAfterMs) {
        violations.push(`attempt ${attempt} (${fault}, Retry-After ${retryAfterMs} ms): the engine waited ${slept} ms`);
      }
      elapsed += slept ?? 0;
      continue;
    }
    const cap = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (attempt - 1));
    const slept = sleeps[waited];
    if (slept === undefined) {
      if (elapsed + cap < POLICY.totalBudgetMs) violations.push(`attempt ${attempt} (${fault}): the engine stopped with budget left`);
      return end('given-up', attempt, status);
    }
    waited++;
    if (!Number.isInteger(slept) || slept < 0 || slept >= cap) {
      violations.push(`attempt ${attempt} (${fault}): a backoff of ${slept} ms is outside [0, ${cap})`);
    }
    elapsed += slept;
  }
}

/** What the engine handed back, reduced to what the model predicts. */
export interface SubmitSummary {
  kind: string;
  outcome?: string;
  status?: number;
  replayed?: boolean;
  authNeeded?: boolean;
  attempts?: number;
  submission?: string;
  resendOf?: string;
}

export interface CombinationRun {
  combination: Combination;
  key: string;
  requestId: string;
  sha256Hex: string;
  bytes: Buffer;
  startedAt: number;
  first: SubmitSummary;
  firstSleeps: number[];
  /** The submit of the same bytes with the faults cleared (and the right token), after given-up or 401. */
  again?: SubmitSummary;
  ledgerText: string;
}

export interface IntakeView {
  /** The intake's attempts whose Idempotency-Key header is this run's key. */
  attempts: AttemptEntry[];
  runs: number;
  /** Runs seen by the callback sink (accepted callbacks). */
  callbackRuns: number;
}

function ledgerViolations(run: CombinationRun, expected: SubmitSummary[]): string[] {
  const problems: string[] = [];
  const lines = run.ledgerText.split('\n');
  if (lines.pop() !== '') problems.push('the ledger does not end with a newline');
  lines.forEach((line, i) => {
    try {
      JSON.parse(line);
    } catch {
      problems.push(`ledger line ${i + 1} is not JSON`);
    }
  });
  const parsed = parseLedger(Buffer.from(run.ledgerText, 'utf8'));
  for (const w of parsed.warnings) problems.push(`ledger line ${w.line}: ${w.reason}`);
  const entries: LedgerEntry[] = parsed.entries.map((e) => e.entry);
  const submissions = [...new Set(entries.map((e) => e.submission))];
  if (submissions.length !== expected.length)
    problems.push(`the ledger has ${submissions.length} submissions, expected ${expected.length}`);
  submissions.forEach((id, s) => {
    const mine = entries.filter((e) => e.submission === id);
    const want = expected[s];
    const shape = mine.map((e) => (e.type === 'attempt' ? `attempt ${e.attempt}` : e.type));
    const wanted = ['pending', ...Array.from({ length: want?.attempts ?? 0 }, (_, i) => `attempt ${i + 1}`), 'outcome'];
    if (shape.join(',') !== wanted.join(','))
      problems.push(`submission ${s + 1} lines: ${shape.join(', ')}; expected ${wanted.join(', ')}`);
    const pending = mine[0];
    if (pending?.type === 'pending') {
      if (pending.sha256 !== `sha256:${run.sha256Hex}`) problems.push(`submission ${s + 1} recorded sha256 ${pending.sha256}`);
      if (!Buffer.from(pending.bytes, 'base64').equals(run.bytes)) problems.push(`submission ${s + 1} recorded other bytes`);
    }
    const outcome = mine[mine.length - 1];
    if (outcome?.type === 'outcome' && outcome.outcome !== want?.outcome) {
      problems.push(`submission ${s + 1}: the ledger says ${outcome.outcome}, the engine said ${want?.outcome}`);
    }
    if (mine.some((e) => e.key !== run.key || e.requestId !== run.requestId)) problems.push(`submission ${s + 1} names another key or id`);
  });
  return problems;
}

function compare(label: string, observed: SubmitSummary, predicted: Prediction, problems: string[]): void {
  const got = { kind: observed.kind, outcome: observed.outcome, attempts: observed.attempts, status: observed.status };
  const want = { kind: 'sent', outcome: predicted.outcome, attempts: predicted.attempts, status: predicted.status };
  if (JSON.stringify(got) !== JSON.stringify(want))
    problems.push(`${label}: got ${JSON.stringify(got)}, the model says ${JSON.stringify(want)}`);
  if ((observed.replayed ?? false) !== predicted.replayed)
    problems.push(`${label}: replayed ${observed.replayed}, expected ${predicted.replayed}`);
  if ((observed.authNeeded ?? false) !== predicted.authNeeded) {
    problems.push(`${label}: authNeeded ${observed.authNeeded}, expected ${predicted.authNeeded}`);
  }
}

/** Every way a run broke the model or an invariant, in words (empty when it kept them all). */
export function judgeCombination(run: CombinationRun, intake: IntakeView): string[] {
  const c = run.combination;
  const problems: string[] = [];
  const predicted = predictFirstSubmit(c, run.firstSleeps, run.startedAt);
  problems.push(...predicted.violations);
  compare('first submit', run.first, predicted, problems);
  if ((run.first.attempts ?? 0) > c.maxAttempts) problems.push(`${run.first.attempts} attempts exceed the limit ${c.maxAttempts}`);

  const needsAgain = predicted.outcome === 'given-up' || predicted.outcome === 'rejected';
  const expectedSubmits: SubmitSummary[] = [run.first];
  let intakeAnswers = predicted.intakeAnswers;
  if (needsAgain !== (run.again !== undefined)) problems.push(`a second submit ${needsAgain ? 'was expected' : 'was not expected'}`);
  if (run.again) {
    expectedSubmits.push(run.again);
    const again = run.again;
    const recordedBefore = predicted.recorded;
    const wantOutcome = recordedBefore ? 'already-submitted' : 'accepted';
    const statuses = recordedBefore ? (c.faults.includes('slow') ? [200, 409] : [200]) : [202];
    if (again.kind !== 'sent' || again.outcome !== wantOutcome || again.attempts !== 1 || !statuses.includes(again.status ?? -1)) {
      problems.push(`second submit: got ${JSON.stringify(again)}, expected ${wantOutcome} (${statuses.join(' or ')}) in 1 attempt`);
    }
    // A given-up submission may have been received: its recorded bytes are sent again under the same key.
    if (predicted.outcome === 'given-up' && again.resendOf !== run.first.submission) {
      problems.push(`second submit re-sends ${again.resendOf ?? 'nothing'}, expected ${run.first.submission}`);
    }
    if (predicted.outcome === 'rejected' && again.resendOf !== undefined)
      problems.push('a rejected submission was re-sent as if unconfirmed');
    intakeAnswers = intakeAnswers && [...intakeAnswers, String(again.status)];
  }

  const totalAttempts = expectedSubmits.reduce((sum, s) => sum + (s.attempts ?? 0), 0);
  if (intake.attempts.length !== totalAttempts)
    problems.push(`the intake saw ${intake.attempts.length} attempts, the engine made ${totalAttempts}`);
  for (const a of intake.attempts) {
    if (a.request_id !== run.requestId) problems.push(`an attempt carried X-Alloy-Request-Id ${a.request_id}`);
    if (a.body_sha256 === null ? a.answer !== 'reset' : a.body_sha256 !== run.sha256Hex) {
      problems.push(`an attempt (answer ${a.answer}) carried a body of sha256 ${a.body_sha256}`);
    }
  }
  if (intakeAnswers) {
    const seen = intake.attempts.map((a) => a.answer);
    if (seen.join(',') !== intakeAnswers.join(','))
      problems.push(`the intake answered ${seen.join(', ')}; the model says ${intakeAnswers.join(', ')}`);
  }
  if (intake.attempts.filter((a) => a.answer === '202').length > 1) problems.push('the intake answered 202 twice for one key');

  const finallyRecorded = predicted.recorded || run.again?.outcome === 'accepted';
  if (intake.runs > 1) problems.push(`the intake ran the key ${intake.runs} times`);
  if (intake.runs !== (finallyRecorded ? 1 : 0))
    problems.push(`the intake ran the key ${intake.runs} times, expected ${finallyRecorded ? 1 : 0}`);
  if (intake.callbackRuns !== intake.runs)
    problems.push(`the callback sink saw ${intake.callbackRuns} runs, the intake says ${intake.runs}`);
  for (const s of expectedSubmits) {
    if ((s.outcome === 'accepted' || s.outcome === 'already-submitted') && intake.runs !== 1) {
      problems.push(`the engine said ${s.outcome} but the intake ran the key ${intake.runs} times`);
    }
  }
  problems.push(...ledgerViolations(run, expectedSubmits));
  return problems;
}
