// Protocol tests: textDocument/references from a brief (its id, or anywhere in it) and from a
// request's `brief` member, over unopened requests found by the start-up scan and open ones.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferencesRequest, type Location, type Position } from 'vscode-languageserver-protocol/node';
import { BRIEF_YAML, requestJson } from './fixtureWorkspace';
import { within, type LspSession } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

const BRIEF = '.alloy/briefs/x.yaml';
const OTHER_BRIEF = '.alloy/briefs/other.yaml';

/** The brief's `id` value: `id: brief_CHECKOUT` on line 1. */
const BRIEF_ID = { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } };
/** A fixture request's `brief.local_path` value `.alloy/briefs/x.yaml` (line 15, after its quote). */
const LOCAL_PATH = { start: { line: 15, character: 19 }, end: { line: 15, character: 39 } };
/** The same for `.alloy/briefs/other.yaml`. */
const OTHER_LOCAL_PATH = { start: { line: 15, character: 19 }, end: { line: 15, character: 43 } };

function referencesOf(s: LspSession, uri: string, position: Position, includeDeclaration = true): Promise<Location[] | null> {
  return within(
    s.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } }),
    'references',
  );
}

/** Two requests naming the brief (unopened), one naming another brief. */
function writeRequests(): void {
  server.fixture.write('.alloy/requests/a.json', requestJson());
  server.fixture.write('.alloy/requests/nested/b.json', requestJson());
  server.fixture.write(OTHER_BRIEF, BRIEF_YAML.replace('brief_CHECKOUT', 'brief_OTHER'));
  server.fixture.write('.alloy/requests/other.json', requestJson({ localPath: OTHER_BRIEF }));
}

async function startScanned(options = {}): Promise<LspSession> {
  const s = await server.start(options);
  await s.waitForProgressEnd();
  return s;
}

test("from the brief's id: the id and every unopened request that names the brief; without the declaration only the requests", async () => {
  writeRequests();
  const s = await startScanned();
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_YAML);
  const expected = [
    { uri: briefUri, range: BRIEF_ID },
    { uri: server.fixture.uri('.alloy/requests/a.json'), range: LOCAL_PATH },
    { uri: server.fixture.uri('.alloy/requests/nested/b.json'), range: LOCAL_PATH },
  ];
  assert.deepEqual(await referencesOf(s, briefUri, { line: 1, character: 8 }), expected);
  assert.deepEqual(await referencesOf(s, briefUri, { line: 1, character: 8 }, false), expected.slice(1));
  // Anywhere in the brief (here the mission's objective) lists the same.
  assert.deepEqual(await referencesOf(s, briefUri, { line: 8, character: 15 }), expected);
  // The other brief (not open) has its own request only.
  const otherUri = server.fixture.uri(OTHER_BRIEF);
  assert.deepEqual(await referencesOf(s, otherUri, { line: 0, character: 0 }), [
    { uri: otherUri, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } } },
    { uri: server.fixture.uri('.alloy/requests/other.json'), range: OTHER_LOCAL_PATH },
  ]);
});

test("from a request's brief.* values: the brief's id and the requests naming it; elsewhere in the request nothing", async () => {
  writeRequests();
  const s = await startScanned();
  const requestUri = server.fixture.uri('.alloy/requests/a.json');
  await s.open(requestUri, requestJson());
  const expected = [
    { uri: server.fixture.uri(BRIEF), range: BRIEF_ID },
    { uri: requestUri, range: LOCAL_PATH },
    { uri: server.fixture.uri('.alloy/requests/nested/b.json'), range: LOCAL_PATH },
  ];
  assert.deepEqual(await referencesOf(s, requestUri, { line: 12, character: 14 }), expected, 'on brief.id');
  assert.deepEqual(await referencesOf(s, requestUri, { line: 14, character: 30 }), expected, 'on brief.digest');
  assert.deepEqual(await referencesOf(s, requestUri, { line: 15, character: 25 }), expected, 'on brief.local_path');
  assert.deepEqual(await referencesOf(s, requestUri, { line: 11, character: 4 }), expected, 'on the brief key');
  assert.deepEqual(await referencesOf(s, requestUri, { line: 2, character: 20 }), [], 'on request_id');
  assert.deepEqual(await referencesOf(s, requestUri, { line: 18, character: 22 }), [], 'on foundry.entry_event');
});

test('open requests count with their editor text: a new one is listed, one edited to name another brief is not', async () => {
  writeRequests();
  const s = await startScanned();
  const briefUri = server.fixture.uri(BRIEF);
  const aUri = server.fixture.uri('.alloy/requests/a.json');
  const newUri = server.fixture.uri('.alloy/requests/unsaved.json');
  await s.open(newUri, requestJson());
  await s.open(aUri, requestJson());
  await s.change(aUri, requestJson({ localPath: OTHER_BRIEF }));
  assert.deepEqual(await referencesOf(s, briefUri, { line: 1, character: 4 }), [
    { uri: briefUri, range: BRIEF_ID },
    { uri: server.fixture.uri('.alloy/requests/nested/b.json'), range: LOCAL_PATH },
    { uri: newUri, range: LOCAL_PATH },
  ]);
});

test('with the start-up scan off, only requests the server has seen (the open ones) are listed', async () => {
  writeRequests();
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const briefUri = server.fixture.uri(BRIEF);
  const aUri = server.fixture.uri('.alloy/requests/a.json');
  await s.open(aUri, requestJson());
  await s.waitForDiagnostics(aUri);
  assert.deepEqual(await referencesOf(s, briefUri, { line: 1, character: 4 }), [
    { uri: briefUri, range: BRIEF_ID },
    { uri: aUri, range: LOCAL_PATH },
  ]);
});

test('a request whose brief does not exist lists the other requests naming the same path; a path escaping the root lists nothing', async () => {
  server.fixture.write('.alloy/requests/a.json', requestJson({ localPath: '.alloy/briefs/missing.yaml' }));
  server.fixture.write('.alloy/requests/b.json', requestJson({ localPath: '.alloy/briefs/missing.yaml' }));
  const s = await startScanned();
  const aUri = server.fixture.uri('.alloy/requests/a.json');
  const missing = { start: { line: 15, character: 19 }, end: { line: 15, character: 45 } };
  assert.deepEqual(await referencesOf(s, aUri, { line: 15, character: 25 }), [
    { uri: aUri, range: missing },
    { uri: server.fixture.uri('.alloy/requests/b.json'), range: missing },
  ]);
  const escapeUri = server.fixture.uri('.alloy/requests/escape.json');
  await s.open(escapeUri, requestJson({ localPath: '../outside.yaml' }));
  assert.deepEqual(await referencesOf(s, escapeUri, { line: 15, character: 22 }), []);
});

test('asked while the start-up scan is still running, references wait for it: every request is listed, never a partial list', async () => {
  const count = 600;
  for (let i = 0; i < count; i++) server.fixture.write(`.alloy/requests/r${String(i).padStart(3, '0')}.json`, requestJson());
  const s = await server.start();
  const briefUri = server.fixture.uri(BRIEF);
  const answer = referencesOf(s, briefUri, { line: 1, character: 8 });
  const progressEnded = s.waitForProgressEnd().then(() => Date.now());
  const found = await answer;
  const answeredAt = Date.now();
  assert.equal(found?.length, count + 1);
  assert.deepEqual(found?.[0], { uri: briefUri, range: BRIEF_ID });
  assert.ok((await progressEnded) <= answeredAt, 'the answer came after the scan had ended');
});
