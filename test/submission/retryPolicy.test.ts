// The retry policy on its own: defaults, range checks, full-jitter bounds, Retry-After against the
// clock, and the total budget.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attemptTimeoutMs, backoffMs, DEFAULT_RETRY_POLICY, nextStep, retryPolicyOf } from '../../server/src/submission';
import { seededRandom } from './fakePorts';

test('defaults: 5 attempts, 1 s base, 30 s cap, 2 min budget, 30 s per attempt', () => {
  assert.deepEqual(DEFAULT_RETRY_POLICY, {
    maxAttempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    totalBudgetMs: 120_000,
    attemptTimeoutMs: 30_000,
  });
  assert.deepEqual(retryPolicyOf({ maxAttempts: 8 }), { ok: true, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 8 } });
  assert.deepEqual(retryPolicyOf({ maxAttempts: 21 }), {
    ok: false,
    setting: 'maxAttempts',
    reason: 'must be a whole number from 1 to 20, not 21',
  });
  assert.deepEqual(retryPolicyOf({ attemptTimeoutMs: 1.5 }), {
    ok: false,
    setting: 'attemptTimeoutMs',
    reason: 'must be a whole number from 100 to 3600000, not 1.5',
  });
});

test('full jitter: uniform in [0, min(cap, base·2^(n-1))), the extremes of random included', () => {
  const policy = DEFAULT_RETRY_POLICY;
  assert.equal(
    backoffMs(policy, 1, () => 0),
    0,
  );
  assert.equal(
    backoffMs(policy, 1, () => 0.999999),
    999,
  );
  assert.equal(
    backoffMs(policy, 3, () => 0.5),
    2000,
  );
  assert.equal(
    backoffMs(policy, 9, () => 0.5),
    15_000,
    'capped at 30 s',
  );
  assert.equal(
    backoffMs(policy, 60, () => 0.5),
    15_000,
    'no overflow for large n',
  );
  assert.equal(
    backoffMs(policy, 2, () => 1),
    0,
    'an out-of-range random is treated as 0',
  );
  const random = seededRandom(99);
  for (let n = 1; n <= 8; n++) {
    const cap = Math.min(30_000, 1000 * 2 ** (n - 1));
    for (let i = 0; i < 200; i++) {
      const ms = backoffMs(policy, n, random);
      assert.ok(ms >= 0 && ms < cap, `n=${n}: ${ms}`);
    }
  }
});

test('nextStep: the attempt limit, Retry-After as asked, and the budget', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
  assert.deepEqual(
    nextStep(policy, { attempt: 3, startedAt: 0, now: 0 }, () => 0.5),
    { kind: 'stop', why: '3 attempts made (the limit)' },
  );
  assert.deepEqual(
    nextStep(policy, { attempt: 1, startedAt: 0, now: 0, retryAfter: { kind: 'seconds', seconds: 45 } }, () => 0.5),
    {
      kind: 'retry',
      delayMs: 45_000,
      reason: 'retry-after',
    },
  );
  assert.deepEqual(
    nextStep(policy, { attempt: 1, startedAt: 0, now: 100_000, retryAfter: { kind: 'date', at: 130_000 } }, () => 0.5),
    {
      kind: 'stop',
      why: "the server's Retry-After (30 s) would pass the total budget of 2 min",
    },
  );
  assert.deepEqual(
    nextStep(policy, { attempt: 2, startedAt: 0, now: 119_500 }, () => 0.5),
    {
      kind: 'stop',
      why: 'the next wait (1 s) would pass the total budget of 2 min',
    },
  );
  assert.equal(attemptTimeoutMs(policy, 0, 0), 30_000);
  assert.equal(attemptTimeoutMs(policy, 0, 110_000), 10_000);
  assert.equal(attemptTimeoutMs(policy, 0, 200_000), 1);
});
