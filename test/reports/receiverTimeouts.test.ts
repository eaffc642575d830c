// Slow and greedy clients (SPEC §8.2, 408): headers dribbled a byte at a time, a body that stalls,
// a body that trickles past the request deadline, and more sockets than the cap. Short limits keep
// the tests fast; each asserts the answer and how soon it came.

import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { receiverLimitsOf } from '../../server/src/reports';
import { exchange, sleep } from './rawHttp';
import { startHarness } from './receiverHarness';

/** The head of a POST to a phase of runreq_A, up to (not including) the blank line. */
function headOf(port: number, phase: string, extra: string): string {
  return `POST /api/run-requests/runreq_A/${phase} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n${extra}`;
}

const LIMITS = { headersTimeoutMs: 300, requestTimeoutMs: 900, bodyIdleTimeoutMs: 250, keepAliveTimeoutMs: 300, lingerMs: 200 };

test('slowloris: headers dribbled one byte at a time get a 408 within the headers timeout', async () => {
  const h = await startHarness({ limits: LIMITS });
  try {
    const head = headOf(h.port, 'completed', `X-Padding: ${'x'.repeat(200)}\r\n`);
    const answer = await exchange(
      h.port,
      async (socket) => {
        for (const byte of head) {
          if (socket.destroyed) return;
          socket.write(byte);
          await sleep(20);
        }
      },
      { timeoutMs: 3000 },
    );
    assert.equal(answer.status, 408, answer.raw);
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.match(
      JSON.parse(answer.body).detail,
      /^The request was too slow: headers must arrive within 300 ms and the whole request within 900 ms\.$/,
    );
    // The checker runs every headersTimeout/4, so the answer comes soon after 300 ms; the dribble alone would take 6 s.
    assert.ok(answer.elapsedMs >= 290 && answer.elapsedMs < 1500, `answered after ${answer.elapsedMs} ms`);
    assert.equal(h.receiver.stats.requests, 0);
  } finally {
    await h.stop();
  }
});

test('a body that stalls gets a 408 after the body idle timeout, and nothing is stored', async () => {
  const h = await startHarness({ limits: LIMITS });
  try {
    const answer = await exchange(
      h.port,
      (socket) => {
        socket.write(headOf(h.port, 'completed', 'Content-Length: 40\r\n\r\n{"sta'));
      },
      { timeoutMs: 3000 },
    );
    assert.equal(answer.status, 408, answer.raw);
    assert.equal(JSON.parse(answer.body).detail, 'The body stalled for more than 250 ms.');
    assert.equal(answer.headers.connection, 'close');
    assert.ok(answer.elapsedMs >= 240 && answer.elapsedMs < 1500, `answered after ${answer.elapsedMs} ms`);
    assert.equal(h.receiver.stats.stored, 0);
  } finally {
    await h.stop();
  }
});

test('a body that trickles steadily but outlasts the request timeout gets a 408', async () => {
  const h = await startHarness({ limits: LIMITS });
  try {
    const answer = await exchange(
      h.port,
      async (socket) => {
        socket.write(headOf(h.port, 'started', 'Content-Length: 100\r\n\r\n'));
        for (let i = 0; i < 100 && !socket.destroyed; i++) {
          socket.write(' ');
          await sleep(100);
        }
      },
      { timeoutMs: 4000 },
    );
    assert.equal(answer.status, 408, answer.raw);
    assert.match(JSON.parse(answer.body).detail, /^The request was too slow/);
    assert.ok(answer.elapsedMs >= 880 && answer.elapsedMs < 2500, `answered after ${answer.elapsedMs} ms`);
    assert.equal(h.receiver.stats.stored, 0);
  } finally {
    await h.stop();
  }
});

test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
  const h = await startHarness({ limits: LIMITS });
  try {
    const socket = net.connect(h.port, '127.0.0.1');
    const started = Date.now();
    socket.write(headOf(h.port, 'started', 'Content-Length: 2\r\n\r\n{}'));
    let raw = '';
    socket.on('data', (d) => (raw += d));
    await new Promise((resolve) => socket.once('close', resolve));
    assert.match(raw, /^HTTP\/1\.1 202 Accepted\r\n/);
    // Node keeps an idle socket about a second longer than keepAliveTimeout (its own safety margin).
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 280 && elapsed < 2500, `closed after ${elapsed} ms`);
  } finally {
    await h.stop();
  }
});

test('more sockets than maxConnections: the extra one is answered 503 and closed', async () => {
  const h = await startHarness({ limits: { ...LIMITS, headersTimeoutMs: 2000, requestTimeoutMs: 3000, maxConnections: 2 } });
  const idle: net.Socket[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const socket = net.connect(h.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      idle.push(socket);
    }
    await sleep(50);
    const answer = await exchange(h.port, '', { timeoutMs: 2000 });
    assert.equal(answer.status, 503, answer.raw);
    assert.equal(answer.headers['retry-after'], '1');
    assert.equal(JSON.parse(answer.body).detail, 'This receiver already has 2 open connections; try again shortly.');
    assert.equal(h.receiver.stats.refusedConnections, 1);
    assert.equal(h.receiver.stats.openConnections, 2);
    // Once one closes, a new connection is served again.
    idle.pop()!.destroy();
    await sleep(50);
    const served = await exchange(h.port, headOf(h.port, 'started', 'Content-Length: 2\r\n\r\n{}'));
    assert.equal(served.status, 202, served.raw);
  } finally {
    for (const socket of idle) socket.destroy();
    await h.stop();
  }
});

test('stop() closes every open socket, and the port is free again', async () => {
  const h = await startHarness({ limits: { ...LIMITS, headersTimeoutMs: 5000, requestTimeoutMs: 10000 } });
  const socket = net.connect(h.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const started = Date.now();
  await h.stop();
  await closed;
  assert.ok(Date.now() - started < 1000);
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(h.port, '127.0.0.1', () => resolve());
  });
  await new Promise((resolve) => probe.close(resolve));
});

test('limits: defaults, overrides, and a clear error for a bad one', () => {
  assert.deepEqual(receiverLimitsOf(), {
    bodyLimitBytes: 1048576,
    headersTimeoutMs: 5000,
    requestTimeoutMs: 15000,
    bodyIdleTimeoutMs: 5000,
    keepAliveTimeoutMs: 5000,
    maxRequestsPerSocket: 100,
    maxConnections: 128,
    lingerMs: 1000,
  });
  assert.equal(receiverLimitsOf({ bodyLimitBytes: 10 }).bodyLimitBytes, 10);
  assert.throws(() => receiverLimitsOf({ bodyLimitBytes: 0 }), {
    message: 'Receiver limit bodyLimitBytes must be a whole number of at least 1, not 0.',
  });
  assert.throws(() => receiverLimitsOf({ maxConnections: 1.5 }), {
    message: 'Receiver limit maxConnections must be a whole number of at least 1, not 1.5.',
  });
  assert.throws(() => receiverLimitsOf({ headersTimeoutMs: 20000 }), {
    message: 'Receiver limit headersTimeoutMs (20000) must not exceed requestTimeoutMs (15000).',
  });
});
