// Known-answer vectors for the idempotency key (SPEC §5): the canonical text of the seven inputs
// is written out by hand here and hashed with node:crypto; two hashes are also pinned as
// literals (computed with `sha256sum`), so the vectors do not depend on any code under test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../../server/src/core/hashing/canonicalHash';
import { analyzeFile } from '../../server/src/core/rules/fileAnalysis';
import { idempotencyKey, keyInputs } from '../../server/src/core/hashing/idempotencyKey';
import type { JsonValue } from '../../server/src/core/document/syntaxTree';
import { sha256Of } from '../support/independentHash';
import { REQUEST_PATH, requestJson, requestValue, type RequestValue } from './fixtures';

const DIGEST = 'sha256:' + '0123456789abcdef'.repeat(4);

/** Keys in code-unit order, no whitespace; `requested_by` is JSON null when the request has none. */
const CANONICAL_WITHOUT_REQUESTER =
  '{"brief_digest":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",' +
  '"entry_event":"iteration_requested","payload":{"max_iterations":3,"strategic":true},' +
  '"project_id":"checkout-service","repo_revision":"abc123","requested_by":null,"throttle":"dry_run"}';
const KEY_WITHOUT_REQUESTER = 'sha256:de9ff5c7a0b6c18b37c1812e0865275c2a7afbfbb6cac4cec2c409280ed98749';

const CANONICAL_WITH_REQUESTER = CANONICAL_WITHOUT_REQUESTER.replace('"requested_by":null', '"requested_by":"stacey"');
const KEY_WITH_REQUESTER = 'sha256:ab59185e2dd073aebb68f068d0ae8b0267bc4bc44dbd9c92dcb22f6accd3aa74';

function requestWithout(member: 'requested_by' | 'nothing'): RequestValue {
  const value = requestValue(DIGEST);
  if (member === 'requested_by') delete value.requested_by;
  return value;
}

const asJson = (value: RequestValue): JsonValue => value as unknown as JsonValue;

test('the pinned vectors are the sha-256 of the hand-written canonical texts', () => {
  assert.equal(sha256Of(CANONICAL_WITHOUT_REQUESTER), KEY_WITHOUT_REQUESTER);
  assert.equal(sha256Of(CANONICAL_WITH_REQUESTER), KEY_WITH_REQUESTER);
});

test('requested_by absent: the key input is JSON null', () => {
  const inputs = keyInputs(asJson(requestWithout('requested_by')));
  assert.ok(inputs);
  assert.equal(inputs.requested_by, null);
  assert.equal(canonicalJson({ ...inputs }), CANONICAL_WITHOUT_REQUESTER);
  assert.equal(idempotencyKey(inputs), KEY_WITHOUT_REQUESTER);
});

test('requested_by present: the key input is the string', () => {
  const inputs = keyInputs(asJson(requestWithout('nothing')));
  assert.ok(inputs);
  assert.equal(canonicalJson({ ...inputs }), CANONICAL_WITH_REQUESTER);
  assert.equal(idempotencyKey(inputs), KEY_WITH_REQUESTER);
});

test("a request file's derived key is the known answer, whatever its formatting and key order", () => {
  const value = requestWithout('requested_by');
  const pretty = requestJson(value);
  const reordered = JSON.stringify(Object.fromEntries(Object.entries(value).reverse()));
  assert.equal(analyzeFile(REQUEST_PATH, pretty)?.derivedKey, KEY_WITHOUT_REQUESTER);
  assert.equal(analyzeFile(REQUEST_PATH, reordered)?.derivedKey, KEY_WITHOUT_REQUESTER);
});

test('payload numbers and non-ASCII text are canonicalised (1.0 → 1, 1e3 → 1000, UTF-8 as is)', () => {
  const text = requestJson(requestWithout('requested_by'))
    .replace('"max_iterations": 3', '"max_iterations": 1e3')
    .replace('"strategic": true', '"strategic": true,\n      "ratio": 1.0,\n      "prompt": "Répare le paiement ✓ 😀"');
  const canonical = CANONICAL_WITHOUT_REQUESTER.replace(
    '"payload":{"max_iterations":3,"strategic":true}',
    '"payload":{"max_iterations":1000,"prompt":"Répare le paiement ✓ 😀","ratio":1,"strategic":true}',
  );
  assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, sha256Of(canonical));
});

test('a request missing one of the seven inputs has no derived key', () => {
  for (const remove of [
    (v: RequestValue) => Reflect.deleteProperty(v.brief, 'digest'),
    (v: RequestValue) => Reflect.deleteProperty(v.foundry, 'payload'),
    (v: RequestValue) => Reflect.deleteProperty(v.repo, 'revision'),
  ]) {
    const value = requestValue(DIGEST);
    remove(value);
    assert.equal(keyInputs(asJson(value)), undefined);
    assert.equal(analyzeFile(REQUEST_PATH, requestJson(value))?.derivedKey, undefined);
  }
});
