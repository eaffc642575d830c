// After `shutdown` (LSP: "If a server receives requests after a shutdown request those requests
// should error with InvalidRequest"): every request is refused with InvalidRequest (-32600), a
// notification other than `exit` is dropped with a warning, and `exit` ends the process with 0;
// `exit` without `shutdown` ends it with 1. Before the protocol guard (handlerGuard.ts) a hover
// after shutdown was answered (`result: null`).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  ResponseError,
  ShutdownRequest,
} from 'vscode-languageserver-protocol/node';
import { BRIEF_YAML, FixtureWorkspace, requestJson } from './fixtureWorkspace';
import { LspSession, pause, within } from '../support/lspSession';

const INVALID_REQUEST = -32600;

/** A server on the fixture; its warnings go to `warnings`, its error log to `session.serverErrors` (this handler replaces the session's). */
async function started(fixture: FixtureWorkspace, warnings: string[]): Promise<LspSession> {
  const session = await LspSession.start(fixture.root, fixture.uri(''), { initializationOptions: { analyzeWorkspaceOnStartup: false } });
  session.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    if (params.type === 1) session.serverErrors.push(params.message);
    if (params.type === 2) warnings.push(params.message);
  });
  return session;
}

/** The error a request ends with (or fails the test if it is answered). */
async function refusal(promise: Promise<unknown>): Promise<ResponseError> {
  try {
    const result = await within(promise, 'the answer to a request after shutdown');
    assert.fail(`the request was answered: ${JSON.stringify(result)}`);
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    return error;
  }
}

/** Ends the session: a server that already exited only has its connection let go (a shutdown request would write to a closed pipe). */
async function end(session: LspSession): Promise<void> {
  if (session.process.exitCode !== null || session.process.signalCode !== null) session.connection.dispose();
  else await session.dispose();
}

function exitCode(session: LspSession): Promise<number | null> {
  return new Promise((resolve) => session.process.once('exit', (code) => resolve(code)));
}

test('after shutdown a request is refused with InvalidRequest, a notification is dropped with a warning, and exit ends with 0', async () => {
  const fixture = new FixtureWorkspace();
  const warnings: string[] = [];
  const session = await started(fixture, warnings);
  try {
    const uri = fixture.uri('.alloy/requests/r.json');
    await session.open(uri, requestJson());
    await session.waitForDiagnostics(uri);
    const position = { line: 2, character: 25 }; // on the idempotency key's value
    const before = await within(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), 'a hover');
    assert.ok(before, 'a hover before shutdown is answered');

    assert.equal(await within(session.connection.sendRequest(ShutdownRequest.type), 'the shutdown answer'), null);
    const hover = await refusal(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
    assert.equal(hover.code, INVALID_REQUEST);
    assert.equal(hover.message, 'The server has been shut down: "textDocument/hover" is refused; only "exit" is taken now.');
    const again = await refusal(session.connection.sendRequest(ShutdownRequest.type));
    assert.equal(again.code, INVALID_REQUEST);
    const unknown = await refusal(session.connection.sendRequest('alloy/anything', {}));
    assert.equal(unknown.code, INVALID_REQUEST, 'even a method the server does not know is refused as InvalidRequest, not MethodNotFound');

    const briefUri = fixture.uri('.alloy/briefs/other.yaml');
    const mark = session.mark();
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: briefUri, languageId: 'yaml', version: 1, text: BRIEF_YAML.replace('version: 2', 'version: x') },
    });
    await pause(200);
    assert.deepEqual(session.publishedFor(briefUri, mark), [], 'nothing is analysed after shutdown');
    assert.deepEqual(warnings, ['Alloy: the notification "textDocument/didOpen" came after shutdown; it is ignored.']);

    const exited = exitCode(session);
    await session.connection.sendNotification(ExitNotification.type);
    assert.equal(await within(exited, 'the server to exit'), 0);
    assert.deepEqual(session.serverErrors, []);
  } finally {
    await end(session);
    fixture.dispose();
  }
});

test('exit without shutdown ends the server with 1', async () => {
  const fixture = new FixtureWorkspace();
  const session = await started(fixture, []);
  try {
    const exited = exitCode(session);
    await session.connection.sendNotification(ExitNotification.type);
    assert.equal(await within(exited, 'the server to exit'), 1);
  } finally {
    await end(session);
    fixture.dispose();
  }
});
