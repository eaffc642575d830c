// Protocol tests: pull diagnostics (textDocument/diagnostic, workspace/diagnostic) for a client that
// announces them, push for one that does not, the same lists in both modes; result ids and
// `unchanged` reports; workspace/diagnostic/refresh when a brief's edit changes its requests' lists.

import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  CancellationTokenSource,
  DocumentDiagnosticRequest,
  FileChangeType,
  WorkspaceDiagnosticRequest,
  type CancellationToken,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type FullDocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { serverCapabilities } from '../../server/src/lsp/capabilities';
import { readClientSupport } from '../../server/src/lsp/clientSupport';
import { BRIEF_YAML, EDITED_BRIEF_YAML, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { LspSession, pause, summarize, within, type SessionOptions } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

const BRIEF = '.alloy/briefs/x.yaml';
const FILES = ['.alloy/requests/r.json', '.alloy/requests/stale.json', '.alloy/requests/broken.json', BRIEF];

const PUSH: ClientCapabilities = {
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};
const PULL: ClientCapabilities = {
  ...PUSH,
  workspace: { ...PUSH.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...PUSH.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};
const PULL_WITHOUT_REFRESH: ClientCapabilities = { ...PULL, workspace: PUSH.workspace };

function writeFixture(): void {
  server.fixture.write('.alloy/requests/r.json', requestJson());
  server.fixture.write('.alloy/requests/stale.json', requestJson({ digest: WRONG_DIGEST }));
  server.fixture.write('.alloy/requests/broken.json', '{ "schema_version": "alloy.foundry_execution_request.v1", \n');
}

function pullDocument(s: LspSession, relative: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
  return within(
    s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: server.fixture.uri(relative) }, previousResultId }),
    `pulling ${relative}`,
  );
}

async function pullWorkspace(
  s: LspSession,
  previousResultIds: { uri: string; value: string }[] = [],
  token?: CancellationToken,
): Promise<WorkspaceDocumentDiagnosticReport[]> {
  const report = await within(
    s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds }, token),
    'pulling the workspace',
  );
  return report.items;
}

function fullItems(report: DocumentDiagnosticReport | WorkspaceDocumentDiagnosticReport): Diagnostic[] {
  assert.equal(report.kind, 'full', `a full report: ${JSON.stringify(report)}`);
  return (report as FullDocumentDiagnosticReport).items;
}

/** Counts the server's workspace/diagnostic/refresh requests. */
function countRefreshes(s: LspSession): { count: number } {
  const seen = { count: 0 };
  s.connection.onRequest('workspace/diagnostic/refresh', () => {
    seen.count++;
    return null;
  });
  return seen;
}

async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

test('the provider is announced only to a client that pulls, unless it opts out with pullDiagnostics: false', () => {
  const provider = { identifier: 'alloy', interFileDependencies: true, workspaceDiagnostics: true };
  assert.deepEqual(serverCapabilities(readClientSupport(PULL)).diagnosticProvider, provider);
  assert.equal(serverCapabilities(readClientSupport(PUSH)).diagnosticProvider, undefined);
  assert.equal(serverCapabilities(readClientSupport(PULL, { pullDiagnostics: false })).diagnosticProvider, undefined);
  assert.deepEqual(serverCapabilities(readClientSupport(PULL, { pullDiagnostics: true })).diagnosticProvider, provider);
});

/** What a pushing server shows for FILES after the scan, and for r.json after the brief is edited. */
async function pushedLists(): Promise<{ scanned: Diagnostic[][]; afterEdit: Diagnostic[] }> {
  const s = await server.start({ capabilities: PUSH });
  await s.waitForProgressEnd();
  const scanned: Diagnostic[][] = [];
  for (const file of FILES) {
    const list = s.publishedFor(server.fixture.uri(file));
    scanned.push(list.length > 0 ? list[list.length - 1].diagnostics : []);
  }
  const briefUri = server.fixture.uri(BRIEF);
  const requestUri = server.fixture.uri('.alloy/requests/r.json');
  let since = s.mark();
  await s.open(briefUri, BRIEF_YAML);
  await s.waitForDiagnostics(requestUri, () => true, since); // the fan-out after opening
  since = s.mark();
  await s.change(briefUri, EDITED_BRIEF_YAML);
  const afterEdit = (await s.waitForDiagnostics(requestUri, () => true, since)).diagnostics;
  return { scanned, afterEdit };
}

test('push and pull give the same lists: after the scan (document and workspace pulls) and after a brief edit', async () => {
  writeFixture();
  const pushed = await pushedLists();
  // The fixture has a clean request, a stale one, a broken one (several codes) and a clean brief.
  assert.deepEqual(pushed.scanned[0], []);
  assert.deepEqual(summarize(pushed.scanned[1]), [['digest-mismatch', 14, 14, 14, 87]]);
  assert.ok(
    summarize(pushed.scanned[2]).some((row) => row[0] === 'syntax'),
    'the broken request has a syntax error',
  );
  assert.deepEqual(pushed.scanned[3], []);
  assert.deepEqual(summarize(pushed.afterEdit), [['digest-mismatch', 14, 14, 14, 87]]);

  // The pulling server runs on the same repository next to the pushing one (its own session).
  const s = await startAgain({ capabilities: PULL });
  countRefreshes(s);
  await s.waitForProgressEnd();
  const workspace = await pullWorkspace(s);
  const byUri = new Map(workspace.map((item) => [item.uri, item]));
  for (const [i, file] of FILES.entries()) {
    const uri = server.fixture.uri(file);
    if (pushed.scanned[i].length === 0 && !byUri.has(uri)) continue;
    assert.deepEqual(fullItems(byUri.get(uri)!), pushed.scanned[i], `workspace pull of ${file}`);
    assert.deepEqual(fullItems(await pullDocument(s, file)), pushed.scanned[i], `document pull of ${file}`);
  }
  assert.deepEqual(s.published, [], 'a pulling client is sent no publishDiagnostics');

  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_YAML);
  await s.change(briefUri, EDITED_BRIEF_YAML);
  assert.deepEqual(fullItems(await pullDocument(s, '.alloy/requests/r.json')), pushed.afterEdit);
  assert.deepEqual(s.published, []);
});

// A second server in one test (serverPerTest starts one): stopped after the test, its errors checked.
let extra: LspSession | undefined;
async function startAgain(options: SessionOptions): Promise<LspSession> {
  extra = await LspSession.start(server.fixture.root, server.fixture.uri(''), options);
  return extra;
}
afterEach(async () => {
  const errors = extra?.serverErrors ?? [];
  await extra?.dispose();
  extra = undefined;
  assert.deepEqual(errors, []);
});

test('result ids: the same list is `unchanged` for the client that has it, a changed one is full with a new id', async () => {
  writeFixture();
  const s = await server.start({ capabilities: PULL });
  countRefreshes(s);
  await s.waitForProgressEnd();
  const first = await pullDocument(s, '.alloy/requests/stale.json');
  const firstId = (first as FullDocumentDiagnosticReport).resultId;
  assert.ok(firstId, 'a result id');
  assert.deepEqual(summarize(fullItems(first)), [['digest-mismatch', 14, 14, 14, 87]]);
  assert.deepEqual(await pullDocument(s, '.alloy/requests/stale.json', firstId), { kind: 'unchanged', resultId: firstId });

  const workspace = await pullWorkspace(s);
  const previous = workspace.map((item) => ({ uri: item.uri, value: item.resultId! }));
  assert.ok(previous.length >= 3, `every file is reported: ${previous.length}`);

  // Nothing is new to the client: the workspace pull is held (a long poll) until a list changes.
  let answered: WorkspaceDocumentDiagnosticReport[] | undefined;
  const held = pullWorkspace(s, previous).then((items) => (answered = items));
  await pause(200);
  assert.equal(answered, undefined, 'held while nothing changed');
  const uri = server.fixture.uri('.alloy/requests/stale.json');
  await s.open(uri, requestJson({ digest: WRONG_DIGEST }));
  await s.change(uri, requestJson());
  const items = await held;
  assert.deepEqual(
    items.map((item) => [item.uri, item.kind]),
    previous.map((p) => [p.uri, p.uri === uri ? 'full' : 'unchanged']),
  );
  assert.deepEqual(fullItems(items.find((item) => item.uri === uri)!), []);
  const changed = await pullDocument(s, '.alloy/requests/stale.json', firstId);
  assert.deepEqual(fullItems(changed), []);
  assert.notEqual((changed as FullDocumentDiagnosticReport).resultId, firstId);
});

test("a brief edit makes the server ask a pulling client to refresh, and the request's next pull has the new list", async () => {
  writeFixture();
  const s = await server.start({ capabilities: PULL });
  const refreshes = countRefreshes(s);
  await s.waitForProgressEnd();
  const requestUri = server.fixture.uri('.alloy/requests/r.json');
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(requestUri, requestJson());
  await s.open(briefUri, BRIEF_YAML);
  const before = await pullDocument(s, '.alloy/requests/r.json');
  assert.deepEqual(fullItems(before), []);
  await pullDocument(s, BRIEF);
  await pause(50);
  const settled = refreshes.count;

  await s.change(briefUri, EDITED_BRIEF_YAML);
  await pullDocument(s, BRIEF); // what an editor does after its own change
  await until('a workspace/diagnostic/refresh request', () => refreshes.count > settled);
  const after = await pullDocument(s, '.alloy/requests/r.json', (before as FullDocumentDiagnosticReport).resultId);
  assert.deepEqual(summarize(fullItems(after)), [['digest-mismatch', 14, 14, 14, 87]]);
  await pause(100);
  assert.equal(refreshes.count, settled + 1, 'one refresh for one change');
});

test('a client without refresh support is not sent refresh requests; its next pull still has the new list', async () => {
  writeFixture();
  const s = await server.start({ capabilities: PULL_WITHOUT_REFRESH });
  const refreshes = countRefreshes(s);
  await s.waitForProgressEnd();
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_YAML);
  assert.deepEqual(fullItems(await pullDocument(s, '.alloy/requests/r.json')), []);
  await s.change(briefUri, EDITED_BRIEF_YAML);
  await pause(300);
  assert.equal(refreshes.count, 0);
  assert.deepEqual(summarize(fullItems(await pullDocument(s, '.alloy/requests/r.json'))), [['digest-mismatch', 14, 14, 14, 87]]);
});

test('a deleted file the client was given is reported empty once by the workspace pull, then no more', async () => {
  writeFixture();
  const s = await server.start({ capabilities: PULL });
  const refreshes = countRefreshes(s);
  await s.waitForProgressEnd();
  const staleUri = server.fixture.uri('.alloy/requests/stale.json');
  const first = await pullWorkspace(s);
  assert.deepEqual(
    summarize(fullItems(first.find((item) => item.uri === staleUri)!)).map((row) => row[0]),
    ['digest-mismatch'],
  );

  server.fixture.remove('.alloy/requests/stale.json');
  await s.fileChanged(staleUri, FileChangeType.Deleted);
  await until('a refresh after the deletion', () => refreshes.count > 0);
  const second = await pullWorkspace(s);
  assert.deepEqual(fullItems(second.find((item) => item.uri === staleUri)!), []);
  const third = await pullWorkspace(s);
  assert.equal(
    third.find((item) => item.uri === staleUri),
    undefined,
  );
});

test('the initialization option pullDiagnostics: false keeps a pulling client on push', async () => {
  writeFixture();
  const s = await server.start({ capabilities: PULL, initializationOptions: { pullDiagnostics: false } });
  await s.waitForProgressEnd();
  const stale = await s.waitForDiagnostics(server.fixture.uri('.alloy/requests/stale.json'));
  assert.deepEqual(
    summarize(stale.diagnostics).map((row) => row[0]),
    ['digest-mismatch'],
  );
  assert.deepEqual(fullItems(await pullDocument(s, '.alloy/requests/stale.json')), [], 'a push server answers pulls with nothing');
});

test('a held workspace pull that the client cancels is answered with every file unchanged', async () => {
  writeFixture();
  const s = await server.start({ capabilities: PULL });
  countRefreshes(s);
  await s.waitForProgressEnd();
  const previous = (await pullWorkspace(s)).map((item) => ({ uri: item.uri, value: item.resultId! }));
  const cancel = new CancellationTokenSource();
  const held = pullWorkspace(s, previous, cancel.token);
  await pause(100);
  cancel.cancel();
  assert.deepEqual(
    (await held).map((item) => item.kind),
    previous.map(() => 'unchanged'),
  );
});
