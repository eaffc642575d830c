// Validation with the core: each kind of broken request gets 422 with the core's diagnostics
// (code, message, pointer, line), transport problems get 400/401/403/404/405/413/415, and nothing
// refused is ever recorded.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { idempotencyKey, keyInputs, type JsonValue } from '../../server/src/core';
import { PAYMENT_DIGEST, PAYMENT_KEY } from './exampleRoot';
import { answered, getJson, intakePath, rawRequest, submit, type RawAnswer } from './httpClient';
import { startHarness } from './intakeHarness';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { code: string; message: string; pointer: string; line?: number; column?: number }[];
  warnings?: { code: string }[];
}

function problemOf(answer: RawAnswer, status: number): ProblemBody {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers['content-type'], 'application/problem+json');
  return answer.json as ProblemBody;
}

/** The valid request changed by `edit`, with its key recomputed so that only the edit is wrong. */
function editedRequest(body: Buffer, edit: (value: Record<string, Record<string, unknown>>) => void): Buffer {
  const value = JSON.parse(body.toString('utf8')) as Record<string, Record<string, unknown>>;
  edit(value);
  (value as Record<string, unknown>).idempotency_key = idempotencyKey(keyInputs(value as unknown as JsonValue)!);
  return Buffer.from(JSON.stringify(value, null, 2));
}

test('broken-digest-mismatch.json is 422 with the one digest-mismatch diagnostic at /brief/digest', async () => {
  const h = await startHarness();
  try {
    const problem = problemOf(answered(await submit(h.port, h.example.request('broken-digest-mismatch'))), 422);
    const message = `brief.digest does not match the brief: its content hashes to ${PAYMENT_DIGEST}.`;
    assert.equal(problem.type, 'urn:alloy:foundry-dev-intake:problem:request-invalid');
    assert.equal(problem.title, 'The request is not valid');
    assert.equal(problem.detail, `1 error, nothing was run: digest-mismatch: ${message}`);
    assert.deepEqual(problem.errors, [{ code: 'digest-mismatch', message, pointer: '/brief/digest', line: 16, column: 15 }]);
    assert.deepEqual(problem.warnings, []);
    assert.deepEqual(h.intake.stats().runs, {});
  } finally {
    await h.dispose();
  }
});

test('broken-key-mismatch.json is 422 with the one idempotency-key-mismatch diagnostic naming the right key', async () => {
  const h = await startHarness();
  try {
    const body = h.example.request('broken-key-mismatch');
    const problem = problemOf(answered(await submit(h.port, body)), 422);
    const expectedKey = idempotencyKey(keyInputs(JSON.parse(body.toString('utf8')) as JsonValue)!);
    assert.equal(expectedKey, 'sha256:985d239c1e019f560c4b29051ef85286a26b25cb588879572ab28253885ecc77');
    assert.deepEqual(problem.errors, [
      {
        code: 'idempotency-key-mismatch',
        message: `The idempotency key does not match the request: its seven key inputs hash to ${expectedKey}.`,
        pointer: '/idempotency_key',
        line: 4,
        column: 22,
      },
    ]);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
  } finally {
    await h.dispose();
  }
});

test('broken-schema.json is 422 with its three schema errors, and its unknown property as a warning', async () => {
  const h = await startHarness();
  try {
    const problem = problemOf(answered(await submit(h.port, h.example.request('broken-schema'))), 422);
    assert.deepEqual(
      problem.errors!.map((e) => [e.code, e.pointer, e.line]),
      [
        ['schema', '/repo', 8],
        ['schema', '/repo/branch', 10],
        ['schema', '/foundry/throttle', 20],
      ],
    );
    assert.match(problem.detail, /^3 errors, nothing was run: schema: Missing property "path"\. \(and 2 more\)$/);
    assert.deepEqual(
      problem.warnings!.map((w) => w.code),
      ['unknown-property'],
    );
  } finally {
    await h.dispose();
  }
});

test('a request naming another brief id, version and project (and asking for full) is 422 with each error', async () => {
  const h = await startHarness();
  try {
    const problem = problemOf(answered(await submit(h.port, h.example.request('broken-cross-file'), { projectId: 'checkout-web' })), 422);
    assert.deepEqual(
      problem.errors!.map((e) => e.code),
      ['project-mismatch', 'brief-id-mismatch', 'brief-version-mismatch', 'throttle-full-refused'],
    );
  } finally {
    await h.dispose();
  }
});

test('a brief edited while the intake runs is read again: the once-valid request becomes a digest mismatch', async () => {
  const h = await startHarness();
  try {
    const briefFile = path.join(h.example.root, '.alloy', 'briefs', 'brief_01HZ_CHECKOUT_PAYMENT.yaml');
    fs.writeFileSync(briefFile, fs.readFileSync(briefFile, 'utf8').replace('without losing the cart', 'without losing the basket'));
    const problem = problemOf(answered(await submit(h.port, h.example.paymentRequest(null))), 422);
    assert.deepEqual(
      problem.errors!.map((e) => [e.code, e.pointer]),
      [['digest-mismatch', '/brief/digest']],
    );
  } finally {
    await h.dispose();
  }
});

test('a body that is not JSON, not UTF-8, starts with a byte order mark, is empty or is not an object is 400', async () => {
  const h = await startHarness();
  try {
    const valid = h.example.paymentRequest(null);
    const headers = { key: PAYMENT_KEY, requestId: 'runreq_01HZ_CHECKOUT_PAYMENT' };
    const cases: [Buffer, string, string][] = [
      [h.example.request('broken-syntax'), 'body-not-json', 'The body is not JSON: '],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]), 'body-has-bom', 'The body starts with a UTF-8 byte order mark'],
      [Buffer.from([0x7b, 0xff, 0x7d]), 'body-not-utf8', 'The body is not valid UTF-8.'],
      [Buffer.alloc(0), 'body-empty', 'The body is empty'],
      [Buffer.from('[1, 2]'), 'body-not-object', 'The body must be a JSON object'],
    ];
    for (const [body, code, detail] of cases) {
      const problem = problemOf(answered(await submit(h.port, body, headers)), 400);
      assert.equal(problem.code, code);
      assert.ok(problem.detail.startsWith(detail), problem.detail);
    }
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
    // None of them holds the key: the valid bytes are accepted afterwards.
    assert.equal(answered(await submit(h.port, valid)).status, 202);
  } finally {
    await h.dispose();
  }
});

test('a body not sent as application/json is 415; a charset=utf-8 parameter is fine', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    assert.equal(
      problemOf(answered(await submit(h.port, body, { contentType: 'text/plain' })), 415).detail,
      'The body must be sent as Content-Type: application/json; got "text/plain".',
    );
    assert.equal(
      problemOf(answered(await submit(h.port, body, { contentType: null })), 415).detail,
      'The body must be sent as Content-Type: application/json; got no Content-Type.',
    );
    assert.equal(answered(await submit(h.port, body, { contentType: 'application/json; charset=utf-8' })).status, 202);
  } finally {
    await h.dispose();
  }
});

test('a project in the URL other than the body project_id is 422 project-path-mismatch', async () => {
  const h = await startHarness();
  try {
    const problem = problemOf(answered(await submit(h.port, h.example.paymentRequest(null), { projectId: 'billing' })), 422);
    assert.deepEqual(problem.errors, [
      {
        code: 'project-path-mismatch',
        message: 'The URL names project "billing" but the body\'s project_id is "checkout-service".',
        pointer: '/project_id',
      },
    ]);
  } finally {
    await h.dispose();
  }
});

test('throttle full is refused with 422 unless the intake was started with allowFull, and then it is only simulated', async () => {
  const refusing = await startHarness();
  const body = editedRequest(refusing.example.paymentRequest(null), (value) => {
    value.foundry.throttle = 'full';
  });
  try {
    const problem = problemOf(answered(await submit(refusing.port, body)), 422);
    assert.deepEqual(problem.errors, [
      {
        code: 'throttle-full-refused',
        message: 'This dev intake refuses throttle: full unless it was started with --allow-full (and even then it only simulates).',
        pointer: '/foundry/throttle',
      },
    ]);
    assert.deepEqual(
      problem.warnings!.map((w) => w.code),
      ['no-reporting', 'throttle-exceeds-brief'],
    );
  } finally {
    await refusing.dispose();
  }
  const allowing = await startHarness({ allowFull: true });
  try {
    const key = (JSON.parse(body.toString('utf8')) as { idempotency_key: string }).idempotency_key;
    assert.equal(answered(await submit(allowing.port, body)).status, 202);
    const result = allowing.intake.resultFor(key)!;
    assert.equal(result.throttle, 'full');
    assert.deepEqual(result.trace.summary.mutators_executed, []);
    assert.deepEqual(result.trace.summary.mutators_simulated, ['Execute Plan', 'Commit and Push']);
    assert.equal(result.repo_revision_after, result.repo_revision_before);
  } finally {
    await allowing.dispose();
  }
});

test('with a token, a missing or wrong bearer token is 401 with WWW-Authenticate; the token is never echoed', async () => {
  const token = 'tok_9f8e7d6c5b4a_secret';
  const h = await startHarness({ token });
  try {
    const body = h.example.paymentRequest(null);
    const missing = answered(await submit(h.port, body));
    assert.equal(problemOf(missing, 401).detail, 'This intake requires a token: send Authorization: Bearer <token>.');
    assert.equal(missing.headers['www-authenticate'], 'Bearer realm="foundry-dev-intake"');
    const wrong = answered(await submit(h.port, body, { extra: { Authorization: 'Bearer tok_wrong' } }));
    assert.equal(problemOf(wrong, 401).detail, "The bearer token is not this intake's token.");
    const malformed = answered(await submit(h.port, body, { extra: { Authorization: token } }));
    assert.equal(problemOf(malformed, 401).detail, 'The Authorization header is not of the form "Bearer <token>".');
    assert.equal((await getJson(h.port, '/v1/_dev/stats')).status, 401);
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);

    const right = answered(await submit(h.port, body, { extra: { Authorization: `Bearer ${token}` } }));
    assert.equal(right.status, 202);
    assert.equal((await getJson(h.port, '/v1/_dev/stats', { Authorization: `Bearer ${token}` })).status, 200);
    for (const text of [missing.text, wrong.text, malformed.text, right.text, ...h.log]) assert.ok(!text.includes(token), text);
    assert.ok(h.log.some((line) => line.includes('token: required')));
  } finally {
    await h.dispose();
  }
});

test('a Host other than this loopback port, or any Origin, is 403; unknown paths 404; other methods 405 with Allow', async () => {
  const h = await startHarness();
  try {
    const body = h.example.paymentRequest(null);
    const rebinding = answered(await submit(h.port, body, { extra: { Host: `evil.example:${h.port}` } }));
    assert.equal(
      problemOf(rebinding, 403).detail,
      `The Host header "evil.example:${h.port}" is not 127.0.0.1, localhost or [::1] with port ${h.port}.`,
    );
    assert.equal(problemOf(answered(await submit(h.port, body, { extra: { Host: `localhost:${h.port + 1}` } })), 403).code, 'host-refused');
    const browser = answered(await submit(h.port, body, { extra: { Origin: 'https://evil.example' } }));
    assert.equal(problemOf(browser, 403).code, 'origin-refused');
    assert.equal(answered(await submit(h.port, body, { extra: { Host: `localhost:${h.port}` } })).status, 202);

    assert.equal(problemOf(await getJson(h.port, '/v1/projects/checkout-service'), 404).code, 'not-found');
    assert.equal(problemOf(await getJson(h.port, '/v1/projects/%E0%A4%A/execution-requests'), 400).code, 'bad-path');
    const get = await getJson(h.port, intakePath());
    assert.equal(problemOf(get, 405).detail, 'GET is not allowed here; use POST.');
    assert.equal(get.headers.allow, 'POST');
    const options = answered(await rawRequest(h.port, { method: 'OPTIONS', path: intakePath() }));
    assert.equal(options.status, 405);
    assert.equal(options.headers['access-control-allow-origin'], undefined);
    assert.equal(h.intake.stats().requests, 4);
  } finally {
    await h.dispose();
  }
});

test('a body over the limit is 413, whether announced by Content-Length or streamed', async () => {
  const h = await startHarness({ maxBodyBytes: 512 });
  try {
    const body = h.example.paymentRequest(null);
    assert.ok(body.length > 512);
    const announced = answered(await submit(h.port, body));
    assert.equal(problemOf(announced, 413).detail, 'The body is larger than 512 bytes.');
    const streamed = answered(
      await rawRequest(h.port, {
        path: intakePath(),
        headers: {
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
          'Idempotency-Key': PAYMENT_KEY,
          'X-Alloy-Request-Id': 'runreq_01HZ_CHECKOUT_PAYMENT',
        },
        body,
      }),
    );
    assert.equal(streamed.status, 413);
    assert.deepEqual(h.intake.stats().byStatus, { '413': 2 });
    assert.equal(h.intake.runsFor(PAYMENT_KEY), 0);
  } finally {
    await h.dispose();
  }
});
