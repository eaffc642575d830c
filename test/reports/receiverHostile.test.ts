// The receiver against a scripted hostile client on raw sockets (SPEC §8.2): every answer code, the
// exact bytes on disk for a good body, and bounded reading for bodies over the limit.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { exchange, request, sleep, type RawResponse } from './rawHttp';
import { startHarness, type Harness } from './receiverHarness';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

const RUN_RESULT = {
  schema_version: 'alloy.foundry_run_result.v1',
  run_request_id: 'runreq_A',
  foundry_run_id: 'foundry_run_1',
  brief_id: 'brief_A',
  brief_digest: 'sha256:' + 'a'.repeat(64),
  project_id: 'checkout-service',
  status: 'completed',
};

function post(path: string, body: string, extra: string[] = [], contentType = 'application/json'): Buffer {
  return request('POST', path, [`Host: 127.0.0.1:${h.port}`, `Content-Type: ${contentType}`, ...extra], body);
}

function allFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...allFiles(path));
    else out.push(relative(h.base, path));
  }
  return out;
}

function assertProblem(answer: RawResponse, status: number, detail: RegExp): void {
  assert.equal(answer.status, status, answer.raw);
  assert.equal(answer.headers['content-type'], 'application/problem+json');
  assert.equal(answer.headers['cache-control'], 'no-store');
  const body = JSON.parse(answer.body) as { status: number; title: string; detail: string };
  assert.equal(body.status, status);
  assert.match(body.detail, detail);
  for (const name of Object.keys(answer.headers)) assert.ok(!name.startsWith('access-control-'), `CORS header ${name}`);
}

test('a foreign Host is refused with 403 (DNS rebinding)', async () => {
  const answer = await exchange(
    h.port,
    request('POST', '/api/run-requests/runreq_A/completed', ['Host: evil.example', 'Content-Type: application/json'], '{}'),
  );
  assertProblem(answer, 403, /^Host "evil\.example" is not this receiver/);
  assert.equal(answer.headers.connection, 'close');
});

test('a loopback Host with another port is refused with 403', async () => {
  const wrong = `127.0.0.1:${h.port + 1}`;
  const answer = await exchange(
    h.port,
    request('POST', '/api/run-requests/runreq_A/completed', [`Host: ${wrong}`, 'Content-Type: application/json'], '{}'),
  );
  assertProblem(answer, 403, new RegExp(`^Host "${wrong.replace(/\./g, '\\.')}" is not this receiver`));
  const noPort = await exchange(
    h.port,
    request('POST', '/api/run-requests/runreq_A/completed', ['Host: localhost', 'Content-Type: application/json'], '{}'),
  );
  assertProblem(noPort, 403, /^Host "localhost" is not this receiver/);
});

test('any Origin header is refused with 403, even "null" and our own origin', async () => {
  for (const origin of ['null', `http://127.0.0.1:${h.port}`, 'https://evil.example']) {
    const answer = await exchange(h.port, post('/api/run-requests/runreq_A/completed', JSON.stringify(RUN_RESULT), [`Origin: ${origin}`]));
    assertProblem(answer, 403, /Origin header are refused/);
  }
  assert.equal(h.reports.filter((r) => r.report.requestId === 'runreq_A' && r.report.phase === 'completed').length, 0);
});

test('encoded traversal in the id is a 404 and nothing is written anywhere', async () => {
  const before = allFiles(h.base);
  for (const id of ['..%2F..%2Fetc', '%2e%2e%2f%2e%2e%2fpasswd', 'runreq_A%2F..%2F..', '%2e%2e', '..', 'runreq_A%00', 'runreq_%41%2Fx']) {
    const answer = await exchange(h.port, post(`/api/run-requests/${id}/completed`, JSON.stringify(RUN_RESULT)));
    assertProblem(answer, 404, /is not a run-request id|No route/);
  }
  const slash = await exchange(h.port, post('/api/run-requests/runreq_A/..%2Fcompleted', JSON.stringify(RUN_RESULT)));
  assertProblem(slash, 404, /^Unknown report phase "\.\.\/completed"/);
  assert.deepEqual(allFiles(h.base), before);
});

test('a malformed percent-escape is a 400', async () => {
  const answer = await exchange(h.port, post('/api/run-requests/runreq_%E0%A4%A/completed', '{}'));
  assertProblem(answer, 400, /^The path "\/api\/run-requests\/runreq_%E0%A4%A\/completed" has a malformed percent-escape\.$/);
});

test('an id that is well-formed but not in the ledger is a 404', async () => {
  const answer = await exchange(h.port, post('/api/run-requests/runreq_NOT_IN_LEDGER/completed', JSON.stringify(RUN_RESULT)));
  assertProblem(answer, 404, /^No submission of runreq_NOT_IN_LEDGER is recorded in the ledger\.$/);
});

test('unknown routes and phases are 404', async () => {
  assertProblem(await exchange(h.port, post('/api/run-requests/runreq_A/finished', '{}')), 404, /^Unknown report phase "finished"/);
  assertProblem(await exchange(h.port, post('/api/run-requests/runreq_A/completed/', '{}')), 404, /^No route/);
  assertProblem(await exchange(h.port, post('/', '{}')), 404, /^No route "\/"/);
});

test('OPTIONS is a 405 with Allow: POST and no CORS header; a browser preflight (with Origin) is a 403', async () => {
  const options = await exchange(h.port, request('OPTIONS', '/api/run-requests/runreq_A/completed', [`Host: 127.0.0.1:${h.port}`]));
  assertProblem(options, 405, /^Method "OPTIONS" is not allowed/);
  assert.equal(options.headers.allow, 'POST');
  const preflight = await exchange(
    h.port,
    request('OPTIONS', '/api/run-requests/runreq_A/completed', [
      `Host: 127.0.0.1:${h.port}`,
      'Origin: https://evil.example',
      'Access-Control-Request-Method: POST',
      'Access-Control-Request-Headers: content-type',
    ]),
  );
  assertProblem(preflight, 403, /Origin/);
});

test('GET and PUT are 405', async () => {
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const answer = await exchange(h.port, request(method, '/api/run-requests/runreq_A/completed', [`Host: 127.0.0.1:${h.port}`]));
    assertProblem(answer, 405, new RegExp(`^Method "${method}" is not allowed`));
    assert.equal(answer.headers.allow, 'POST');
  }
});

test('a content type other than application/json is a 415; charset utf-8 is fine', async () => {
  assertProblem(
    await exchange(h.port, post('/api/run-requests/runreq_A/started', '{}', [], 'text/plain')),
    415,
    /^Content-Type "text\/plain" is not accepted/,
  );
  assertProblem(
    await exchange(h.port, post('/api/run-requests/runreq_A/started', '{}', [], 'application/json; charset=iso-8859-1')),
    415,
    /^Charset "iso-8859-1" is not accepted/,
  );
  const none = await exchange(h.port, request('POST', '/api/run-requests/runreq_A/started', [`Host: 127.0.0.1:${h.port}`], '{}'));
  assertProblem(none, 415, /^The request has no Content-Type/);
  const ok = await exchange(
    h.port,
    post('/api/run-requests/runreq_A/started', '{"state":"charset"}', [], 'Application/JSON; charset="UTF-8"'),
  );
  assert.equal(ok.status, 202, ok.raw);
});

test('a body that is not JSON, or JSON but not an object, is a 400; nothing is stored', async () => {
  const before = h.reports.length;
  assertProblem(await exchange(h.port, post('/api/run-requests/runreq_B/completed', '{"status": ')), 400, /^The body is not JSON: /);
  assertProblem(
    await exchange(h.port, post('/api/run-requests/runreq_B/completed', '[{"a":1}]')),
    400,
    /^The body is JSON but an array, not an object\.$/,
  );
  assertProblem(
    await exchange(h.port, post('/api/run-requests/runreq_B/completed', '"text"')),
    400,
    /^The body is JSON but a string, not an object\.$/,
  );
  assertProblem(await exchange(h.port, post('/api/run-requests/runreq_B/completed', '')), 400, /^The body is empty/);
  const bad = Buffer.concat([
    request(
      'POST',
      '/api/run-requests/runreq_B/completed',
      [`Host: 127.0.0.1:${h.port}`, 'Content-Type: application/json', 'Content-Length: 3'],
      '',
      { contentLength: false },
    ),
    Buffer.from([0x7b, 0xff, 0x7d]),
  ]);
  assertProblem(await exchange(h.port, bad), 400, /^The body is not valid UTF-8\.$/);
  assert.equal(h.reports.length, before);
});

test('a good body is a 202 once on disk, under a name from the route and the hash, with the exact bytes', async () => {
  const text =
    '{ "schema_version": "alloy.foundry_run_result.v1",\n  "run_request_id": "runreq_01HZ_CHECKOUT_PAYMENT",' +
    ' "foundry_run_id": "f_1",\r\n "brief_id": "brief_A", "brief_digest": "sha256:' +
    'b'.repeat(64) +
    '", "project_id": "p", "status": "completed", "summary": {"threats_observed": ["naïve ✓"]} }\n';
  const answer = await exchange(h.port, post('/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed', text));
  assert.equal(answer.status, 202, answer.raw);
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.equal(answer.headers['content-type'], 'application/json');
  const body = JSON.parse(answer.body) as { status: string; file: string; duplicate: boolean; phase: string; request_id: string };
  const sha = createHash('sha256').update(text, 'utf8').digest('hex');
  assert.match(body.file, new RegExp(`^completed-\\d{8}T\\d{6}\\.\\d{3}Z-${sha.slice(0, 12)}\\.json$`));
  assert.deepEqual(
    { ...body, file: '' },
    { status: 'stored', request_id: 'runreq_01HZ_CHECKOUT_PAYMENT', phase: 'completed', file: '', duplicate: false },
  );
  const folder = join(h.root, '.alloy', 'reports', 'runreq_01HZ_CHECKOUT_PAYMENT');
  assert.deepEqual(readdirSync(folder), [body.file]);
  assert.ok(readFileSync(join(folder, body.file)).equals(Buffer.from(text, 'utf8')));
  const event = h.reports.find((r) => r.report.file === join(folder, body.file));
  assert.ok(event);
  assert.equal(event.report.flagged, false);
  assert.equal(event.report.sha256, `sha256:${sha}`);
  // The same bytes again: 202, the same file, nothing new written.
  const again = await exchange(h.port, post('/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed', text));
  assert.equal(again.status, 202);
  assert.deepEqual(JSON.parse(again.body), { ...body, duplicate: true });
  assert.deepEqual(readdirSync(folder), [body.file]);
});

test('a body that fails the run-result schema is still stored, and flagged', async () => {
  const text = JSON.stringify({ ...RUN_RESULT, run_request_id: 'runreq_B', status: 'finished' });
  const answer = await exchange(h.port, post('/api/run-requests/runreq_B/failed', text));
  assert.equal(answer.status, 202, answer.raw);
  const file = (JSON.parse(answer.body) as { file: string }).file;
  const stored = readFileSync(join(h.root, '.alloy', 'reports', 'runreq_B', file), 'utf8');
  assert.equal(stored, text);
  const event = h.reports.find((r) => r.report.file.endsWith(file));
  assert.ok(event);
  assert.equal(event.report.flagged, true);
  assert.deepEqual(
    event.report.problems.map((p) => p.code),
    ['schema'],
  );
});

test('a body over the limit is refused with 413 while streaming, without reading it all', async () => {
  const limit = 1024 * 1024;
  const readBefore = h.receiver.stats.bodyBytesRead;
  const chunk = Buffer.alloc(16 * 1024, 0x20);
  let sent = 0;
  const answer = await exchange(h.port, async (socket) => {
    socket.write(
      `POST /api/run-requests/runreq_A/completed HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const total = limit + 1;
    socket.write(`${total.toString(16)}\r\n`);
    let answered = false;
    socket.once('data', () => (answered = true));
    while (sent < total && !answered && !socket.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
    }
    if (!socket.destroyed) socket.write('\r\n0\r\n\r\n');
  });
  assertProblem(answer, 413, /^The body is larger than 1048576 bytes/);
  assert.equal(answer.headers.connection, 'close');
  const read = h.receiver.stats.bodyBytesRead - readBefore;
  assert.ok(read > limit && read <= limit + 64 * 1024, `read ${read} bytes`);
  assert.ok(h.receiver.stats.largestBodyHeld <= limit, `held ${h.receiver.stats.largestBodyHeld}`);
  assert.equal(readdirSync(join(h.root, '.alloy', 'reports', 'runreq_A')).filter((n) => n.startsWith('completed')).length, 0);
});

test('a Content-Length over the limit is refused before a byte of body is read, also with Expect: 100-continue', async () => {
  const readBefore = h.receiver.stats.bodyBytesRead;
  const head = [`Host: 127.0.0.1:${h.port}`, 'Content-Type: application/json', 'Content-Length: 1048577', 'Expect: 100-continue'];
  const answer = await exchange(h.port, request('POST', '/api/run-requests/runreq_A/completed', head, '', { contentLength: false }));
  assertProblem(answer, 413, /^The body is 1048577 bytes; this receiver accepts at most 1048576\.$/);
  assert.ok(!answer.raw.includes('100 Continue'));
  assert.equal(h.receiver.stats.bodyBytesRead, readBefore);
});

test('Expect: 100-continue gets a 100 only for a request that will be read, then its 202', async () => {
  const body = '{"state":"continued"}';
  const head = [`Host: 127.0.0.1:${h.port}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Expect: 100-continue'];
  const answer = await exchange(h.port, (socket) => {
    socket.write(request('POST', '/api/run-requests/runreq_B/accepted', head, '', { contentLength: false }));
    socket.once('data', (first: string) => {
      assert.equal(first, 'HTTP/1.1 100 Continue\r\n\r\n');
      socket.write(body);
    });
  });
  assert.equal(answer.status, 202, answer.raw);
  const refused = await exchange(h.port, request('POST', '/api/run-requests/runreq_NOPE/accepted', head, '', { contentLength: false }));
  assert.equal(refused.status, 404);
  assert.ok(!refused.raw.includes('100 Continue'));
});

test('an Expect other than 100-continue is a 417 problem', async () => {
  const answer = await exchange(h.port, post('/api/run-requests/runreq_A/started', '{}', ['Expect: 200-ok']));
  assertProblem(answer, 417, /^Expectation "200-ok" is not supported\.$/);
});

test('headers larger than 16 KiB are a 431', async () => {
  const answer = await exchange(
    h.port,
    request('POST', '/api/run-requests/runreq_A/started', [`Host: 127.0.0.1:${h.port}`, `X-Big: ${'x'.repeat(20_000)}`], '{}'),
  );
  assertProblem(answer, 431, /^The request headers are too large\.$/);
});

test('a request that is not HTTP is a 400 problem', async () => {
  const answer = await exchange(h.port, 'HELLO THERE\r\n\r\n');
  assertProblem(answer, 400, /^The request is not well-formed HTTP\/1\.1 \(HPE_INVALID_METHOD\)\.$/);
  assert.equal(answer.headers.connection, 'close');
});

test('header names like __proto__ and constructor are just headers', async () => {
  const headers = [`Host: 127.0.0.1:${h.port}`, 'Content-Type: application/json', '__proto__: x', 'constructor: y', 'hasOwnProperty: z'];
  const answer = await exchange(h.port, request('POST', '/api/run-requests/runreq_B/accepted', headers, '{"proto":true}'));
  assert.equal(answer.status, 202, answer.raw);
});

test('duplicate Host headers are a 400', async () => {
  const answer = await exchange(
    h.port,
    request(
      'POST',
      '/api/run-requests/runreq_A/started',
      [`Host: 127.0.0.1:${h.port}`, 'Host: evil.example', 'Content-Type: application/json'],
      '{}',
    ),
  );
  assertProblem(answer, 400, /more than one Host header/);
});

test('several reports on one keep-alive connection are all answered', async () => {
  const socket = net.connect(h.port, '127.0.0.1');
  let raw = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (raw += chunk));
  const answers = (): number => raw.split('HTTP/1.1 202 Accepted').length - 1;
  try {
    for (let n = 1; n <= 3; n++) {
      socket.write(post('/api/run-requests/runreq_B/started', `{"n":${n}}`));
      for (let i = 0; i < 100 && answers() < n; i++) await sleep(10);
      assert.equal(answers(), n, raw);
    }
  } finally {
    socket.destroy();
  }
  assert.equal(readdirSync(join(h.root, '.alloy', 'reports', 'runreq_B')).filter((n) => n.startsWith('started-')).length, 3);
});

test('a store that fails is a 500 that says so; the client can send again', async () => {
  const failing = await startHarness({ sink: { save: () => Promise.reject(new Error('disk full (ENOSPC)')) } });
  try {
    const answer = await exchange(
      failing.port,
      request('POST', '/api/run-requests/runreq_A/started', [`Host: localhost:${failing.port}`, 'Content-Type: application/json'], '{}'),
    );
    assertProblem(answer, 500, /^The report was not stored \(disk full \(ENOSPC\)\); send it again\.$/);
    assert.equal(failing.receiver.stats.storeFailures, 1);
  } finally {
    await failing.stop();
  }
});
