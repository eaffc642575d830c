// The server over stdio (nodeStdioConnection.ts): it exits when the client closes its input, with
// 0 after a shutdown request and 1 without one, as vscode-languageserver's own stdio connection
// does; and console output is sent to the client's log instead of into the message stream.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { redirectConsole } from '../../server/src/lsp/nodeStdioConnection';
import { within } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

async function exitCodeAfterInputEnds(shutdownFirst: boolean): Promise<number | null> {
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  if (shutdownFirst) await within(s.connection.sendRequest(ShutdownRequest.type), 'the shutdown response');
  const exited = new Promise<number | null>((resolve) => s.process.once('exit', (code) => resolve(code)));
  s.process.stdin?.end();
  return within(exited, 'the server to exit');
}

test('the server exits with 1 when its input ends without a shutdown request', async () => {
  assert.equal(await exitCodeAfterInputEnds(false), 1);
});

test('the server exits with 0 when its input ends after a shutdown request', async () => {
  assert.equal(await exitCodeAfterInputEnds(true), 0);
});

test('console output goes to the remote console, formatted as console formats it', () => {
  const sent: string[] = [];
  const remote = {
    log: (m: string) => void sent.push(`log ${m}`),
    info: (m: string) => void sent.push(`info ${m}`),
    warn: (m: string) => void sent.push(`warn ${m}`),
    error: (m: string) => void sent.push(`error ${m}`),
  };
  const target = { ...console };
  redirectConsole(target, remote);
  target.log('a %d', 1, { b: 2 });
  target.debug('d');
  target.info('i');
  target.warn('w');
  target.error(new Error('e').message);
  target.dir({ nested: { deep: true } });
  target.trace('t');
  assert.deepEqual(sent.slice(0, 6), ['log a 1 { b: 2 }', 'log d', 'info i', 'warn w', 'error e', 'log { nested: { deep: true } }']);
  assert.match(sent[6], /^log Trace: t\n\s+at /);
  assert.equal(sent.length, 7);
});
