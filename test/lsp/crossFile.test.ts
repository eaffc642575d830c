// Protocol tests: a brief's changes (editor text, close, disk events) re-check the requests that
// name it, opened or not; deleted and renamed files lose their diagnostics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { BRIEF_YAML, EDITED_BRIEF_YAML, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { LspSession, summarize } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

const BRIEF = '.alloy/briefs/x.yaml';
const REQUEST = '.alloy/requests/r.json';
const DIGEST_MISMATCH = ['digest-mismatch', 14, 14, 14, 87];
const NOT_FOUND = ['brief-not-found', 15, 18, 15, 40];

async function startScanned(): Promise<LspSession> {
  const s = await server.start();
  await s.waitForProgressEnd();
  return s;
}

test('editing an open brief re-checks an unopened request that names it; closing it falls back to disk', async () => {
  server.fixture.write(REQUEST, requestJson());
  const s = await startScanned();
  const requestUri = server.fixture.uri(REQUEST);
  const briefUri = server.fixture.uri(BRIEF);
  assert.deepEqual((await s.waitForDiagnostics(requestUri)).diagnostics, []);

  let since = s.mark();
  await s.open(briefUri, BRIEF_YAML);
  await s.waitForDiagnostics(requestUri, () => true, since); // the fan-out after opening

  since = s.mark();
  await s.change(briefUri, EDITED_BRIEF_YAML);
  const mismatch = await s.waitForDiagnostics(requestUri, () => true, since);
  assert.deepEqual(summarize(mismatch.diagnostics), [DIGEST_MISMATCH]);
  assert.equal(mismatch.version, undefined, 'an unopened request is published without a version');

  since = s.mark();
  await s.change(briefUri, BRIEF_YAML);
  assert.deepEqual((await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics, []);

  since = s.mark();
  await s.change(briefUri, EDITED_BRIEF_YAML);
  assert.deepEqual(summarize((await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics), [DIGEST_MISMATCH]);

  // Closing without saving drops the unsaved text: the request is checked against the disk again.
  since = s.mark();
  await s.close(briefUri);
  assert.deepEqual((await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics, []);
});

test('a brief deleted on disk gives brief-not-found; re-creating it clears it; a deleted request gets an empty list', async () => {
  server.fixture.write(REQUEST, requestJson());
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await startScanned();
  const requestUri = server.fixture.uri(REQUEST);
  const staleUri = server.fixture.uri('.alloy/requests/stale.json');
  assert.deepEqual((await s.waitForDiagnostics(requestUri)).diagnostics, []);
  assert.deepEqual(summarize((await s.waitForDiagnostics(staleUri)).diagnostics), [DIGEST_MISMATCH]);

  let since = s.mark();
  server.fixture.remove(BRIEF);
  await s.fileChanged(server.fixture.uri(BRIEF), FileChangeType.Deleted);
  assert.deepEqual(summarize((await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics), [NOT_FOUND]);
  assert.deepEqual(summarize((await s.waitForDiagnostics(staleUri, () => true, since)).diagnostics), [NOT_FOUND]);

  // The request named the missing path, so the brief's creation re-checks it.
  since = s.mark();
  server.fixture.write(BRIEF, BRIEF_YAML);
  await s.fileChanged(server.fixture.uri(BRIEF), FileChangeType.Created);
  assert.deepEqual((await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics, []);
  assert.deepEqual(summarize((await s.waitForDiagnostics(staleUri, () => true, since)).diagnostics), [DIGEST_MISMATCH]);

  since = s.mark();
  server.fixture.remove('.alloy/requests/stale.json');
  await s.fileChanged(staleUri, FileChangeType.Deleted);
  assert.deepEqual((await s.waitForDiagnostics(staleUri, () => true, since)).diagnostics, []);
});

test('a brief changed on disk re-checks its requests', async () => {
  server.fixture.write(REQUEST, requestJson());
  const s = await startScanned();
  const requestUri = server.fixture.uri(REQUEST);
  assert.deepEqual((await s.waitForDiagnostics(requestUri)).diagnostics, []);
  const since = s.mark();
  server.fixture.write(BRIEF, EDITED_BRIEF_YAML);
  await s.fileChanged(server.fixture.uri(BRIEF), FileChangeType.Changed);
  assert.deepEqual(summarize((await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics), [DIGEST_MISMATCH]);
});

test('a deleted .alloy folder clears every file in it', async () => {
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await startScanned();
  const staleUri = server.fixture.uri('.alloy/requests/stale.json');
  assert.deepEqual(summarize((await s.waitForDiagnostics(staleUri)).diagnostics), [DIGEST_MISMATCH]);
  const since = s.mark();
  server.fixture.remove('.alloy/requests');
  await s.fileChanged(server.fixture.uri('.alloy/requests'), FileChangeType.Deleted);
  assert.deepEqual((await s.waitForDiagnostics(staleUri, () => true, since)).diagnostics, []);
});

test('renaming a request moves its diagnostics; renaming the brief breaks and then restores the link', async () => {
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await startScanned();
  const oldUri = server.fixture.uri('.alloy/requests/stale.json');
  const newUri = server.fixture.uri('.alloy/requests/renamed.json');
  assert.deepEqual(summarize((await s.waitForDiagnostics(oldUri)).diagnostics), [DIGEST_MISMATCH]);

  let since = s.mark();
  server.fixture.rename('.alloy/requests/stale.json', '.alloy/requests/renamed.json');
  await s.connection.sendNotification('workspace/didRenameFiles', { files: [{ oldUri, newUri }] });
  assert.deepEqual((await s.waitForDiagnostics(oldUri, () => true, since)).diagnostics, []);
  assert.deepEqual(summarize((await s.waitForDiagnostics(newUri, () => true, since)).diagnostics), [DIGEST_MISMATCH]);

  since = s.mark();
  server.fixture.rename(BRIEF, '.alloy/briefs/moved.yaml');
  await s.connection.sendNotification('workspace/didRenameFiles', {
    files: [{ oldUri: server.fixture.uri(BRIEF), newUri: server.fixture.uri('.alloy/briefs/moved.yaml') }],
  });
  assert.deepEqual(summarize((await s.waitForDiagnostics(newUri, () => true, since)).diagnostics), [NOT_FOUND]);

  since = s.mark();
  server.fixture.rename('.alloy/briefs/moved.yaml', BRIEF);
  await s.connection.sendNotification('workspace/didRenameFiles', {
    files: [{ oldUri: server.fixture.uri('.alloy/briefs/moved.yaml'), newUri: server.fixture.uri(BRIEF) }],
  });
  assert.deepEqual(summarize((await s.waitForDiagnostics(newUri, () => true, since)).diagnostics), [DIGEST_MISMATCH]);
});

test('a request moved out of .alloy/ leaves an empty list at its old URI', async () => {
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await startScanned();
  const oldUri = server.fixture.uri('.alloy/requests/stale.json');
  assert.deepEqual(summarize((await s.waitForDiagnostics(oldUri)).diagnostics), [DIGEST_MISMATCH]);
  const since = s.mark();
  server.fixture.rename('.alloy/requests/stale.json', 'elsewhere/stale.json');
  await s.fileChanged(oldUri, FileChangeType.Deleted);
  await s.fileChanged(server.fixture.uri('elsewhere/stale.json'), FileChangeType.Created);
  assert.deepEqual((await s.waitForDiagnostics(oldUri, () => true, since)).diagnostics, []);
});

test('the server registers a file watcher for JSON and YAML files', async () => {
  const s = await startScanned();
  const watcher = s.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(watcher, 'a watcher registration');
  const globs = (watcher.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
  assert.ok(globs.includes('**/*.{json,yaml,yml}'));
});
