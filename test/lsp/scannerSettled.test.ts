// Unit tests of WorkspaceScanner.settled: what references and workspace symbols wait for before
// they answer from the brief → requests index (the protocol tests show the full lists).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import type { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';
import type { ServerContext } from '../../server/src/lsp/serverContext';
import { WorkspaceScanner } from '../../server/src/lsp/workspaceScanner';

/** A scanner whose scans are never run here: settled() only reads what is pending. */
const scanner = () => new WorkspaceScanner({} as ServerContext, {} as DiagnosticsPublisher);

/** Whether the promise has settled after the pending turns have run. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('with nothing pending it settles at once', async () => {
  assert.equal(await isSettled(scanner().settled()), true);
});

test('while the settings that decide the scan are being read it waits, and settles when they are', async () => {
  const s = scanner();
  let decide!: () => void;
  void s.startsAfter(new Promise<void>((resolve) => (decide = resolve)));
  const waiting = s.settled();
  assert.equal(await isSettled(waiting), false);
  decide();
  assert.equal(await isSettled(waiting), true);
});

test('a cancelled request stops waiting; the next one still waits', async () => {
  const s = scanner();
  void s.startsAfter(new Promise<void>(() => undefined));
  const source = new CancellationTokenSource();
  const cancelled = s.settled(source.token);
  assert.equal(await isSettled(cancelled), false);
  source.cancel();
  assert.equal(await isSettled(cancelled), true);
  assert.equal(await isSettled(s.settled(new CancellationTokenSource().token)), false);
});
