// File facts from the core's check: a valid request's target, digest ✓ and key ✓; a stale digest,
// a wrong key and a missing brief; brief facts; blocking errors; and the context keys from them.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeDirectoryLister, nodeFileSystem } from '../../server/src/core';
import { changedKeys, contextKeysOf } from '../../client/src/context/contextKeys';
import { factsOfFile, hasBlockingErrors, type RequestFacts } from '../../client/src/state/fileFacts';
import { WorkspaceIndex } from '../../client/src/state/workspaceIndex';
import { BRIEF_DIGEST, briefFile, copyExample, PAYMENT_ID, PAYMENT_KEY, removeDir, requestFile } from './clientFixtures';

async function example(t: { after(fn: () => void): void }) {
  const root = copyExample('facts');
  t.after(() => removeDir(path.dirname(root)));
  const index = new WorkspaceIndex({ files: nodeFileSystem, lister: nodeDirectoryLister, folders: () => [root] });
  await index.scan();
  return { root, index };
}

test('the valid example request: its fields, digest ✓, key ✓, no errors', async (t) => {
  const { root, index } = await example(t);
  const facts = factsOfFile(index, requestFile(root));
  assert.deepEqual(facts, {
    kind: 'request',
    file: requestFile(root),
    requestId: PAYMENT_ID,
    projectId: 'checkout-service',
    throttle: 'dry_run',
    branch: 'alloy/checkout-payment',
    briefId: 'brief_01HZ_CHECKOUT_PAYMENT',
    key: PAYMENT_KEY,
    callbackUrl: JSON.parse(fs.readFileSync(requestFile(root), 'utf8')).reporting.callback_url,
    errors: 0,
    warnings: 0,
    briefErrors: 0,
    briefPath: briefFile(root),
    digest: { state: 'ok' },
    keyCheck: { state: 'ok' },
  });
  assert.equal(hasBlockingErrors(facts), false);
});

test('a stale digest is ✗ naming the right one; a wrong key is ✗ naming the derived one; a missing brief is ?', async (t) => {
  const { root, index } = await example(t);
  const stale = factsOfFile(index, requestFile(root, 'broken-digest-mismatch.json')) as RequestFacts;
  assert.deepEqual(stale.digest, { state: 'wrong', why: `brief.digest differs from the brief's digest ${BRIEF_DIGEST}` });
  assert.ok(stale.errors >= 1);
  assert.equal(hasBlockingErrors(stale), true);
  const wrongKey = factsOfFile(index, requestFile(root, 'broken-key-mismatch.json')) as RequestFacts;
  assert.equal(wrongKey.keyCheck.state, 'wrong');
  assert.match((wrongKey.keyCheck as { why: string }).why, /^its inputs give sha256:[0-9a-f]{64}$/);
  const missing = factsOfFile(index, requestFile(root, 'broken-brief-not-found.json')) as RequestFacts;
  assert.deepEqual(missing.digest, { state: 'unknown', why: 'the brief file is not found' });
});

test("brief facts carry the digest; a request with a broken brief counts the brief's errors", async (t) => {
  const { root, index } = await example(t);
  assert.deepEqual(factsOfFile(index, briefFile(root)), {
    kind: 'brief',
    file: briefFile(root),
    briefId: 'brief_01HZ_CHECKOUT_PAYMENT',
    digest: BRIEF_DIGEST,
    errors: 0,
    warnings: 0,
  });
  const invalid = factsOfFile(index, requestFile(root, 'broken-brief-invalid.json')) as RequestFacts;
  assert.equal(invalid.kind, 'request');
  assert.ok(invalid.briefErrors > 0);
  assert.equal(hasBlockingErrors(invalid), true);
  assert.deepEqual(factsOfFile(index, path.join(root, 'README.md')), { kind: 'other', file: path.join(root, 'README.md') });
});

test('context keys: kind, errors and submitted; only changed keys are set again', async (t) => {
  const { root, index } = await example(t);
  const valid = contextKeysOf(factsOfFile(index, requestFile(root)), true);
  assert.deepEqual(valid, { 'alloy.activeFileKind': 'request', 'alloy.activeHasErrors': false, 'alloy.activeSubmitted': true });
  const broken = contextKeysOf(factsOfFile(index, requestFile(root, 'broken-schema.json')), false);
  assert.deepEqual(broken, { 'alloy.activeFileKind': 'request', 'alloy.activeHasErrors': true, 'alloy.activeSubmitted': false });
  const brief = contextKeysOf(factsOfFile(index, briefFile(root)), true);
  assert.deepEqual(brief, { 'alloy.activeFileKind': 'brief', 'alloy.activeHasErrors': false, 'alloy.activeSubmitted': false });
  assert.deepEqual(contextKeysOf(undefined, true), {
    'alloy.activeFileKind': '',
    'alloy.activeHasErrors': false,
    'alloy.activeSubmitted': false,
  });
  assert.deepEqual(changedKeys(undefined, valid), ['alloy.activeFileKind', 'alloy.activeHasErrors', 'alloy.activeSubmitted']);
  assert.deepEqual(changedKeys(valid, broken), ['alloy.activeHasErrors', 'alloy.activeSubmitted']);
  assert.deepEqual(changedKeys(valid, valid), []);
});
