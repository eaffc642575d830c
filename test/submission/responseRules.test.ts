// SPEC §7.2's answer table, one status at a time, with Retry-After (seconds and the three HTTP
// date forms) and RFC 9457 problem details.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyResponse, parseRetryAfter, problemWords, retryAfterMs } from '../../server/src/submission';

const PROBLEM = { 'content-type': 'application/problem+json' };

test('every status lands on its rule', () => {
  const table: [number, Record<string, string>, string][] = [
    [201, {}, 'accepted'],
    [202, {}, 'accepted'],
    [200, {}, 'accepted'],
    [204, {}, 'accepted'],
    [200, { 'idempotent-replayed': 'true' }, 'already-submitted'],
    [200, { 'idempotent-replayed': ' TRUE ' }, 'already-submitted'],
    [200, { 'idempotent-replayed': 'false' }, 'accepted'],
    [409, {}, 'already-submitted'],
    [400, {}, 'rejected'],
    [422, {}, 'rejected'],
    [404, {}, 'rejected'],
    [413, {}, 'rejected'],
    [401, {}, 'auth-needed'],
    [403, {}, 'auth-needed'],
    [429, {}, 'retry-after'],
    [503, {}, 'retry-after'],
    [500, {}, 'retry'],
    [502, {}, 'retry'],
    [504, {}, 'retry'],
    [408, {}, 'retry'],
    [301, {}, 'redirect'],
    [302, {}, 'redirect'],
    [307, {}, 'redirect'],
    [308, {}, 'redirect'],
  ];
  for (const [status, headers, kind] of table)
    assert.equal(classifyResponse(status, headers, '').kind, kind, `${status} ${JSON.stringify(headers)}`);
});

test('the verdicts carry what the front ends show', () => {
  assert.deepEqual(classifyResponse(200, { 'idempotent-replayed': 'true' }, ''), {
    kind: 'already-submitted',
    status: 200,
    replayed: true,
  });
  assert.deepEqual(classifyResponse(409, {}, ''), { kind: 'already-submitted', status: 409, replayed: false });
  assert.deepEqual(classifyResponse(308, { location: 'https://x.test/y' }, ''), {
    kind: 'redirect',
    status: 308,
    location: 'https://x.test/y',
  });
  assert.deepEqual(classifyResponse(429, { 'retry-after': '3' }, ''), {
    kind: 'retry-after',
    status: 429,
    retryAfter: { kind: 'seconds', seconds: 3 },
  });
  assert.deepEqual(
    classifyResponse(422, PROBLEM, '{"type":"about:blank","title":"Invalid request","detail":"payload.max_iterations must be ≥ 1"}'),
    {
      kind: 'rejected',
      status: 422,
      problem: { title: 'Invalid request', detail: 'payload.max_iterations must be ≥ 1' },
    },
  );
});

test('Retry-After: delta-seconds and all three HTTP-date forms; junk is ignored', () => {
  const at = Date.parse('1994-11-06T08:49:37Z');
  assert.deepEqual(parseRetryAfter('120'), { kind: 'seconds', seconds: 120 });
  assert.deepEqual(parseRetryAfter(' 0 '), { kind: 'seconds', seconds: 0 });
  assert.deepEqual(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT'), { kind: 'date', at });
  assert.deepEqual(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT'), { kind: 'date', at });
  assert.deepEqual(parseRetryAfter('Sun Nov  6 08:49:37 1994'), { kind: 'date', at });
  for (const junk of [undefined, '', '-1', '1.5', 'soon', '2026-12-01T14:02:00Z', '99999999999'])
    assert.equal(parseRetryAfter(junk), undefined, String(junk));
  assert.equal(retryAfterMs({ kind: 'seconds', seconds: 2 }, 0), 2000);
  assert.equal(retryAfterMs({ kind: 'date', at: 10_000 }, 4_000), 6000);
  assert.equal(retryAfterMs({ kind: 'date', at: 1_000 }, 4_000), 0, 'a date in the past means now');
});

test('problem details: title and detail from problem+json, cleaned and capped; plain text as detail; HTML ignored', () => {
  assert.deepEqual(problemWords(PROBLEM, JSON.stringify({ title: 'A\nB\u0007', detail: 'x'.repeat(600) })), {
    title: 'A B',
    detail: 'x'.repeat(499) + '…',
  });
  assert.deepEqual(problemWords({ 'content-type': 'application/json; charset=utf-8' }, '{"title":"T"}'), { title: 'T' });
  assert.deepEqual(problemWords({ 'content-type': 'text/plain' }, '  missing key  '), { detail: 'missing key' });
  assert.deepEqual(problemWords({ 'content-type': 'text/html' }, '<h1>500</h1>'), {});
  assert.deepEqual(problemWords(PROBLEM, 'not json'), {});
  assert.deepEqual(problemWords(PROBLEM, '[1,2]'), {});
});
