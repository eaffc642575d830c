// The engine over fake ports: write-ahead order, the exact ledger lines, every response rule,
// retries (full-jitter bounds, Retry-After as seconds and as a date, the budget), cancellation,
// and the same bytes and key on every attempt.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  submitRequest,
  submitResultText,
  progressText,
  type SubmitOptions,
  type SubmitProgress,
  type SubmitResult,
} from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { failureAnswer, fakePorts, response, START, type Fakes } from './fakePorts';
import { TokenWitness } from './tokenWitness';

const ENDPOINT = 'https://foundry.example.test/api/projects/{project_id}/run-requests';
const URL_SENT = 'https://foundry.example.test/api/projects/checkout-service/run-requests';
const KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
const REQUEST_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
const TOKEN = 'tok_S3CRET_engine_5f1c';

let example: ExampleCopy;
let file: string;
let bytes: Buffer;
const witness = new TokenWitness(TOKEN);

before(() => {
  example = copyExample();
  file = example.request('checkout-payment.json');
  bytes = fs.readFileSync(file);
});
after(() => {
  example.remove();
  witness.assertClean();
});

function sha(b: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(b).digest('hex');
}

async function submit(
  fakes: Fakes,
  options: Partial<SubmitOptions> = {},
  target = file,
): Promise<{ result: SubmitResult; progress: SubmitProgress[] }> {
  const progress: SubmitProgress[] = [];
  const result = await submitRequest(
    target,
    { endpoint: ENDPOINT, token: TOKEN, onProgress: (p) => progress.push(p), ...options },
    fakes.ports,
  );
  witness.record(
    result,
    submitResultText(result),
    fakes.ledger.text,
    progress.map(progressText),
    fakes.transport.calls.map((c) => c.url),
  );
  return { result, progress };
}

test('pending is recorded with the exact bytes before the transport is called, then attempt and outcome', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.transport.onCall = () => {
    const entries = fakes.ledger.entries();
    assert.equal(entries.length, 1, 'only the pending line exists while the request is on the wire');
    assert.equal(entries[0].type, 'pending');
  };
  const { result, progress } = await submit(fakes);
  assert.equal(result.kind, 'sent');
  const entries = fakes.ledger.entries();
  const submission = entries[0].submission;
  assert.match(submission, /^sub_[0-9a-z]{20}$/);
  const at = new Date(START).toISOString();
  assert.deepEqual(entries, [
    {
      v: 1,
      submission,
      at,
      key: KEY,
      requestId: REQUEST_ID,
      type: 'pending',
      requestFile: file,
      root: example.root,
      bytes: bytes.toString('base64'),
      sha256: sha(bytes),
      transport: 'http',
      owner: { pid: 4242, start: 'boot:1', until: new Date(START + 120_000 + 30_000 + 60_000).toISOString() },
      endpoint: URL_SENT,
      endpointHost: 'foundry.example.test',
      callbackUrl: 'http://127.0.0.1:47311/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed',
    },
    { v: 1, submission, at, key: KEY, requestId: REQUEST_ID, type: 'attempt', attempt: 1, status: 202 },
    { v: 1, submission, at, key: KEY, requestId: REQUEST_ID, type: 'outcome', outcome: 'accepted', status: 202 },
  ]);
  const [call] = fakes.transport.calls;
  assert.equal(call.url, URL_SENT);
  assert.equal(call.idempotencyKey, KEY);
  assert.equal(call.requestId, REQUEST_ID);
  assert.equal(call.token, TOKEN);
  assert.equal(call.timeoutMs, 30_000);
  assert.deepEqual(Buffer.from(call.body), bytes);
  assert.equal(submitResultText(result), 'accepted (202)');
  assert.deepEqual(
    progress.map((p) => p.kind),
    ['recorded', 'attempt', 'answer', 'finished'],
  );
  assert.equal(fakes.ledger.lockCalls, 1);
  assert.equal(fakes.owners.active.size, 0, 'the submission is no longer marked as sending');
});

test('5xx, resets and timeouts are retried with the same bytes and key; waits are full jitter within the doubling cap', async () => {
  const fakes = fakePorts([
    response(500),
    failureAnswer('reset', 'the connection to foundry.example.test was reset before an answer came'),
    failureAnswer('timeout', 'no answer from foundry.example.test within 30 s'),
    response(502),
    response(202),
  ]);
  const { result, progress } = await submit(fakes);
  assert.equal(result.kind, 'sent');
  if (result.kind !== 'sent') return;
  assert.equal(result.outcome, 'accepted');
  assert.equal(result.attempts, 5);
  assert.equal(submitResultText(result), 'accepted (202) after 5 attempts');
  assert.equal(fakes.transport.calls.length, 5);
  assert.deepEqual(new Set(fakes.transport.calls.map((c) => sha(c.body))), new Set([sha(bytes)]));
  assert.deepEqual(new Set(fakes.transport.calls.map((c) => c.idempotencyKey)), new Set([KEY]));
  assert.deepEqual(new Set(fakes.transport.calls.map((c) => c.requestId)), new Set([REQUEST_ID]));
  assert.equal(fakes.sleeps.length, 4);
  fakes.sleeps.forEach((ms, i) => {
    assert.ok(Number.isInteger(ms) && ms >= 0 && ms < 1000 * 2 ** i, `wait ${i + 1} is ${ms} ms, outside [0, ${1000 * 2 ** i})`);
  });
  const attempts = fakes.ledger.entries().filter((e) => e.type === 'attempt');
  assert.deepEqual(
    attempts.map((a) => (a.type === 'attempt' ? [a.attempt, a.status ?? a.error, a.retryInMs] : [])),
    [
      [1, 500, fakes.sleeps[0]],
      [2, 'the connection to foundry.example.test was reset before an answer came', fakes.sleeps[1]],
      [3, 'no answer from foundry.example.test within 30 s', fakes.sleeps[2]],
      [4, 502, fakes.sleeps[3]],
      [5, 202, undefined],
    ],
  );
  const waits = progress.filter((p) => p.kind === 'waiting').map(progressText);
  assert.equal(waits.length, 4);
  assert.match(waits[0], /^waiting \d+ ms before attempt 2 of 5$/);
});

test('full jitter: over many seeds every wait stays in [0, min(cap, base·2^(n-1))) and they spread over the range', async () => {
  const seen: number[][] = [[], [], [], []];
  for (let seed = 1; seed <= 60; seed++) {
    const fakes = fakePorts([response(503)], { seed });
    await submit(fakes, { retry: { baseDelayMs: 1000, maxDelayMs: 4000, totalBudgetMs: 600_000 } });
    assert.equal(fakes.sleeps.length, 4);
    fakes.sleeps.forEach((ms, i) => seen[i].push(ms));
  }
  const caps = [1000, 2000, 4000, 4000];
  seen.forEach((waits, i) => {
    assert.ok(
      waits.every((ms) => ms >= 0 && ms < caps[i]),
      `wait ${i + 1}: ${waits.find((ms) => ms < 0 || ms >= caps[i])}`,
    );
    assert.ok(Math.min(...waits) < caps[i] * 0.2 && Math.max(...waits) > caps[i] * 0.8, `wait ${i + 1} spreads over [0, ${caps[i]})`);
  });
});

test('the attempt limit ends in given-up, naming the limit and the last answer', async () => {
  const fakes = fakePorts([response(503)]);
  const { result } = await submit(fakes, { retry: { maxAttempts: 3 } });
  assert.equal(fakes.transport.calls.length, 3);
  assert.equal(result.kind, 'sent');
  if (result.kind !== 'sent') return;
  assert.equal(result.outcome, 'given-up');
  assert.equal(result.detail, '3 attempts made (the limit); last: answer 503');
  const total = fakes.sleeps.reduce((a, b) => a + b, 0);
  assert.equal(result.elapsedMs, total);
  assert.match(submitResultText(result), /^given up after 3 attempts over \d+ (ms|s): 3 attempts made \(the limit\); last: answer 503$/);
  const outcome = fakes.ledger.entries().at(-1)!;
  assert.deepEqual(outcome.type === 'outcome' && [outcome.outcome, outcome.status, outcome.detail], ['given-up', 503, result.detail]);
});

for (const status of [400, 401, 403, 422]) {
  test(`${status} is not retried`, async () => {
    const fakes = fakePorts([
      response(status, { 'content-type': 'application/problem+json' }, JSON.stringify({ title: 'Nope', detail: `status ${status}` })),
    ]);
    const { result } = await submit(fakes);
    assert.equal(fakes.transport.calls.length, 1);
    assert.deepEqual(fakes.sleeps, []);
    assert.equal(result.kind, 'sent');
    if (result.kind !== 'sent') return;
    assert.equal(result.outcome, 'rejected');
    assert.equal(result.status, status);
    if (status === 401 || status === 403) {
      assert.equal(result.authNeeded, true);
      assert.equal(
        submitResultText(result),
        `not authorised (${status}): set the API token, then submit again (the same bytes and key are sent)`,
      );
    } else {
      assert.equal(result.authNeeded, undefined);
      assert.deepEqual(result.problem, { title: 'Nope', detail: `status ${status}` });
      assert.equal(
        submitResultText(result),
        `rejected (${status}): Nope — status ${status}; nothing ran, fix the request and submit again`,
      );
    }
  });
}

test('after 401 the same bytes and key are sent again with a new token (rejected does not block)', async () => {
  const fakes = fakePorts([response(401), response(202)]);
  await submit(fakes, { token: 'tok_old_value_1' });
  const second = await submit(fakes);
  assert.equal(second.result.kind, 'sent');
  assert.equal(fakes.transport.calls.length, 2);
  assert.equal(fakes.transport.calls[1].token, TOKEN);
  assert.equal(sha(fakes.transport.calls[0].body), sha(fakes.transport.calls[1].body));
  assert.equal(fakes.transport.calls[0].idempotencyKey, fakes.transport.calls[1].idempotencyKey);
});

test('409 and 200 with Idempotent-Replayed: true are "already submitted", not retried', async () => {
  for (const [answer, text] of [
    [response(409), 'already submitted (409: Foundry has this key, done or still running; no second run)'],
    [response(200, { 'idempotent-replayed': 'true' }), 'already submitted (200, replayed by the server: no second run)'],
  ] as const) {
    const fakes = fakePorts([answer]);
    const { result } = await submit(fakes);
    assert.equal(fakes.transport.calls.length, 1);
    assert.equal(result.kind, 'sent');
    if (result.kind !== 'sent') continue;
    assert.equal(result.outcome, 'already-submitted');
    assert.equal(submitResultText(result), text);
  }
});

test('a 3xx is not followed: one attempt, an error naming the Location, recorded', async () => {
  const fakes = fakePorts([response(307, { location: 'https://elsewhere.example.test/intake' })]);
  const { result } = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(result.kind, 'sent');
  if (result.kind !== 'sent') return;
  assert.equal(result.outcome, 'rejected');
  assert.equal(result.location, 'https://elsewhere.example.test/intake');
  assert.equal(
    submitResultText(result),
    'not sent on: redirect to https://elsewhere.example.test/intake not followed: fix the endpoint (307)',
  );
  const outcome = fakes.ledger.entries().at(-1)!;
  assert.equal(outcome.type === 'outcome' && outcome.location, 'https://elsewhere.example.test/intake');
});

test('Retry-After in seconds is honoured exactly', async () => {
  const fakes = fakePorts([response(429, { 'retry-after': '7' }), response(202)]);
  const { result, progress } = await submit(fakes);
  assert.deepEqual(fakes.sleeps, [7000]);
  assert.equal(result.kind === 'sent' && result.outcome, 'accepted');
  assert.equal(progressText(progress.find((p) => p.kind === 'waiting')!), 'waiting 7 s (Retry-After) before attempt 2 of 5');
  const first = fakes.ledger.entries().find((e) => e.type === 'attempt')!;
  assert.equal(first.type === 'attempt' && first.retryInMs, 7000);
});

test('Retry-After as an HTTP date is measured against the injected clock', async () => {
  const date = new Date(START + 12_000).toUTCString();
  const fakes = fakePorts([response(503, { 'retry-after': date }), response(201)]);
  const { result } = await submit(fakes);
  assert.deepEqual(fakes.sleeps, [12_000]);
  assert.equal(result.kind === 'sent' && result.status, 201);
});

test('a Retry-After beyond the total budget gives up at once, saying why', async () => {
  const fakes = fakePorts([response(503, { 'retry-after': '600' })]);
  const { result } = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 1);
  assert.deepEqual(fakes.sleeps, []);
  assert.equal(
    result.kind === 'sent' && result.detail,
    "the server's Retry-After (10 min) would pass the total budget of 2 min; last: answer 503",
  );
});

test('the total budget bounds the whole loop; each attempt timeout is cut to what is left', async () => {
  const fakes = fakePorts([
    (request) => {
      fakes.clock.advance(request.timeoutMs);
      return failureAnswer('timeout', `no answer within ${request.timeoutMs} ms`);
    },
  ]);
  const { result } = await submit(fakes, { retry: { maxAttempts: 20, totalBudgetMs: 100_000, attemptTimeoutMs: 30_000 } });
  assert.equal(result.kind, 'sent');
  if (result.kind !== 'sent') return;
  assert.equal(result.outcome, 'given-up');
  assert.ok(result.elapsedMs <= 100_000, `elapsed ${result.elapsedMs}`);
  let elapsed = 0;
  fakes.transport.calls.forEach((call, i) => {
    assert.equal(call.timeoutMs, Math.min(30_000, 100_000 - elapsed), `attempt ${i + 1}`);
    elapsed += call.timeoutMs + (fakes.sleeps[i] ?? 0);
  });
  assert.match(result.detail!, /would pass the total budget of 1 min 40 s; last: no answer within \d+ ms$/);
});

test('cancelling during an attempt ends the loop with cancelled; nothing more is sent', async () => {
  const controller = new AbortController();
  const fakes = fakePorts([
    response(500),
    () => {
      controller.abort();
      return { kind: 'failure', reason: 'aborted', message: 'cancelled', retryable: false, notSent: false };
    },
  ]);
  const { result } = await submit(fakes, { signal: controller.signal });
  assert.equal(fakes.transport.calls.length, 2);
  assert.equal(result.kind === 'sent' && result.outcome, 'cancelled');
  assert.equal(submitResultText(result), 'cancelled during attempt 2; Foundry may have received it');
  const lines = fakes.ledger.entries();
  assert.deepEqual(
    lines.map((e) => e.type),
    ['pending', 'attempt', 'attempt', 'outcome'],
  );
  const second = lines[2];
  assert.equal(second.type === 'attempt' && second.error, 'cancelled during the attempt');
});

test('cancelling during a wait stops before the next attempt', async () => {
  const controller = new AbortController();
  const fakes = fakePorts([response(503)]);
  fakes.ports.sleep = (_ms, signal) => {
    controller.abort();
    return signal?.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
  };
  const { result } = await submit(fakes, { signal: controller.signal });
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(submitResultText(result), 'cancelled while waiting to retry, after attempt 1; Foundry may have received it');
});

test('cancelled before anything was recorded: a refusal, an empty ledger', async () => {
  const controller = new AbortController();
  controller.abort();
  const fakes = fakePorts();
  const { result } = await submit(fakes, { signal: controller.signal });
  assert.equal(result.kind, 'refused');
  assert.equal(submitResultText(result), 'Cancelled before anything was sent.');
  assert.equal(fakes.ledger.text, '');
  assert.equal(fakes.transport.calls.length, 0);
});

test('a transport that throws (with the token in its message) is a retried network error, scrubbed', async () => {
  const fakes = fakePorts([
    () => {
      throw new Error(`socket closed while sending Authorization: Bearer ${TOKEN}`);
    },
    response(422, { 'content-type': 'application/problem+json' }, JSON.stringify({ title: 'Bad', detail: `you sent ${TOKEN}` })),
  ]);
  const { result } = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 2);
  assert.equal(result.kind === 'sent' && result.detail, 'Bad — you sent [redacted]');
  const firstAttempt = fakes.ledger.entries()[1];
  assert.equal(firstAttempt.type === 'attempt' && firstAttempt.error, 'socket closed while sending Authorization: Bearer [redacted]');
});

test('a certificate error is not retried and is recorded as not sent', async () => {
  const fakes = fakePorts([
    failureAnswer('tls', 'the TLS certificate of foundry.example.test is not trusted (CERT_HAS_EXPIRED)', false, true),
  ]);
  const { result } = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(result.kind === 'sent' && result.outcome, 'given-up');
  const attempt = fakes.ledger.entries()[1];
  assert.equal(attempt.type === 'attempt' && attempt.notSent, true);
  // Nothing reached the server, so the same file may be submitted again at once.
  fakes.clock.advance(1000);
  await submit(fakes);
  assert.equal(fakes.transport.calls.length, 2);
});

test('a ledger line that cannot be written after pending is reported, the send goes on', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.ledger.failAppendAfter = 1;
  const { result } = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(result.kind, 'sent');
  if (result.kind !== 'sent') return;
  assert.equal(result.outcome, 'accepted');
  assert.deepEqual(result.ledgerErrors, [
    'could not record a line in /fake/state/alloy/ledger.jsonl: disk full (ENOSPC)',
    'could not record a line in /fake/state/alloy/ledger.jsonl: disk full (ENOSPC)',
  ]);
});

test('a pending line that cannot be written means nothing is sent', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.ledger.failAppendAfter = 0;
  const { result } = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(
    submitResultText(result),
    'Not sent: the submission ledger /fake/state/alloy/ledger.jsonl cannot be written (disk full (ENOSPC)). ' +
      'A submission is recorded before its first byte is sent, so nothing was sent.',
  );
  assert.equal(fakes.owners.active.size, 0);
});
