// The fault flags: their syntax and messages, and for each one its exact effect on the wire
// (status, Retry-After, destroyed socket) and on what is recorded (runs per key, stats).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFaults } from '../../server/src/devIntake';
import { PAYMENT_KEY } from './exampleRoot';
import { answered, getJson, rawRequest, submit, type RawAnswer } from './httpClient';
import { startHarness } from './intakeHarness';

test('fault flags parse as name[=value]; every mistake gets a message naming it', () => {
  assert.deepEqual(parseFaults(['unavailable=2', 'drop-after-processing', 'slow-response=0', 'findings', 'retry-after=3']), {
    ok: true,
    value: { unavailable: 2, 'drop-after-processing': true, 'slow-response': 0, findings: true, 'retry-after': 3 },
  });
  assert.deepEqual(parseFaults(['error=1', 'error=4']), { ok: true, value: { error: 4 } });
  const failures: [string[], string][] = [
    [
      ['explode'],
      'Unknown fault "explode". Known faults: reset-before-read, unavailable, unavailable-http-date, throttled, error, ' +
        'drop-after-processing, slow-response, slow-callbacks, retry-after, ' +
        'duplicate-callbacks, out-of-order-callbacks, findings, fail-run.',
    ],
    [['unavailable=0'], 'Fault "unavailable" takes a count of attempts (a whole number ≥ 1), or no value for every attempt; got "0".'],
    [['error=two'], 'Fault "error" takes a count of attempts (a whole number ≥ 1), or no value for every attempt; got "two".'],
    [['slow-response'], 'Fault "slow-response" needs a value in milliseconds (a whole number ≥ 0), as in slow-response=500.'],
    [['retry-after=1.5'], 'Fault "retry-after" needs a value in seconds (a whole number ≥ 0), as in retry-after=2.'],
    [['findings=yes'], 'Fault "findings" takes no value; got "yes".'],
    [['findings', 'fail-run'], 'Faults "findings" and "fail-run" exclude each other: a run either completes with findings or fails.'],
  ];
  for (const [flags, message] of failures) assert.deepEqual(parseFaults(flags), { ok: false, message }, flags.join(' '));
});

test('reset-before-read=1 destroys the first socket before the body is read and records nothing; the next attempt runs', async () => {
  const h = await startHarness({ faults: ['reset-before-read=1'] });
  try {
    const body = h.example.paymentRequest(null);
    assert.deepEqual(await submit(h.port, body), { error: 'ECONNRESET' });
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
    assert.equal(h.intake.attempts()[0].body_sha256, null);
    assert.equal(answered(await submit(h.port, body)).status, 202);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
    assert.deepEqual(h.intake.stats().byStatus, { reset: 1, '202': 1 });
    assert.ok(h.log.some((line) => line.endsWith('→ socket destroyed (reset-before-read) (0 ms)')));
  } finally {
    await h.dispose();
  }
});

test('unavailable=2 answers 503 with Retry-After: 1 twice, then the request runs once', async () => {
  const h = await startHarness({ faults: ['unavailable=2'] });
  try {
    const body = h.example.paymentRequest(null);
    for (let i = 0; i < 2; i++) {
      const answer = answered(await submit(h.port, body));
      assert.equal(answer.status, 503);
      assert.equal(answer.headers['retry-after'], '1');
      assert.equal(answer.headers['content-type'], 'application/problem+json');
      assert.equal((answer.json as { detail: string }).detail, 'Fault "unavailable": this attempt was not processed; retry after 1.');
      assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
    }
    assert.equal(answered(await submit(h.port, body)).status, 202);
    assert.deepEqual(h.intake.stats().byStatus, { '503': 2, '202': 1 });
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
  } finally {
    await h.dispose();
  }
});

test('unavailable-http-date gives Retry-After as an HTTP date at least the retry-after seconds ahead; throttled gives 429', async () => {
  const h = await startHarness({ faults: ['unavailable-http-date=1', 'throttled=1', 'retry-after=2'] });
  try {
    h.clock.advance(400); // 14:00:00.400 + 2 s, rounded up to a whole second.
    const body = h.example.paymentRequest(null);
    const dated = answered(await submit(h.port, body));
    assert.equal(dated.status, 503);
    assert.equal(dated.headers['retry-after'], 'Sat, 06 Jun 2026 14:00:03 GMT');
    const throttled = answered(await submit(h.port, body));
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '2');
    assert.equal((throttled.json as { code: string }).code, 'simulated-throttle');
    assert.equal(answered(await submit(h.port, body)).status, 202);
  } finally {
    await h.dispose();
  }
});

test('error=2 answers 500 twice before anything is checked, then the request runs once', async () => {
  const h = await startHarness({ faults: ['error=2'] });
  try {
    const body = h.example.paymentRequest(null);
    for (let i = 0; i < 2; i++) {
      const answer = answered(await submit(h.port, body));
      assert.equal(answer.status, 500);
      assert.equal((answer.json as { code: string }).code, 'simulated-error');
    }
    assert.equal(answered(await submit(h.port, body)).status, 202);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
  } finally {
    await h.dispose();
  }
});

test('drop-after-processing=2 records the run, then drops the first answer and the first replay; the third gets the replay', async () => {
  const h = await startHarness({ faults: ['drop-after-processing=2'] });
  try {
    const body = h.example.paymentRequest(null);
    assert.deepEqual(await submit(h.port, body), { error: 'ECONNRESET' });
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
    assert.deepEqual(await submit(h.port, body), { error: 'ECONNRESET' });
    const third = answered(await submit(h.port, body));
    assert.equal(third.status, 200);
    assert.equal(third.headers['idempotent-replayed'], 'true');
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
    assert.deepEqual(h.intake.stats().byStatus, { dropped: 2, '200': 1 });
  } finally {
    await h.dispose();
  }
});

test('slow-response=300 waits 300 ms before every answer of the intake route, not before the others', async () => {
  const h = await startHarness({ faults: ['slow-response=300'] });
  try {
    const body = h.example.paymentRequest(null);
    assert.equal(answered(await submit(h.port, body)).status, 202);
    assert.equal(answered(await submit(h.port, body)).status, 200);
    assert.equal(answered(await submit(h.port, body, { key: null })).status, 400);
    await getJson(h.port, '/v1/_dev/stats');
    assert.deepEqual(h.sleep.calls, [300, 300, 300]);
  } finally {
    await h.dispose();
  }
});

test('faults act in a fixed order, each on its own budget: reset, then 503, then 500, then the run', async () => {
  const h = await startHarness({ faults: ['reset-before-read=1', 'unavailable=1', 'error=1'] });
  try {
    const body = h.example.paymentRequest(null);
    assert.deepEqual(await submit(h.port, body), { error: 'ECONNRESET' });
    assert.equal(answered(await submit(h.port, body)).status, 503);
    assert.equal(answered(await submit(h.port, body)).status, 500);
    assert.equal(answered(await submit(h.port, body)).status, 202);
    assert.deepEqual(h.intake.faults(), ['reset-before-read=1', 'unavailable=1', 'error=1']);
  } finally {
    await h.dispose();
  }
});

test('a count fault without a value fires on every attempt; setFaults() replaces the faults and restarts the counts', async () => {
  const h = await startHarness({ faults: ['unavailable'] });
  try {
    const body = h.example.paymentRequest(null);
    for (let i = 0; i < 5; i++) assert.equal(answered(await submit(h.port, body)).status, 503);
    h.intake.setFaults({ error: 1 });
    assert.equal(answered(await submit(h.port, body)).status, 500);
    assert.equal(answered(await submit(h.port, body)).status, 202);
    assert.throws(() => h.intake.setFaults(['nope']), { message: /^Unknown fault "nope"\./ });
    assert.throws(() => h.intake.setFaults({ error: 0 }), { message: 'Fault "error" has an invalid value 0.' });
  } finally {
    await h.dispose();
  }
});

test('POST /v1/_dev/faults sets the faults in the CLI syntax; GET shows them with what is left; bad flags are 400', async () => {
  const h = await startHarness();
  try {
    const post = (body: string): Promise<RawAnswer> =>
      rawRequest(h.port, { path: '/v1/_dev/faults', headers: { 'Content-Type': 'application/json' }, body }).then(answered);
    const set = await post(JSON.stringify({ faults: ['error=2', 'findings'] }));
    assert.equal(set.status, 200);
    assert.deepEqual(set.json, { faults: ['error=2', 'findings'], remaining: { error: 2 } });
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(null))).status, 500);
    assert.deepEqual((await getJson(h.port, '/v1/_dev/faults')).json, { faults: ['error=2', 'findings'], remaining: { error: 1 } });

    const bad = await post(JSON.stringify({ faults: ['slow-response'] }));
    assert.equal(bad.status, 400);
    assert.equal(
      (bad.json as { detail: string }).detail,
      'Fault "slow-response" needs a value in milliseconds (a whole number ≥ 0), as in slow-response=500.',
    );
    assert.equal((await post('{"faults": "error=1"}')).status, 400);
    assert.equal((await post('not json')).status, 400);
    // A refused change leaves the faults as they were.
    assert.deepEqual(h.intake.faults(), ['error=2', 'findings']);
  } finally {
    await h.dispose();
  }
});
