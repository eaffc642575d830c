// Dedupe by Idempotency-Key: first request 202, the same bytes again 200 + Idempotent-Replayed
// with the original body, other bytes 422, a key in process 409, and all of it across a restart.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { startIntake, runIdOf } from '../../server/src/devIntake';
import { makeExampleRoot, makeTempDir, PAYMENT_ID, PAYMENT_KEY, sha256Hex } from './exampleRoot';
import { answered, submit } from './httpClient';
import { startHarness } from './intakeHarness';

const NOT_A_KEY = 'is not sha256: followed by 64 lowercase hex digits (raw, or quoted as an RFC 8941 string).';
const ACCEPTED_BODY = JSON.stringify({ run_id: runIdOf(PAYMENT_KEY), request_id: PAYMENT_ID, status: 'accepted' });

test('a first request is accepted with 202, and the same bytes again are replayed with 200 and the original body', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    const first = answered(await submit(h.port, body));
    assert.equal(first.status, 202);
    assert.equal(first.headers['content-type'], 'application/json');
    assert.equal(first.headers.location, `/v1/runs/${runIdOf(PAYMENT_KEY)}`);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    assert.equal(first.text, ACCEPTED_BODY);

    const replay = answered(await submit(h.port, body));
    assert.equal(replay.status, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.headers.location, first.headers.location);
    assert.equal(replay.text, first.text);

    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
    assert.deepEqual(h.intake.stats(), {
      runs: { [PAYMENT_KEY]: 1 },
      requests: 2,
      byStatus: { '202': 1, '200': 1 },
      callbacks: { delivered: 0, failed: 0 },
    });
    assert.deepEqual(
      h.intake.attempts().map((a) => [a.key, a.request_id, a.body_sha256, a.answer]),
      [
        [PAYMENT_KEY, PAYMENT_ID, sha256Hex(body), '202'],
        [PAYMENT_KEY, PAYMENT_ID, sha256Hex(body), '200'],
      ],
    );
  } finally {
    await h.dispose();
  }
});

test('the quoted RFC 8941 form of the key names the same record as the raw form', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    assert.equal(answered(await submit(h.port, body, { key: `"${PAYMENT_KEY}"` })).status, 202);
    const replay = answered(await submit(h.port, body));
    assert.equal(replay.status, 200);
    assert.equal(replay.text, ACCEPTED_BODY);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
  } finally {
    await h.dispose();
  }
});

test('the same key with other bytes (a formatting-only change) is 422 key-reused, and nothing runs', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    assert.equal(answered(await submit(h.port, body)).status, 202);
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 4));
    const reuse = answered(await submit(h.port, reformatted));
    assert.equal(reuse.status, 422);
    assert.equal(reuse.headers['content-type'], 'application/problem+json');
    const problem = reuse.json as Record<string, unknown>;
    assert.equal(problem.code, 'key-reused');
    assert.equal(problem.title, 'Idempotency key reused with a different body');
    assert.equal(problem.first_body_sha256, sha256Hex(body));
    assert.equal(problem.body_sha256, sha256Hex(reformatted));
    assert.equal(problem.first_received_at, '2026-06-06T14:00:00.000Z');
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
    // The original bytes are still replayed after the refusal.
    assert.equal(answered(await submit(h.port, body)).status, 200);
  } finally {
    await h.dispose();
  }
});

test('twenty concurrent sends of one key make exactly one run; the others get 409 or the replay', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    const answers = (await Promise.all(Array.from({ length: 20 }, () => submit(h.port, body)))).map(answered);
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 202).length, 1);
    assert.deepEqual(
      statuses.filter((s) => s !== 202 && s !== 200 && s !== 409),
      [],
    );
    for (const answer of answers.filter((a) => a.status === 409)) assert.equal((answer.json as { code: string }).code, 'key-in-flight');
    for (const answer of answers.filter((a) => a.status === 200)) assert.equal(answer.text, ACCEPTED_BODY);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
    assert.deepEqual(Object.keys(h.intake.stats().runs), [PAYMENT_KEY]);
  } finally {
    await h.dispose();
  }
});

test('while the first request is in process, the same bytes get 409 and other bytes get 422', async () => {
  // slow-response parks the first request after it was recorded and before it is answered.
  const h = await startHarness({ faults: ['slow-response=250'], park: [250] });
  try {
    const body = h.example.paymentRequest(null);
    const first = submit(h.port, body);
    await h.sleep.waitForCalls(250, 1);
    const concurrent = submit(h.port, body);
    await h.sleep.waitForCalls(250, 2);
    const other = submit(h.port, Buffer.from(`${body.toString('utf8')}\n`));
    await h.sleep.waitForCalls(250, 3);
    h.sleep.release();
    const [a, b, c] = (await Promise.all([first, concurrent, other])).map(answered);
    assert.equal(a.status, 202);
    assert.equal(b.status, 409);
    assert.equal((b.json as { code: string; detail: string }).code, 'key-in-flight');
    assert.equal(c.status, 422);
    assert.equal((c.json as { code: string }).code, 'key-reused');
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 1);
  } finally {
    await h.dispose();
  }
});

test('records survive a restart on the same state directory: the replay is 200, runs stay 1, other bytes stay 422', async () => {
  const example = makeExampleRoot();
  const stateDir = makeTempDir('alloy-intake-state-');
  try {
    const body = example.paymentRequest(null);
    const firstIntake = await startIntake({ root: example.root, stateDir, log: () => undefined });
    const first = answered(await submit(firstIntake.port, body));
    assert.equal(first.status, 202);
    await firstIntake.close();

    const file = path.join(stateDir, 'keys', `${PAYMENT_KEY.slice('sha256:'.length)}.json`);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.equal(stored.key, PAYMENT_KEY);
    assert.equal(stored.body_sha256, sha256Hex(body));
    assert.equal(stored.runs, 1);
    assert.deepEqual(stored.response, { status: 202, location: first.headers.location, body: first.text });
    assert.deepEqual(fs.readdirSync(stateDir).sort(), ['keys']);

    const secondIntake = await startIntake({ root: example.root, stateDir, log: () => undefined });
    try {
      const replay = answered(await submit(secondIntake.port, body));
      assert.equal(replay.status, 200);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.text, first.text);
      assert.equal(secondIntake.runsFor(PAYMENT_KEY), 1);
      assert.deepEqual(secondIntake.stats().runs, { [PAYMENT_KEY]: 1 });
      assert.equal(answered(await submit(secondIntake.port, Buffer.from(` ${body.toString('utf8')}`))).status, 422);
    } finally {
      await secondIntake.close();
    }
  } finally {
    example.remove();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

test('a missing or malformed Idempotency-Key is 400 with a message saying what is wrong', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    const upper = `sha256:${PAYMENT_KEY.slice('sha256:'.length).toUpperCase()}`;
    const cases: [string | null, string][] = [
      [null, "The Idempotency-Key header is missing: send the request's idempotency_key (sha256: and 64 lowercase hex digits)."],
      [upper, `The Idempotency-Key header "${upper}" ${NOT_A_KEY} The hex digits must be lowercase.`],
      ['sha256:1234', `The Idempotency-Key header "sha256:1234" ${NOT_A_KEY}`],
      [`"${PAYMENT_KEY}`, `The Idempotency-Key header "\\"${PAYMENT_KEY}" is not a well-formed RFC 8941 string.`],
      ['x'.repeat(100), `The Idempotency-Key header "${'x'.repeat(80)}…" ${NOT_A_KEY}`],
    ];
    for (const [key, detail] of cases) {
      const answer = answered(await submit(h.port, body, { key }));
      assert.equal(answer.status, 400, String(key));
      assert.equal(answer.headers['content-type'], 'application/problem+json');
      assert.deepEqual(answer.json, {
        type: 'urn:alloy:foundry-dev-intake:problem:idempotency-key-invalid',
        title: 'Missing or malformed Idempotency-Key',
        status: 400,
        detail,
        code: 'idempotency-key-invalid',
      });
    }
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
  } finally {
    await h.dispose();
  }
});

test('a missing X-Alloy-Request-Id is 400; one that differs from the body is 422, and the fixed send is then accepted', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    const missing = answered(await submit(h.port, body, { requestId: null }));
    assert.equal(missing.status, 400);
    assert.equal((missing.json as { detail: string }).detail, "The X-Alloy-Request-Id header is missing: send the request's request_id.");

    const other = answered(await submit(h.port, body, { requestId: 'runreq_SOMETHING_ELSE' }));
    assert.equal(other.status, 422);
    const errors = (other.json as { errors: { code: string; pointer: string; message: string }[] }).errors;
    assert.deepEqual(errors, [
      {
        code: 'request-id-header-mismatch',
        pointer: '/request_id',
        message: `The X-Alloy-Request-Id header runreq_SOMETHING_ELSE differs from the body's request_id ${PAYMENT_ID}.`,
      },
    ]);
    // A rejection records nothing: the same key is accepted once the send is right.
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
    assert.equal(answered(await submit(h.port, body)).status, 202);
  } finally {
    await h.dispose();
  }
});

test("an Idempotency-Key that differs from the body's idempotency_key is 422 and records nothing under either key", async () => {
  const h = await startHarness();
  try {
    const otherKey = `sha256:${'ab'.repeat(32)}`;
    const answer = answered(await submit(h.port, h.example.paymentRequest(null), { key: otherKey }));
    assert.equal(answer.status, 422);
    assert.deepEqual((answer.json as { errors: unknown[] }).errors, [
      {
        code: 'idempotency-key-header-mismatch',
        pointer: '/idempotency_key',
        message: `The Idempotency-Key header ${otherKey} differs from the body's idempotency_key ${PAYMENT_KEY}.`,
      },
    ]);
    assert.equal(h.intake.runsFor(otherKey), 0);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
  } finally {
    await h.dispose();
  }
});
