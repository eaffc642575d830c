// Callbacks: the phase URL rule, the order accepted → started → completed|failed at a loopback
// receiver, exact paths, headers and bodies, the callback faults, and bounded retries that never
// hurt the intake.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core';
import { callbackSequence, phaseUrl, runIdOf, startIntake, type RunResult } from '../../server/src/devIntake';
import { startReceiver } from './callbackReceiver';
import { makeTempDir, PAYMENT_ID, PAYMENT_KEY } from './exampleRoot';
import { answered, getJson, submit } from './httpClient';
import { startHarness } from './intakeHarness';

const BASE = `/api/run-requests/${PAYMENT_ID}`;

test('the phase URL drops a trailing phase segment of callback_url and appends the phase; the query is kept', () => {
  assert.equal(
    phaseUrl('http://127.0.0.1:7070/api/run-requests/runreq_A/completed', 'started'),
    'http://127.0.0.1:7070/api/run-requests/runreq_A/started',
  );
  assert.equal(
    phaseUrl('http://127.0.0.1:7070/api/run-requests/runreq_A/accepted/', 'failed'),
    'http://127.0.0.1:7070/api/run-requests/runreq_A/failed',
  );
  assert.equal(phaseUrl('https://alloy.example.test/hooks/runreq_A', 'accepted'), 'https://alloy.example.test/hooks/runreq_A/accepted');
  assert.equal(phaseUrl('https://alloy.example.test/hooks/', 'accepted'), 'https://alloy.example.test/hooks/accepted');
  assert.equal(phaseUrl('https://alloy.example.test/hooks/completed?sig=1', 'started'), 'https://alloy.example.test/hooks/started?sig=1');
  // Only a whole last segment counts.
  assert.equal(phaseUrl('http://[::1]:9/x/notcompleted', 'started'), 'http://[::1]:9/x/notcompleted/started');
});

test('the callback sequence: in order, out of order, duplicated', () => {
  const plain = { duplicate: false, outOfOrder: false };
  assert.deepEqual(callbackSequence('completed', plain), ['accepted', 'started', 'completed']);
  assert.deepEqual(callbackSequence('failed', plain), ['accepted', 'started', 'failed']);
  assert.deepEqual(callbackSequence('completed', { duplicate: false, outOfOrder: true }), ['accepted', 'completed', 'started']);
  assert.deepEqual(callbackSequence('failed', { duplicate: true, outOfOrder: true }), [
    'accepted',
    'accepted',
    'failed',
    'failed',
    'started',
    'started',
  ]);
});

test('an accepted run calls back accepted, started, completed in order with JSON bodies, no Origin and the URL host', async () => {
  const receiver = await startReceiver();
  const h = await startHarness();
  try {
    const accepted = answered(await submit(h.port, h.example.paymentRequest(receiver.callbackUrl(PAYMENT_ID))));
    assert.equal(accepted.status, 202);
    await h.intake.idle();
    assert.deepEqual(
      receiver.received.map((r) => [r.method, r.path]),
      [
        ['POST', `${BASE}/accepted`],
        ['POST', `${BASE}/started`],
        ['POST', `${BASE}/completed`],
      ],
    );
    for (const r of receiver.received) {
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers.origin, undefined);
      assert.equal(r.headers.host, `127.0.0.1:${receiver.port}`);
      assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.body)));
    }
    const runId = runIdOf(PAYMENT_KEY);
    assert.deepEqual(JSON.parse(receiver.received[0].body), {
      run_request_id: PAYMENT_ID,
      foundry_run_id: runId,
      phase: 'accepted',
      at: '2026-06-06T14:00:00.000Z',
    });
    assert.deepEqual(JSON.parse(receiver.received[1].body), {
      run_request_id: PAYMENT_ID,
      foundry_run_id: runId,
      phase: 'started',
      at: '2026-06-06T14:00:00.000Z',
    });
    const completed = JSON.parse(receiver.received[2].body) as RunResult;
    assert.deepEqual(completed, h.intake.resultFor(PAYMENT_KEY));
    assert.deepEqual(analyzeFile('completed.json', receiver.received[2].body)!.diagnostics, []);
    assert.deepEqual(h.intake.stats().callbacks, { delivered: 3, failed: 0 });

    const run = (await getJson(h.port, `/v1/runs/${runId}`)).json as {
      status: string;
      finished_at: string;
      callbacks: { phase: string; status: number; attempts: number }[];
    };
    assert.equal(run.status, 'completed');
    assert.equal(run.finished_at, '2026-06-06T14:00:00.000Z');
    assert.deepEqual(
      run.callbacks.map((c) => [c.phase, c.status, c.attempts]),
      [
        ['accepted', 202, 1],
        ['started', 202, 1],
        ['completed', 202, 1],
      ],
    );
    // A replay starts no second run and sends no second set of callbacks.
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(receiver.callbackUrl(PAYMENT_ID)))).status, 200);
    await h.intake.idle();
    assert.equal(receiver.received.length, 3);
  } finally {
    await h.dispose();
    await receiver.close();
  }
});

test('fail-run calls back failed with a run result of status failed; out-of-order sends it before started', async () => {
  const receiver = await startReceiver();
  const h = await startHarness({ faults: ['fail-run', 'out-of-order-callbacks'] });
  try {
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(receiver.callbackUrl(PAYMENT_ID)))).status, 202);
    await h.intake.idle();
    assert.deepEqual(
      receiver.received.map((r) => r.path),
      [`${BASE}/accepted`, `${BASE}/failed`, `${BASE}/started`],
    );
    const failed = JSON.parse(receiver.received[1].body) as RunResult;
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.errors, [
      { message: 'Simulated failure (fault "fail-run"): block "Execute Plan" stopped the run.', category: 'execution' },
    ]);
    assert.deepEqual(analyzeFile('failed.json', receiver.received[1].body)!.diagnostics, []);
    assert.equal(((await getJson(h.port, `/v1/runs/${runIdOf(PAYMENT_KEY)}`)).json as { status: string }).status, 'failed');
  } finally {
    await h.dispose();
    await receiver.close();
  }
});

test('duplicate-callbacks sends every phase twice with identical bytes; slow-callbacks waits before each one', async () => {
  const receiver = await startReceiver();
  const h = await startHarness({ faults: ['duplicate-callbacks', 'slow-callbacks=250'] });
  try {
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(receiver.callbackUrl(PAYMENT_ID)))).status, 202);
    await h.intake.idle();
    assert.deepEqual(
      receiver.received.map((r) => r.path),
      ['accepted', 'accepted', 'started', 'started', 'completed', 'completed'].map((phase) => `${BASE}/${phase}`),
    );
    for (let i = 0; i < 6; i += 2) assert.equal(receiver.received[i].body, receiver.received[i + 1].body);
    assert.deepEqual(
      h.sleep.calls.filter((ms) => ms !== 0),
      [250, 250, 250, 250, 250, 250],
    );
  } finally {
    await h.dispose();
    await receiver.close();
  }
});

test('a callback whose connection fails is retried with doubling back-off, up to three tries', async () => {
  const receiver = await startReceiver({ destroyFirst: 2 });
  const h = await startHarness();
  try {
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(receiver.callbackUrl(PAYMENT_ID)))).status, 202);
    await h.intake.idle();
    assert.deepEqual(
      receiver.received.map((r) => r.path),
      [`${BASE}/accepted`, `${BASE}/started`, `${BASE}/completed`],
    );
    assert.deepEqual(
      h.sleep.calls.filter((ms) => ms !== 0),
      [200, 400],
    );
    const run = (await getJson(h.port, `/v1/runs/${runIdOf(PAYMENT_KEY)}`)).json as {
      callbacks: { attempts: number; delivered: boolean }[];
    };
    assert.deepEqual(
      run.callbacks.map((c) => [c.attempts, c.delivered]),
      [
        [3, true],
        [1, true],
        [1, true],
      ],
    );
  } finally {
    await h.dispose();
    await receiver.close();
  }
});

test('a receiver that is down or answers 4xx costs bounded tries, is logged, and the intake keeps answering', async () => {
  const gone = await startReceiver();
  const goneUrl = gone.callbackUrl(PAYMENT_ID);
  await gone.close();
  const h = await startHarness();
  try {
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(goneUrl))).status, 202);
    await h.intake.idle();
    assert.deepEqual(h.intake.stats().callbacks, { delivered: 0, failed: 3 });
    assert.deepEqual(
      h.sleep.calls.filter((ms) => ms !== 0),
      [200, 400, 200, 400, 200, 400],
    );
    const lines = h.log.filter((line) => line.startsWith('callback '));
    assert.equal(lines.length, 3);
    assert.match(
      lines[0],
      new RegExp(
        `^callback accepted → http://127\\.0\\.0\\.1:${gone.port}${BASE}/accepted: ` +
          `not delivered \\(.*ECONNREFUSED.*\\) after 3 attempts$`,
      ),
    );
    assert.equal(((await getJson(h.port, '/v1/_dev/stats')).json as { requests: number }).requests, 1);
  } finally {
    await h.dispose();
  }

  const refusing = await startReceiver({ status: 404 });
  const h2 = await startHarness();
  try {
    assert.equal(answered(await submit(h2.port, h2.example.paymentRequest(refusing.callbackUrl(PAYMENT_ID)))).status, 202);
    await h2.intake.idle();
    assert.equal(refusing.received.length, 3);
    assert.deepEqual(h2.intake.stats().callbacks, { delivered: 0, failed: 3 });
    assert.deepEqual(
      h2.sleep.calls.filter((ms) => ms !== 0),
      [],
    );
  } finally {
    await h2.dispose();
    await refusing.close();
  }
});

test('a run is "running" while its callbacks go; stopped by close(), it is "interrupted" after a restart and not resent', async () => {
  const receiver = await startReceiver();
  const stateDir = makeTempDir('alloy-intake-state-');
  const h = await startHarness({ stateDir, faults: ['slow-callbacks=500'], park: [500] });
  const runPath = `/v1/runs/${runIdOf(PAYMENT_KEY)}`;
  try {
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(receiver.callbackUrl(PAYMENT_ID)))).status, 202);
    await h.sleep.waitForCalls(500, 1);
    assert.equal(((await getJson(h.port, runPath)).json as { status: string }).status, 'running');
    await h.intake.close();
    assert.equal(receiver.received.length, 0);

    const log: string[] = [];
    const restarted = await startIntake({ root: h.example.root, stateDir, log: (line) => log.push(line) });
    try {
      assert.ok(
        log.includes(
          `state: run ${runIdOf(PAYMENT_KEY)} (${PAYMENT_ID}) was stopped before its callbacks were all sent; they are not resent`,
        ),
      );
      assert.equal(((await getJson(restarted.port, runPath)).json as { status: string }).status, 'interrupted');
      await restarted.idle();
      assert.equal(receiver.received.length, 0);
    } finally {
      await restarted.close();
    }
  } finally {
    await h.dispose();
    await receiver.close();
  }
});
