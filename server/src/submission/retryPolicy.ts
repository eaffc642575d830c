// How often and how long the engine tries: a bounded number of attempts (default 5), exponential
// backoff with full jitter (a uniform wait in [0, min(cap, base·2^(n-1))) from the injected
// random), `Retry-After` honoured as asked, a total time budget and a per-attempt timeout.

import type { Random } from './ports';
import { retryAfterMs, type RetryAfter } from './retryAfter';
import { durationWords } from './timeWords';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The backoff cap of the first retry; it doubles with each further one. */
  baseDelayMs: number;
  /** No backoff wait is longer (a server's Retry-After may be). */
  maxDelayMs: number;
  /** From the first attempt's start: no attempt starts, and no wait ends, after this. */
  totalBudgetMs: number;
  /** One attempt's limit (shortened to what is left of the budget). */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  totalBudgetMs: 120_000,
  attemptTimeoutMs: 30_000,
};

const LIMITS: Record<keyof RetryPolicy, [number, number]> = {
  maxAttempts: [1, 20],
  baseDelayMs: [0, 600_000],
  maxDelayMs: [0, 3_600_000],
  totalBudgetMs: [100, 86_400_000],
  attemptTimeoutMs: [100, 3_600_000],
};

/** The policy with defaults filled in, or the first setting that is out of range, in words. */
export function retryPolicyOf(
  partial: Partial<RetryPolicy> = {},
): { ok: true; policy: RetryPolicy } | { ok: false; setting: string; reason: string } {
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const name of Object.keys(LIMITS) as (keyof RetryPolicy)[]) {
    const value = partial[name];
    if (value === undefined) continue;
    const [min, max] = LIMITS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return { ok: false, setting: name, reason: `must be a whole number from ${min} to ${max}, not ${String(value)}` };
    }
    policy[name] = value;
  }
  return { ok: true, policy };
}

/** The full-jitter wait after the `failed`-th failed attempt (1-based). */
export function backoffMs(policy: RetryPolicy, failed: number, random: Random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(failed - 1, 40));
  const r = random();
  const unit = r >= 0 && r < 1 ? r : 0;
  return Math.floor(unit * ceiling);
}

export type NextStep = { kind: 'retry'; delayMs: number; reason: 'retry-after' | 'backoff' } | { kind: 'stop'; why: string };

/**
 * After attempt `attempt` failed in a retryable way: wait and try again, or stop (attempts spent,
 * or the wait would end past the total budget).
 */
export function nextStep(
  policy: RetryPolicy,
  state: { attempt: number; startedAt: number; now: number; retryAfter?: RetryAfter },
  random: Random,
): NextStep {
  if (state.attempt >= policy.maxAttempts) {
    return { kind: 'stop', why: `${policy.maxAttempts} attempt${policy.maxAttempts === 1 ? '' : 's'} made (the limit)` };
  }
  const asked = state.retryAfter === undefined ? undefined : retryAfterMs(state.retryAfter, state.now);
  const delayMs = asked ?? backoffMs(policy, state.attempt, random);
  const endsAt = state.now + delayMs - state.startedAt;
  if (endsAt >= policy.totalBudgetMs) {
    const wait = asked === undefined ? `the next wait (${durationWords(delayMs)})` : `the server's Retry-After (${durationWords(delayMs)})`;
    return { kind: 'stop', why: `${wait} would pass the total budget of ${durationWords(policy.totalBudgetMs)}` };
  }
  return { kind: 'retry', delayMs, reason: asked === undefined ? 'backoff' : 'retry-after' };
}

/** The timeout of an attempt starting at `now`: the per-attempt limit, cut to the budget left. */
export function attemptTimeoutMs(policy: RetryPolicy, startedAt: number, now: number): number {
  return Math.max(1, Math.min(policy.attemptTimeoutMs, policy.totalBudgetMs - (now - startedAt)));
}
