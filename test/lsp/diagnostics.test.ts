// Protocol tests: diagnostics for opened files, the start-up scan, and files that are not Alloy files.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { BRIEF_DIGEST, FixtureWorkspace, keyFor, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { codes, pause, summarize } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

const start = (initializationOptions?: unknown) => server.start({ initializationOptions });

test('an opened request gets digest-mismatch and schema diagnostics with exact ranges, source "alloy"', async () => {
  const s = await start({ analyzeWorkspaceOnStartup: false });
  const uri = server.fixture.uri('.alloy/requests/bad.json');
  const text = requestJson({ digest: WRONG_DIGEST, revision: 'XYZ' });
  server.fixture.write('.alloy/requests/bad.json', text);
  await s.open(uri, text);
  const published = await s.waitForDiagnostics(uri);
  assert.equal(published.version, 1);
  assert.deepEqual(summarize(published.diagnostics), [
    ['schema', 8, 16, 8, 21],
    ['digest-mismatch', 14, 14, 14, 87],
  ]);
  for (const d of published.diagnostics) {
    assert.equal(d.source, 'alloy');
    assert.equal(d.severity, 1);
  }
  const mismatch = published.diagnostics.find((d) => d.code === 'digest-mismatch')!;
  assert.match(mismatch.message, new RegExp(BRIEF_DIGEST));
  assert.deepEqual(mismatch.data, { expected: BRIEF_DIGEST });
});

test('the start-up scan publishes unopened .alloy files, with work-done progress', async () => {
  server.fixture.write('.alloy/requests/good.json', requestJson());
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  server.fixture.write('.alloy/requests/wrong-key.json', requestJson({ key: keyFor(WRONG_DIGEST) }));
  server.fixture.write('.alloy/notes.json', '{"hello": "world"}\n');
  server.fixture.write('node_modules/pkg/.alloy/requests/skip.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await start();
  await s.waitForProgressEnd();
  assert.deepEqual(summarize((await s.waitForDiagnostics(server.fixture.uri('.alloy/requests/stale.json'))).diagnostics), [
    ['digest-mismatch', 14, 14, 14, 87],
  ]);
  assert.deepEqual(summarize((await s.waitForDiagnostics(server.fixture.uri('.alloy/requests/wrong-key.json'))).diagnostics), [
    ['idempotency-key-mismatch', 3, 21, 3, 94],
  ]);
  assert.deepEqual((await s.waitForDiagnostics(server.fixture.uri('.alloy/requests/good.json'))).diagnostics, []);
  assert.deepEqual((await s.waitForDiagnostics(server.fixture.uri('.alloy/briefs/x.yaml'))).diagnostics, []);
  // A .alloy file of no Alloy kind, and anything under node_modules, get nothing at all.
  assert.deepEqual(s.publishedFor(server.fixture.uri('.alloy/notes.json')), []);
  assert.deepEqual(s.publishedFor(server.fixture.uri('node_modules/pkg/.alloy/requests/skip.json')), []);
  const kinds = s.progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds[kinds.length - 1], 'end');
});

test('analyzeWorkspaceOnStartup: false leaves unopened files alone', async () => {
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await start({ analyzeWorkspaceOnStartup: false });
  const briefUri = server.fixture.uri('.alloy/briefs/x.yaml');
  await s.open(briefUri, server.fixture.read('.alloy/briefs/x.yaml'));
  await s.waitForDiagnostics(briefUri);
  await pause(200);
  assert.deepEqual(s.publishedFor(server.fixture.uri('.alloy/requests/stale.json')), []);
  assert.deepEqual(s.progress, []);
});

test('a JSON file that is not an Alloy file gets no diagnostics', async () => {
  const s = await start({ analyzeWorkspaceOnStartup: false });
  const packageUri = server.fixture.uri('package.json');
  const packageText = '{ "name": "demo", "version": "1.0.0", "unknown": [1, 2,] }\n';
  server.fixture.write('package.json', packageText);
  await s.open(packageUri, packageText);
  // Documents are checked in the order they change: once the request is published, package.json had its turn.
  const requestUri = server.fixture.uri('.alloy/requests/stale.json');
  const requestText = requestJson({ digest: WRONG_DIGEST });
  await s.open(requestUri, requestText);
  assert.deepEqual(codes((await s.waitForDiagnostics(requestUri)).diagnostics), ['digest-mismatch']);
  assert.deepEqual(s.publishedFor(packageUri), []);
});

test('the alloy.analyzeWorkspaceOnStartup setting (workspace/configuration) turns the scan off; turning it on scans', async () => {
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  const s = await server.start({ alloySettings: { analyzeWorkspaceOnStartup: false } });
  const briefUri = server.fixture.uri('.alloy/briefs/x.yaml');
  await s.open(briefUri, server.fixture.read('.alloy/briefs/x.yaml'));
  await s.waitForDiagnostics(briefUri);
  await pause(200);
  const staleUri = server.fixture.uri('.alloy/requests/stale.json');
  assert.deepEqual(s.publishedFor(staleUri), []);
  await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { alloy: { analyzeWorkspaceOnStartup: true } } });
  assert.deepEqual(codes((await s.waitForDiagnostics(staleUri)).diagnostics), ['digest-mismatch']);
});

test('an added workspace folder is scanned', async () => {
  const other = new FixtureWorkspace();
  try {
    other.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
    const s = await start();
    await s.waitForProgressEnd();
    const staleUri = other.uri('.alloy/requests/stale.json');
    assert.deepEqual(s.publishedFor(staleUri), []);
    await s.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: other.uri(''), name: 'other' }], removed: [] },
    });
    assert.deepEqual(summarize((await s.waitForDiagnostics(staleUri)).diagnostics), [['digest-mismatch', 14, 14, 14, 87]]);
    const since = s.mark();
    await s.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: other.uri(''), name: 'other' }] },
    });
    assert.deepEqual((await s.waitForDiagnostics(staleUri, () => true, since)).diagnostics, []);
  } finally {
    other.dispose();
  }
});

test('an unopened request over 8 MiB is not dropped by the start-up scan: file-too-large at its start, with its size', async () => {
  server.fixture.write('.alloy/requests/huge.json', ' '.repeat(9 * 1024 * 1024));
  const s = await start();
  const published = await s.waitForDiagnostics(server.fixture.uri('.alloy/requests/huge.json'));
  assert.deepEqual(summarize(published.diagnostics), [['file-too-large', 0, 0, 0, 0]]);
  assert.equal(published.diagnostics[0].message, 'The file is too large (9.0 MiB; the limit is 8 MiB), so it is not analysed.');
  assert.equal(published.diagnostics[0].severity, 1);
});

test('a request whose bytes are not UTF-8, opened as the editor decodes it (U+FFFD): file-not-utf8 as on disk; saved as UTF-8, it is analysed', async () => {
  const s = await start({ analyzeWorkspaceOnStartup: false });
  const file = '.alloy/requests/latin1.json';
  const uri = server.fixture.uri(file);
  const text = requestJson();
  const at = text.indexOf('stacey');
  const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9]), Buffer.from(text.slice(at))]);
  server.fixture.write(file, '');
  fs.writeFileSync(server.fixture.path(file), bytes);
  const shown = new TextDecoder('utf-8').decode(bytes);
  assert.equal(shown, text.slice(0, at) + '\uFFFD' + text.slice(at));
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at) + 1);

  let since = s.mark();
  await s.open(uri, shown);
  const opened = await s.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(summarize(opened.diagnostics), [['file-not-utf8', line, character, line, character + 1]]);

  // The editor writes its text back as UTF-8: the U+FFFD is now three bytes of the file.
  since = s.mark();
  fs.writeFileSync(server.fixture.path(file), shown);
  await s.save(uri);
  const saved = await s.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(codes(saved.diagnostics), ['idempotency-key-mismatch']);
});

test('an open request whose saved file starts with a byte order mark (kept out of the editor text): request-byte-order-mark until saved without it', async () => {
  const s = await start({ analyzeWorkspaceOnStartup: false });
  const file = '.alloy/requests/marked.json';
  const uri = server.fixture.uri(file);
  const text = requestJson();
  server.fixture.write(file, '\uFEFF' + text);

  let since = s.mark();
  await s.open(uri, text);
  const opened = await s.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(summarize(opened.diagnostics), [['request-byte-order-mark', 0, 0, 0, 0]]);
  assert.equal(opened.diagnostics[0].severity, 1);
  assert.match(opened.diagnostics[0].message, /^The file starts with a UTF-8 byte order mark \(U\+FEFF\), which editors do not show\. /);

  // Typing keeps it (the saved file has not changed) ...
  since = s.mark();
  await s.change(uri, text + '\n');
  const edited = await s.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(codes(edited.diagnostics), ['request-byte-order-mark']);

  // ... and saving as UTF-8 without the mark clears it.
  since = s.mark();
  fs.writeFileSync(server.fixture.path(file), text + '\n');
  await s.save(uri);
  const saved = await s.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(codes(saved.diagnostics), []);
});
