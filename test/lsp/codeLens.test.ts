// Protocol tests of the server's CodeLens (issue 15 item 2), over stdio: unresolved lenses with
// data, resolved to "digest ✓/✗", "key ✓/✗" above a request and "N requests name this brief",
// "digest ✓/stale" above a brief; `workspace/codeLens/refresh` when a brief changes (only to a client
// that supports it); a ✗ lens's command applied through `workspace/applyEdit`, after which
// `alloy check` finds the workspace clean; the count's command opening a request; off by the
// `codeLens` initialization option and on again by a pushed setting; bad input refused with codes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  ApplyWorkspaceEditRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type CodeLens,
  type ShowDocumentParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { serverCapabilities } from '../../server/src/lsp/capabilities';
import { LOCATIONS_IN_LENS } from '../../server/src/lsp/codeLensFeature';
import { readClientSupport } from '../../server/src/lsp/clientSupport';
import { canonicalText, sha256Of, type Json } from '../support/independentHash';
import { pause, within, type LspSession } from '../support/lspSession';
import { BRIEF_DIGEST, BRIEF_YAML, EDITED_BRIEF_YAML, keyFor, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();
const CLI = path.resolve(__dirname, '../../dist/cli.js');

const BRIEF = '.alloy/briefs/x.yaml';
const REQUEST = '.alloy/requests/r.json';
const SECOND = '.alloy/requests/s.json';
const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    applyEdit: true,
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeLens: {} },
};

/** What the client side of a session saw of the server's lens traffic, and how it answers. */
interface LensClient {
  refreshes: number;
  edits: ApplyWorkspaceEditParams[];
  messages: string[];
  shown: ShowDocumentParams[];
  /** Which action `window/showMessageRequest` answers with (by title). */
  pick?: string;
}

async function start(
  options: { capabilities?: ClientCapabilities; initializationOptions?: unknown; alloySettings?: Record<string, unknown> } = {},
): Promise<{ s: LspSession; seen: LensClient }> {
  const s = await server.start({
    capabilities: options.capabilities ?? CAPABILITIES,
    initializationOptions: options.initializationOptions,
    ...(options.alloySettings ? { alloySettings: options.alloySettings } : {}),
  });
  const seen: LensClient = { refreshes: 0, edits: [], messages: [], shown: [] };
  s.connection.onRequest('workspace/codeLens/refresh', () => {
    seen.refreshes++;
    return null;
  });
  s.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
    seen.edits.push(params);
    return { applied: true };
  });
  s.connection.onNotification(ShowMessageNotification.type, (params) => void seen.messages.push(params.message));
  s.connection.onRequest(ShowMessageRequest.type, (params) => {
    seen.messages.push(params.message);
    return params.actions?.find((a) => a.title === seen.pick) ?? null;
  });
  s.connection.onRequest(ShowDocumentRequest.type, (params) => {
    seen.shown.push(params);
    return { success: true };
  });
  await s.waitForProgressEnd();
  return { s, seen };
}

function lenses(s: LspSession, uri: string): Promise<CodeLens[]> {
  return within(s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), `the lenses of ${uri}`).then((l) => l ?? []);
}

async function resolved(s: LspSession, uri: string): Promise<CodeLens[]> {
  const list = await lenses(s, uri);
  return Promise.all(list.map((lens) => within(s.connection.sendRequest(CodeLensResolveRequest.type, lens), 'a resolved lens')));
}

function titles(list: CodeLens[]): (string | undefined)[] {
  return list.map((l) => l.command?.title);
}

/** Resolves when `probe` holds, polling every 10 ms for at most 5 s. */
async function until(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !probe(); i++) await pause(10);
  assert.ok(probe(), `timed out waiting for ${what}`);
}

function digestOf(yamlText: string): string {
  return sha256Of(canonicalText(parseYaml(yamlText, { version: '1.2', schema: 'core' }) as Json));
}

function applied(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, text), edits);
}

/** `alloy check` on the fixture repository: exit 0 and not one diagnostic. */
function assertChecksClean(root: string): void {
  const run = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: root, encoding: 'utf8' });
  assert.deepEqual([run.status, run.stdout], [0, ''], run.stderr.slice(-400));
}

test('the server announces resolvable lenses and the commands their rows run', () => {
  const capabilities = serverCapabilities(readClientSupport({}));
  assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: true });
  assert.deepEqual(capabilities.executeCommandProvider, {
    commands: ['alloy.applyFix', 'alloy.showRequestsOfBrief', 'alloy.explainLens', 'alloy.newRequestFromBrief'],
  });
});

test('a valid request: two unresolved lenses at the top, resolved to "digest ✓" and "key ✓"', async () => {
  server.fixture.write(REQUEST, requestJson());
  const { s, seen } = await start();
  const uri = server.fixture.uri(REQUEST);
  await s.open(uri, requestJson());
  assert.deepEqual(await lenses(s, uri), [
    { range: TOP, data: { uri, row: 'digest' } },
    { range: TOP, data: { uri, row: 'key' } },
  ]);
  const list = await resolved(s, uri);
  assert.deepEqual(
    list.map((l) => l.command),
    [
      { title: 'digest ✓', command: 'alloy.explainLens', arguments: [{ uri, row: 'digest' }] },
      { title: 'key ✓', command: 'alloy.explainLens', arguments: [{ uri, row: 'key' }] },
    ],
  );
  const answer = await s.connection.sendRequest(ExecuteCommandRequest.type, list[0].command!);
  const message = `digest ✓: brief.digest matches the brief's content (${BRIEF_DIGEST.slice(0, 19)}…).`;
  assert.deepEqual(answer, { message });
  await until('the message', () => seen.messages.length > 0);
  assert.deepEqual(seen.messages, [message]);
});

test('editing the brief asks for a refresh; "digest ✗ (brief changed)" runs its fix and the workspace checks clean', async () => {
  server.fixture.write(REQUEST, requestJson());
  const { s, seen } = await start();
  const requestUri = server.fixture.uri(REQUEST);
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_YAML);
  await s.open(requestUri, requestJson());
  assert.deepEqual(titles(await resolved(s, requestUri)), ['digest ✓', 'key ✓']);
  assert.deepEqual(titles(await resolved(s, briefUri)), ['1 request names this brief']);
  assert.equal(seen.refreshes, 0);

  await s.change(briefUri, EDITED_BRIEF_YAML);
  await until('workspace/codeLens/refresh', () => seen.refreshes === 1);
  const list = await resolved(s, requestUri);
  assert.deepEqual(
    list.map((l) => l.command),
    [
      { title: 'digest ✗ (brief changed)', command: 'alloy.applyFix', arguments: [{ uri: requestUri, row: 'digest' }] },
      { title: 'key ✓', command: 'alloy.explainLens', arguments: [{ uri: requestUri, row: 'key' }] },
    ],
  );

  const answer = await within(s.connection.sendRequest(ExecuteCommandRequest.type, list[0].command!), 'the fix');
  assert.deepEqual(answer, { applied: true });
  const newDigest = digestOf(EDITED_BRIEF_YAML);
  assert.equal(seen.edits.length, 1);
  const edit = seen.edits[0];
  assert.equal(edit.label, `Write the brief's digest (${newDigest.slice(0, 19)}…) and update the idempotency key`);
  // Line 3 holds idempotency_key (value from character 21), line 14 brief.digest (from 14).
  // In any order: the edits of one document do not overlap.
  const byLine = [...(edit.edit.changes?.[requestUri] ?? [])].sort((a, b) => a.range.start.line - b.range.start.line);
  assert.deepEqual(byLine, [
    { range: { start: { line: 3, character: 21 }, end: { line: 3, character: 94 } }, newText: `"${keyFor(newDigest)}"` },
    { range: { start: { line: 14, character: 14 }, end: { line: 14, character: 87 } }, newText: `"${newDigest}"` },
  ]);
  const fixed = applied(requestJson(), edit.edit.changes![requestUri]);
  assert.equal(fixed, requestJson({ digest: newDigest }));

  // The editor applies the edit and saves both files; lenses are ✓ again and `alloy check` is clean.
  await s.change(requestUri, fixed);
  server.fixture.write(REQUEST, fixed);
  server.fixture.write(BRIEF, EDITED_BRIEF_YAML);
  assert.deepEqual(titles(await resolved(s, requestUri)), ['digest ✓', 'key ✓']);
  assertChecksClean(server.fixture.root);
});

test('a wrong key: "key ✗" fixed through applyEdit with the key of its inputs', async () => {
  const wrongKey = requestJson({ key: 'sha256:' + 'c'.repeat(64) });
  server.fixture.write(REQUEST, wrongKey);
  const { s, seen } = await start();
  const uri = server.fixture.uri(REQUEST);
  await s.open(uri, wrongKey);
  const list = await resolved(s, uri);
  assert.deepEqual(titles(list), ['digest ✓', 'key ✗']);
  assert.deepEqual(await s.connection.sendRequest(ExecuteCommandRequest.type, list[1].command!), { applied: true });
  const fixed = applied(wrongKey, seen.edits[0].edit.changes![uri]);
  assert.equal(fixed, requestJson());
  server.fixture.write(REQUEST, fixed);
  assertChecksClean(server.fixture.root);
});

test('a brief: "2 requests name this brief" lists them and opens the one picked; "digest stale" is fixed in place', async () => {
  const staleBrief = `${BRIEF_YAML}digest: ${WRONG_DIGEST} # the brief's own digest\n`;
  server.fixture.write(BRIEF, staleBrief);
  server.fixture.write(REQUEST, requestJson());
  server.fixture.write(SECOND, requestJson());
  const { s, seen } = await start();
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, staleBrief);
  const list = await resolved(s, briefUri);
  // `    "local_path": ".alloy/briefs/x.yaml"` is line 15: the value without its quotes.
  const at = (relative: string) => ({
    uri: server.fixture.uri(relative),
    range: { start: { line: 15, character: 19 }, end: { line: 15, character: 39 } },
  });
  assert.deepEqual(
    list.map((l) => l.command),
    [
      {
        title: '2 requests name this brief',
        command: 'alloy.showRequestsOfBrief',
        arguments: [briefUri, TOP.start, [at(REQUEST), at(SECOND)]],
      },
      { title: 'digest stale', command: 'alloy.applyFix', arguments: [{ uri: briefUri, row: 'own-digest' }] },
    ],
  );

  seen.pick = '.alloy/requests/s.json';
  const answer = await within(s.connection.sendRequest(ExecuteCommandRequest.type, list[0].command!), 'showing the requests');
  assert.deepEqual(answer, { locations: [at(REQUEST), at(SECOND)] });
  assert.deepEqual(seen.messages, ['2 requests name this brief. Open:']);
  assert.deepEqual(seen.shown, [{ uri: server.fixture.uri(SECOND), takeFocus: true, selection: at(SECOND).range }]);

  assert.deepEqual(await s.connection.sendRequest(ExecuteCommandRequest.type, list[1].command!), { applied: true });
  const last = staleBrief.split('\n').length - 2;
  assert.deepEqual(seen.edits[0].edit.changes?.[briefUri], [
    { range: { start: { line: last, character: 8 }, end: { line: last, character: 8 + WRONG_DIGEST.length } }, newText: BRIEF_DIGEST },
  ]);
  const fixed = applied(staleBrief, seen.edits[0].edit.changes![briefUri]);
  assert.equal(fixed, `${BRIEF_YAML}digest: ${BRIEF_DIGEST} # the brief's own digest\n`);
  await s.change(briefUri, fixed);
  assert.deepEqual(titles(await resolved(s, briefUri)), ['2 requests name this brief', 'digest ✓']);
  server.fixture.write(BRIEF, fixed);
  assertChecksClean(server.fixture.root);
});

test('a brief named by more requests than LOCATIONS_IN_LENS: the lens leaves the locations out, the command finds them all', async () => {
  const count = LOCATIONS_IN_LENS + 1;
  for (let i = 0; i < count; i++) server.fixture.write(`.alloy/requests/r${String(i).padStart(3, '0')}.json`, requestJson());
  const { s, seen } = await start();
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_YAML);
  const [lens] = await resolved(s, briefUri);
  assert.deepEqual(lens.command, {
    title: `${count} requests name this brief`,
    command: 'alloy.showRequestsOfBrief',
    arguments: [briefUri, TOP.start],
  });
  const answer = (await s.connection.sendRequest(ExecuteCommandRequest.type, lens.command!)) as { locations: unknown[] };
  assert.equal(answer.locations.length, count);
  // Nothing picked: nothing opened. The question offers the first 20 by path.
  assert.deepEqual(seen.messages, [`${count} requests name this brief. Open:`]);
  assert.deepEqual(seen.shown, []);
});

test('off with the codeLens: false option; a pushed alloy.codeLens.enabled turns them on and asks for a refresh', async () => {
  server.fixture.write(REQUEST, requestJson());
  const { s, seen } = await start({ initializationOptions: { codeLens: false } });
  const uri = server.fixture.uri(REQUEST);
  await s.open(uri, requestJson());
  assert.deepEqual(await lenses(s, uri), []);
  await s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { alloy: { codeLens: { enabled: true } } } });
  await until('workspace/codeLens/refresh', () => seen.refreshes === 1);
  assert.deepEqual(titles(await resolved(s, uri)), ['digest ✓', 'key ✓']);
  await s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { alloy: { codeLens: { enabled: false } } } });
  await until('the second refresh', () => seen.refreshes === 2);
  assert.deepEqual(await lenses(s, uri), []);
});

test("without the option, the client's alloy.codeLens.enabled (workspace/configuration) decides", async () => {
  server.fixture.write(REQUEST, requestJson());
  const { s } = await start({ alloySettings: { codeLens: { enabled: false } } });
  const uri = server.fixture.uri(REQUEST);
  await s.open(uri, requestJson());
  assert.deepEqual(await lenses(s, uri), []);
});

test('a client without refreshSupport is never asked to refresh, and one without applyEdit is told the fix cannot be made', async () => {
  server.fixture.write(REQUEST, requestJson());
  const plain: ClientCapabilities = { workspace: { workspaceFolders: true }, window: { workDoneProgress: true } };
  const { s, seen } = await start({ capabilities: plain });
  const requestUri = server.fixture.uri(REQUEST);
  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_YAML);
  await s.open(requestUri, requestJson());
  assert.deepEqual(titles(await resolved(s, requestUri)), ['digest ✓', 'key ✓']);
  const since = s.mark();
  await s.change(briefUri, EDITED_BRIEF_YAML);
  await s.waitForDiagnostics(requestUri, (p) => p.diagnostics.some((d) => d.code === 'digest-mismatch'), since);
  await pause(100);
  assert.equal(seen.refreshes, 0);
  const list = await resolved(s, requestUri);
  assert.equal(list[0].command?.title, 'digest ✗ (brief changed)');
  await assert.rejects(s.connection.sendRequest(ExecuteCommandRequest.type, list[0].command!), {
    code: -32803,
    message: 'This client cannot apply workspace edits (workspace.applyEdit), so the fix is not made.',
    data: { code: 'no-apply-edit' },
  });
  assert.equal(seen.edits.length, 0);
});

test('bad input is refused with InvalidParams and a stable code; a lens that is right has nothing to fix', async () => {
  server.fixture.write(REQUEST, requestJson());
  const { s, seen } = await start();
  const uri = server.fixture.uri(REQUEST);
  const run = (command: string, args: unknown[]) => s.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  await assert.rejects(run('alloy.nope', []), {
    code: -32602,
    message:
      'Unknown command "alloy.nope": this server runs alloy.applyFix, alloy.showRequestsOfBrief, alloy.explainLens, alloy.newRequestFromBrief.',
    data: { code: 'unknown-command' },
  });
  await assert.rejects(run('alloy.applyFix', [{ uri, row: 'everything' }]), {
    code: -32602,
    message: 'alloy.applyFix takes one argument { uri, row } with row one of digest, key, requests, own-digest.',
    data: { code: 'bad-arguments' },
  });
  await assert.rejects(run('alloy.explainLens', [{ uri: 'untitled:Untitled-1', row: 'key' }]), {
    code: -32602,
    message: 'alloy.explainLens: "untitled:Untitled-1" is not a file: URI.',
    data: { code: 'bad-arguments' },
  });
  await assert.rejects(run('alloy.showRequestsOfBrief', [42]), { code: -32602, data: { code: 'bad-arguments' } });
  await assert.rejects(s.connection.sendRequest(CodeLensResolveRequest.type, { range: TOP, data: 42 }), {
    code: -32602,
    message: 'This code lens was not made by the Alloy server (its data is not { uri, row }).',
  });
  assert.deepEqual(await run('alloy.applyFix', [{ uri, row: 'key' }]), {
    applied: false,
    reason: 'Nothing to fix: key ✓. idempotency_key matches its seven inputs.',
  });
  assert.deepEqual(await run('alloy.applyFix', [{ uri, row: 'requests' }]), {
    applied: false,
    reason: 'This file has no "requests" lens now.',
  });
  assert.equal(seen.edits.length, 0);
  // Not an Alloy file: no lenses.
  server.fixture.write('package.json', '{"name": "x"}\n');
  assert.deepEqual(await lenses(s, server.fixture.uri('package.json')), []);
});
