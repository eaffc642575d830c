// The receiver's pure decisions (SPEC §8.2): each check in order, with the exact status and words,
// and the body rules. No socket here: the raw-socket suites drive the same code over the wire.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOwnHost, judgeCallbackBody, routeCallback, type CallbackHead, type RouteDecision } from '../../server/src/reports';

const PORT = 47311;
const ROUTE = '/api/run-requests/:id/{accepted,started,completed,failed}';
const CONTEXT = { port: PORT, bodyLimit: 1000, isKnownRequest: (id: string) => id === 'runreq_A' };

function head(overrides: Partial<CallbackHead> & { headers?: CallbackHead['headers'] } = {}): CallbackHead {
  return {
    method: 'POST',
    target: '/api/run-requests/runreq_A/completed',
    ...overrides,
    headers: { host: `127.0.0.1:${PORT}`, 'content-type': 'application/json', 'content-length': '10', ...(overrides.headers ?? {}) },
  };
}

function refusal(decision: RouteDecision): { status: number; detail: string; close: boolean; allow?: string } {
  assert.equal(decision.kind, 'refuse');
  if (decision.kind !== 'refuse') throw new Error('unreachable');
  const { answer } = decision;
  assert.equal(answer.headers['Cache-Control'], 'no-store');
  assert.equal(answer.headers['Content-Type'], 'application/problem+json');
  assert.ok(!Object.keys(answer.headers).some((h) => h.toLowerCase().startsWith('access-control-')));
  const body = JSON.parse(answer.body) as { status: number; detail: string; title: string; type: string };
  assert.equal(body.status, answer.status);
  assert.equal(body.type, 'about:blank');
  const out: { status: number; detail: string; close: boolean; allow?: string } = {
    status: answer.status,
    detail: body.detail,
    close: answer.close,
  };
  if (answer.headers.Allow) out.allow = answer.headers.Allow;
  return out;
}

test('a good head for a known id and phase means: read the body', () => {
  for (const phase of ['accepted', 'started', 'completed', 'failed']) {
    assert.deepEqual(routeCallback(head({ target: `/api/run-requests/runreq_A/${phase}` }), CONTEXT), {
      kind: 'read-body',
      requestId: 'runreq_A',
      phase,
      limit: 1000,
    });
  }
  // A query string is ignored; percent-encoded unreserved characters decode to the same route.
  assert.equal(routeCallback(head({ target: '/api/run-requests/runreq_A/completed?attempt=2' }), CONTEXT).kind, 'read-body');
  assert.equal(routeCallback(head({ target: '/api/run%2Drequests/runreq%5FA/complete%64' }), CONTEXT).kind, 'read-body');
  // No Content-Length (a chunked body) is counted while it streams.
  assert.equal(routeCallback(head({ headers: { 'content-length': undefined } }), CONTEXT).kind, 'read-body');
});

test('Host: only the three loopback spellings with exactly our port', () => {
  for (const ok of [`127.0.0.1:${PORT}`, `[::1]:${PORT}`, `localhost:${PORT}`, `LOCALHOST:${PORT}`]) assert.ok(isOwnHost(ok, PORT), ok);
  for (const bad of [
    '127.0.0.1',
    `127.0.0.1:${PORT + 1}`,
    `127.0.0.1:0${PORT}`,
    `localhost.:${PORT}`,
    `[0:0:0:0:0:0:0:1]:${PORT}`,
    `evil.example:${PORT}`,
    `127.0.0.2:${PORT}`,
    '',
  ]) {
    assert.ok(!isOwnHost(bad, PORT), bad);
  }
  assert.deepEqual(refusal(routeCallback(head({ headers: { host: 'evil.example' } }), CONTEXT)), {
    status: 403,
    detail: 'Host "evil.example" is not this receiver; it answers only 127.0.0.1:47311, [::1]:47311 or localhost:47311.',
    close: true,
  });
  assert.deepEqual(refusal(routeCallback(head({ headers: { host: undefined } }), CONTEXT)), {
    status: 400,
    detail: 'The request has no Host header.',
    close: true,
  });
  assert.deepEqual(refusal(routeCallback(head({ headers: { host: [`127.0.0.1:${PORT}`, `127.0.0.1:${PORT}`] } }), CONTEXT)), {
    status: 400,
    detail: 'The request has more than one Host header.',
    close: true,
  });
});

test('any Origin, even empty or "null", is a 403, checked before the method', () => {
  for (const origin of ['null', '', `http://127.0.0.1:${PORT}`]) {
    assert.deepEqual(refusal(routeCallback(head({ method: 'OPTIONS', headers: { origin } }), CONTEXT)), {
      status: 403,
      detail: 'Requests with an Origin header are refused: reports come from Foundry, never from a browser page.',
      close: true,
    });
  }
});

test('methods other than POST are 405 with Allow: POST', () => {
  for (const method of ['GET', 'OPTIONS', 'PUT', 'HEAD', 'PATCH']) {
    assert.deepEqual(refusal(routeCallback(head({ method }), CONTEXT)), {
      status: 405,
      detail: `Method "${method}" is not allowed; reports are sent with POST to /api/run-requests/:id/{accepted,started,completed,failed}.`,
      close: true,
      allow: 'POST',
    });
  }
});

test('paths: traversal, encoded slashes and unknown ids are 404; a bad escape is 400; absolute-form is 400', () => {
  const cases: [string, number, string][] = [
    [
      '/api/run-requests/%2e%2e%2f%2e%2e%2fetc/completed',
      404,
      '"../../etc" is not a run-request id (runreq_ followed by letters, digits or underscores).',
    ],
    [
      '/api/run-requests/runreq_A%2F..%2F..%2Fx/completed',
      404,
      '"runreq_A/../../x" is not a run-request id (runreq_ followed by letters, digits or underscores).',
    ],
    ['/api/run-requests/../completed', 404, '".." is not a run-request id (runreq_ followed by letters, digits or underscores).'],
    [
      '/api/run-requests/runreq_A/../../completed',
      404,
      `No route "/api/run-requests/runreq_A/../../completed"; reports are sent to ${ROUTE}.`,
    ],
    ['/api/run-requests/runreq_B/completed', 404, 'No submission of runreq_B is recorded in the ledger.'],
    ['/api/run-requests/runreq_A/done', 404, 'Unknown report phase "done"; the phases are accepted, started, completed, failed.'],
    [
      '/api/run-requests/runreq_A',
      404,
      'No route "/api/run-requests/runreq_A"; reports are sent to /api/run-requests/:id/{accepted,started,completed,failed}.',
    ],
    ['/api/run-requests/runreq_%ZZ/completed', 400, 'The path "/api/run-requests/runreq_%ZZ/completed" has a malformed percent-escape.'],
    [
      '/api/run-requests/runreq_%C0%AF/completed',
      400,
      'The path "/api/run-requests/runreq_%C0%AF/completed" has a malformed percent-escape.',
    ],
    [
      `http://127.0.0.1:${PORT}/api/run-requests/runreq_A/completed`,
      400,
      `Request target "http://127.0.0.1:${PORT}/api/run-requests/runreq_A/completed" is not a path; send POST ${ROUTE}.`,
    ],
    ['*', 400, 'Request target "*" is not a path; send POST /api/run-requests/:id/{accepted,started,completed,failed}.'],
  ];
  for (const [target, status, detail] of cases) {
    assert.deepEqual(refusal(routeCallback(head({ target }), CONTEXT)), { status, detail, close: true }, target);
  }
  const long = 'runreq_' + 'X'.repeat(300);
  assert.equal(
    refusal(routeCallback(head({ target: `/api/run-requests/${long}/completed` }), { ...CONTEXT, isKnownRequest: () => true })).status,
    404,
  );
});

test('content type: application/json with an optional utf-8 charset, else 415', () => {
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON;charset="UTF-8"',
    'application/json; foo=bar',
  ]) {
    assert.equal(routeCallback(head({ headers: { 'content-type': type } }), CONTEXT).kind, 'read-body', type);
  }
  const cases: [string | string[] | undefined, string][] = [
    ['text/plain', 'Content-Type "text/plain" is not accepted; send the report as application/json.'],
    [
      'application/x-www-form-urlencoded',
      'Content-Type "application/x-www-form-urlencoded" is not accepted; send the report as application/json.',
    ],
    ['application/json-patch+json', 'Content-Type "application/json-patch+json" is not accepted; send the report as application/json.'],
    ['application/json; charset=utf-16', 'Charset "utf-16" is not accepted; JSON reports are UTF-8.'],
    [undefined, 'The request has no Content-Type; send the report as application/json.'],
    [['application/json', 'application/json'], 'The request has more than one Content-Type header.'],
  ];
  for (const [type, detail] of cases) {
    assert.deepEqual(refusal(routeCallback(head({ headers: { 'content-type': type } }), CONTEXT)), { status: 415, detail, close: true });
  }
});

test('Content-Length over the limit is 413 before any body is read; a bad one is 400', () => {
  assert.equal(routeCallback(head({ headers: { 'content-length': '1000' } }), CONTEXT).kind, 'read-body');
  assert.deepEqual(refusal(routeCallback(head({ headers: { 'content-length': '1001' } }), CONTEXT)), {
    status: 413,
    detail: 'The body is 1001 bytes; this receiver accepts at most 1000.',
    close: true,
  });
  assert.deepEqual(refusal(routeCallback(head({ headers: { 'content-length': '99999999999999999999' } }), CONTEXT)).status, 413);
  assert.deepEqual(refusal(routeCallback(head({ headers: { 'content-length': '-1' } }), CONTEXT)), {
    status: 400,
    detail: 'Content-Length "-1" is not one number.',
    close: true,
  });
  assert.deepEqual(refusal(routeCallback(head({ headers: { 'content-length': ['5', '6'] } }), CONTEXT)).status, 400);
});

test('bodies: a JSON object is stored as is; anything else is a 400 that keeps the connection', () => {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  assert.deepEqual(judgeCallbackBody(bytes(' {"a": "ü"} \n')), { kind: 'store', text: ' {"a": "ü"} \n' });
  const cases: [Uint8Array, string][] = [
    [bytes(''), 'The body is empty; a report is a JSON object.'],
    [bytes('[1]'), 'The body is JSON but an array, not an object.'],
    [bytes('null'), 'The body is JSON but null, not an object.'],
    [bytes('42'), 'The body is JSON but a number, not an object.'],
    [new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'The body starts with a UTF-8 byte order mark; send the JSON without it.'],
    [new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), 'The body is not valid UTF-8.'],
  ];
  for (const [body, detail] of cases) {
    const decision = judgeCallbackBody(body);
    assert.equal(decision.kind, 'refuse');
    if (decision.kind !== 'refuse') continue;
    assert.equal(decision.answer.status, 400);
    assert.equal(decision.answer.close, false);
    assert.equal(JSON.parse(decision.answer.body).detail, detail);
  }
  const notJson = judgeCallbackBody(bytes('{"a":'));
  assert.ok(notJson.kind === 'refuse' && /^The body is not JSON: .+\.$/.test(JSON.parse(notJson.answer.body).detail));
});
