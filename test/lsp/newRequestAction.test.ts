// Protocol tests of "Create an execution request from this brief" (dist/server.js over stdio) in a
// fixture repository made a git repository by the real git: the code action's CreateFile + insert
// edit (clients that create files), the command the server runs itself (clients that do not), the
// disabled action with its reason (or none), the kind filter, the configured callback URL. Each
// created file leaves the whole workspace checking clean with dist/cli.js check.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  ShowDocumentRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type CreateFile,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { serverCapabilities } from '../../server/src/lsp/capabilities';
import { spawnCli } from '../cli/cliHarness';
import { git, initRepo } from '../support/gitRepo';
import { pathOf, within, type LspSession } from '../support/lspSession';
import { BRIEF_DIGEST, BRIEF_YAML, requestJson } from './fixtureWorkspace';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();
const BRIEF = '.alloy/briefs/x.yaml';
const KIND = 'source.alloy.newRequest';
const TITLE = 'Create an execution request from this brief';
const COMMAND = 'alloy.newRequestFromBrief';

/** What a client says about code actions and workspace edits; `create` and `disabled` switch the two parts under test. */
function capabilities(options: { create: boolean; disabled: boolean; showDocument?: boolean }): ClientCapabilities {
  return {
    workspace: {
      applyEdit: true,
      workspaceEdit: { documentChanges: true, ...(options.create ? { resourceOperations: ['create'] } : {}) },
    },
    window: { showDocument: { support: options.showDocument === true } },
    textDocument: {
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } },
        ...(options.disabled ? { disabledSupport: true } : {}),
      },
    },
  };
}

/** Makes the fixture a git repository on `branch` with the brief committed; returns HEAD's commit. */
function commitFixture(branch = 'alloy/checkout'): string {
  initRepo(server.fixture.root, { branch, files: {} });
  return git(server.fixture.root, 'rev-parse', 'HEAD');
}

async function start(caps: ClientCapabilities, alloySettings?: Record<string, unknown>): Promise<LspSession> {
  return server.start({
    capabilities: caps,
    initializationOptions: { analyzeWorkspaceOnStartup: false },
    ...(alloySettings ? { alloySettings } : {}),
  });
}

async function actionsOnBrief(s: LspSession, only?: string[]): Promise<(Command | CodeAction)[]> {
  const uri = server.fixture.uri(BRIEF);
  await s.open(uri, server.fixture.read(BRIEF));
  const result = await within(
    s.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    }),
    'code actions',
  );
  return result ?? [];
}

function newRequestActions(actions: (Command | CodeAction)[]): CodeAction[] {
  return actions.filter((a): a is CodeAction => 'kind' in a && a.kind === KIND);
}

function assertChecksClean(files: number): void {
  assert.deepEqual(spawnCli(['check', '.'], server.fixture.root), {
    code: 0,
    stdout: '',
    stderr: `0 errors, 0 warnings in ${files} files\n`,
  });
}

test('the server announces the kind among its code action kinds, and the command', () => {
  const announced = serverCapabilities();
  const provider = announced.codeActionProvider as { codeActionKinds?: string[] };
  assert.ok(provider.codeActionKinds?.includes(KIND));
  assert.ok(announced.executeCommandProvider?.commands.includes(COMMAND));
});

test('a client that creates files gets CreateFile (never overwriting) + one insert; applied, the workspace checks clean', async () => {
  const revision = commitFixture();
  const s = await start(capabilities({ create: true, disabled: true }));
  const [action, ...others] = newRequestActions(await actionsOnBrief(s));
  assert.deepEqual(others, []);
  assert.equal(action.title, TITLE);
  assert.equal(action.disabled, undefined);
  assert.equal(action.command, undefined);
  const [create, insert] = action.edit?.documentChanges as [CreateFile, TextDocumentEdit];
  assert.equal(action.edit?.documentChanges?.length, 2);
  assert.match(create.uri, /\/\.alloy\/requests\/runreq_[0-9A-HJKMNP-TV-Z]{26}\.json$/);
  assert.deepEqual(create, { kind: 'create', uri: create.uri, options: { overwrite: false, ignoreIfExists: false } });
  assert.deepEqual(insert.textDocument, { uri: create.uri, version: null });
  assert.equal(insert.edits.length, 1);
  assert.deepEqual(insert.edits[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  const text = insert.edits[0].newText;
  const request = JSON.parse(text);
  const requestId = pathOf(create.uri).replace(/^.*\/(runreq_[^/]+)\.json$/, '$1');
  assert.equal(request.request_id, requestId);
  assert.deepEqual(request.repo, { path: server.fixture.root, revision, branch: 'alloy/checkout' });
  assert.deepEqual(request.brief, { id: 'brief_CHECKOUT', version: 2, digest: BRIEF_DIGEST, local_path: BRIEF });
  assert.equal(request.reporting.callback_url, `http://127.0.0.1:47311/api/run-requests/${requestId}/completed`);
  // Apply the edit as a client would: create (with its folders, refusing an existing file), then insert.
  fs.mkdirSync(path.dirname(pathOf(create.uri)), { recursive: true });
  fs.writeFileSync(pathOf(create.uri), text, { flag: 'wx' });
  assertChecksClean(2);
});

test('a client that cannot create files gets the command; run, the server writes the file and opens it', async () => {
  commitFixture();
  const s = await start(capabilities({ create: false, disabled: true, showDocument: true }));
  const shown: string[] = [];
  s.connection.onRequest(ShowDocumentRequest.type, (params) => {
    shown.push(params.uri);
    return { success: true };
  });
  const [action] = newRequestActions(await actionsOnBrief(s));
  assert.equal(action.edit, undefined);
  assert.deepEqual(action.command, { title: TITLE, command: COMMAND, arguments: [server.fixture.uri(BRIEF)] });
  const result = (await within(s.connection.sendRequest(ExecuteCommandRequest.type, action.command), 'the command')) as {
    uri: string;
    requestId: string;
  };
  assert.match(result.requestId, /^runreq_[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal(pathOf(result.uri), server.fixture.path(`.alloy/requests/${result.requestId}.json`));
  assert.deepEqual(shown, [result.uri]);
  const written = JSON.parse(fs.readFileSync(pathOf(result.uri), 'utf8'));
  assert.equal(written.request_id, result.requestId);
  assertChecksClean(2);
});

test('the command refuses bad arguments and a brief that cannot run, with stable codes', async () => {
  server.fixture.write(BRIEF, BRIEF_YAML.replace('status: compiled', 'status: draft'));
  commitFixture();
  const s = await start(capabilities({ create: false, disabled: false }));
  s.connection.onNotification('window/showMessage', () => undefined);
  await assert.rejects(
    s.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [42] }),
    (error: { data?: { code?: string } }) => {
      assert.equal(error.data?.code, 'bad-arguments');
      return true;
    },
  );
  await assert.rejects(
    s.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [server.fixture.uri(BRIEF)] }),
    (error: { message: string; data?: { code?: string } }) => {
      assert.equal(error.data?.code, 'brief-not-executable');
      assert.equal(error.message, 'The brief\'s status is "draft": only a compiled brief (or a later state other than archived) can run.');
      return true;
    },
  );
  assert.equal(fs.existsSync(server.fixture.path('.alloy/requests')), false);
});

test('a brief that cannot run: the action is disabled with the reason, or absent when the client cannot show that', async () => {
  server.fixture.write(BRIEF, BRIEF_YAML.replace('status: compiled', 'status: draft'));
  commitFixture();
  const s = await start(capabilities({ create: true, disabled: true }));
  const [action, ...others] = newRequestActions(await actionsOnBrief(s));
  assert.deepEqual(others, []);
  assert.deepEqual(action, {
    title: TITLE,
    kind: KIND,
    disabled: { reason: 'The brief\'s status is "draft": only a compiled brief (or a later state other than archived) can run.' },
  });
});

test('without disabledSupport a brief that cannot run (here: a detached HEAD) gets no action', async () => {
  commitFixture();
  git(server.fixture.root, 'checkout', '-q', '--detach');
  const s = await start(capabilities({ create: true, disabled: false }));
  assert.deepEqual(newRequestActions(await actionsOnBrief(s)), []);
});

test('a detached HEAD: disabled with the reason', async () => {
  const revision = commitFixture();
  git(server.fixture.root, 'checkout', '-q', '--detach');
  const s = await start(capabilities({ create: true, disabled: true }));
  const [action] = newRequestActions(await actionsOnBrief(s));
  assert.equal(
    action.disabled?.reason,
    `HEAD is detached at ${revision.slice(0, 12)}, so the request has no branch: check out a branch (git switch), or name one (alloy new-request --branch).`,
  );
});

test('the kind filter: offered for only source, not for only quickfix; never on a request', async () => {
  commitFixture();
  server.fixture.write('.alloy/requests/r.json', requestJson());
  const s = await start(capabilities({ create: true, disabled: true }));
  assert.equal(newRequestActions(await actionsOnBrief(s, ['source'])).length, 1);
  assert.deepEqual(await actionsOnBrief(s, ['quickfix']), []);
  const uri = server.fixture.uri('.alloy/requests/r.json');
  await s.open(uri, server.fixture.read('.alloy/requests/r.json'));
  const onRequest = await s.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(newRequestActions(onRequest ?? []), []);
});

test('the setting alloy.newRequest.callbackUrl names the callback, with the new id in place of {request_id}', async () => {
  commitFixture();
  const s = await start(capabilities({ create: true, disabled: true }), {
    newRequest: { callbackUrl: 'https://alloy.example.test/api/run-requests/{request_id}/completed' },
  });
  const [action] = newRequestActions(await actionsOnBrief(s));
  const [, insert] = action.edit?.documentChanges as [CreateFile, TextDocumentEdit];
  const request = JSON.parse(insert.edits[0].newText);
  assert.equal(request.reporting.callback_url, `https://alloy.example.test/api/run-requests/${request.request_id}/completed`);
});
