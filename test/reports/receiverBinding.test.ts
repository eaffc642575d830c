// Where the receiver listens (SPEC §8.2): loopback only, checked with `ss -ltn`; both families for
// `localhost`; and a plain failure, with no other port tried, when the port is taken.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import { test } from 'node:test';
import { createCallbackReceiver, receiverAddressOf, type BindAddress } from '../../server/src/reports';
import { exchange, request } from './rawHttp';
import { canBind, freePort, startHarness } from './receiverHarness';

/** The local addresses listening on a TCP port, as `ss -ltn` prints them (`127.0.0.1:P`, `[::1]:P`, `0.0.0.0:P`, `*:P`). */
function listeningOn(port: number): string[] {
  const out = execFileSync('ss', ['-ltnH'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[3])
    .filter((local): local is string => local !== undefined && local.endsWith(`:${port}`))
    .sort();
}

const hasIpv6Loopback = (async () => canBind(await freePort(), '::1'))();

function post(host: string): Buffer {
  return request('POST', '/api/run-requests/runreq_A/started', [`Host: ${host}`, 'Content-Type: application/json'], '{"state":"started"}');
}

test('127.0.0.1: only 127.0.0.1:P is listening, never a wildcard', async () => {
  const h = await startHarness({ name: '127.0.0.1' });
  try {
    assert.deepEqual(h.started, { ok: true, listening: [`127.0.0.1:${h.port}`], notes: [] });
    assert.deepEqual(listeningOn(h.port), [`127.0.0.1:${h.port}`]);
    assert.equal((await exchange(h.port, post(`127.0.0.1:${h.port}`))).status, 202);
  } finally {
    await h.stop();
  }
  assert.deepEqual(listeningOn(h.port), []);
});

test('[::1]: only [::1]:P is listening', async (t) => {
  if (!(await hasIpv6Loopback)) {
    t.skip('this machine has no IPv6 loopback: binding ::1 failed');
    return;
  }
  const h = await startHarness({ name: '::1' });
  try {
    assert.deepEqual(h.started, { ok: true, listening: [`[::1]:${h.port}`], notes: [] });
    assert.deepEqual(listeningOn(h.port), [`[::1]:${h.port}`]);
    assert.equal((await exchange(h.port, post(`[::1]:${h.port}`), { host: '::1' })).status, 202);
  } finally {
    await h.stop();
  }
});

test('localhost: both 127.0.0.1:P and [::1]:P are listening and both answer', async (t) => {
  const h = await startHarness({ name: 'localhost' });
  try {
    if (!(await hasIpv6Loopback)) {
      t.diagnostic('this machine has no IPv6 loopback: only the 127.0.0.1 half is checked');
      assert.deepEqual(listeningOn(h.port), [`127.0.0.1:${h.port}`]);
      return;
    }
    assert.deepEqual(h.started, { ok: true, listening: [`127.0.0.1:${h.port}`, `[::1]:${h.port}`], notes: [] });
    assert.deepEqual(listeningOn(h.port), [`127.0.0.1:${h.port}`, `[::1]:${h.port}`]);
    for (const host of ['127.0.0.1', '::1']) {
      const answer = await exchange(h.port, post(`localhost:${h.port}`), { host });
      assert.equal(answer.status, 202, `${host}: ${answer.raw}`);
    }
  } finally {
    await h.stop();
  }
});

async function occupy(port: number, host: BindAddress): Promise<net.Server> {
  const squatter = net.createServer();
  await new Promise<void>((resolve, reject) => {
    squatter.once('error', reject);
    squatter.listen({ port, host, ipv6Only: host === '::1' }, () => resolve());
  });
  return squatter;
}

test('a taken port is said plainly, and no other port is tried', async () => {
  const port = await freePort();
  const squatter = await occupy(port, '127.0.0.1');
  try {
    const receiver = createCallbackReceiver({
      address: { name: '127.0.0.1', port },
      isKnownRequest: () => true,
      sink: { save: () => Promise.reject(new Error('unused')) },
    });
    assert.deepEqual(await receiver.start(), {
      ok: false,
      reason: 'port-in-use',
      message: `port ${port} on 127.0.0.1 is in use by another program; reports will arrive only as files or by import`,
    });
    assert.deepEqual(listeningOn(port), [`127.0.0.1:${port}`]);
    await receiver.stop();
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});

test('localhost with [::1]:P taken fails as a whole: 127.0.0.1:P is not left half-listening', async (t) => {
  if (!(await hasIpv6Loopback)) {
    t.skip('this machine has no IPv6 loopback: binding ::1 failed');
    return;
  }
  const port = await freePort(true);
  const squatter = await occupy(port, '::1');
  try {
    const receiver = createCallbackReceiver({
      address: { name: 'localhost', port },
      isKnownRequest: () => true,
      sink: { save: () => Promise.reject(new Error('unused')) },
    });
    const started = await receiver.start();
    assert.deepEqual(started, {
      ok: false,
      reason: 'port-in-use',
      message: `port ${port} on ::1 is in use by another program; reports will arrive only as files or by import`,
    });
    assert.deepEqual(listeningOn(port), [`[::1]:${port}`]);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});

test('receiverAddressOf reads the loopback name and port of a callback URL', () => {
  assert.deepEqual(receiverAddressOf('http://127.0.0.1:47311/api/run-requests/runreq_A/completed'), {
    ok: true,
    address: { name: '127.0.0.1', port: 47311 },
  });
  assert.deepEqual(receiverAddressOf('http://[::1]:8080/x'), { ok: true, address: { name: '::1', port: 8080 } });
  assert.deepEqual(receiverAddressOf('http://LocalHost/x'), { ok: true, address: { name: 'localhost', port: 80 } });
  assert.deepEqual(receiverAddressOf('https://alloy.example.test/api/run-requests/runreq_A/completed'), {
    ok: false,
    reason: 'https callback URLs are answered by their own server, not by a local receiver',
  });
  assert.deepEqual(receiverAddressOf('http://0.0.0.0:47311/'), {
    ok: false,
    reason: 'http callback URLs must name 127.0.0.1, [::1] or localhost, not "0.0.0.0"',
  });
  assert.deepEqual(receiverAddressOf('http://192.168.1.4:47311/'), {
    ok: false,
    reason: 'http callback URLs must name 127.0.0.1, [::1] or localhost, not "192.168.1.4"',
  });
  assert.deepEqual(receiverAddressOf('not a url'), { ok: false, reason: '"not a url" is not an absolute URL' });
});
