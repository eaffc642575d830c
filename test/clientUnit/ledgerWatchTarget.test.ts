// Which folder and name the ledger watcher watches (client/src/state/ledgerWatchTarget.ts): the
// ledger in its folder once the folder exists, else the next missing folder in the nearest one that
// exists, step by step as folders appear.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ledgerWatchTarget } from '../../client/src/state/ledgerWatchTarget';

const LEDGER = '/home/ana/.local/state/alloy/ledger.jsonl';

test('the ledger in its folder when the folder exists (whether or not the file does)', async () => {
  assert.deepEqual(await ledgerWatchTarget(LEDGER, async () => true), {
    folder: '/home/ana/.local/state/alloy',
    name: 'ledger.jsonl',
    isLedger: true,
  });
});

test('folders missing: the first missing one, watched in the nearest that exists; one step closer as each appears', async () => {
  const existing = new Set(['/', '/home', '/home/ana', '/home/ana/.local']);
  const exists = async (folder: string) => existing.has(folder);
  assert.deepEqual(await ledgerWatchTarget(LEDGER, exists), { folder: '/home/ana/.local', name: 'state', isLedger: false });
  existing.add('/home/ana/.local/state');
  assert.deepEqual(await ledgerWatchTarget(LEDGER, exists), { folder: '/home/ana/.local/state', name: 'alloy', isLedger: false });
  existing.add('/home/ana/.local/state/alloy');
  assert.deepEqual(await ledgerWatchTarget(LEDGER, exists), {
    folder: '/home/ana/.local/state/alloy',
    name: 'ledger.jsonl',
    isLedger: true,
  });
});

test('nothing exists but the file system root: the root is watched for the first folder', async () => {
  assert.deepEqual(await ledgerWatchTarget('/srv/alloy/ledger.jsonl', async (folder) => folder === '/'), {
    folder: '/',
    name: 'srv',
    isLedger: false,
  });
  assert.deepEqual(await ledgerWatchTarget('/ledger.jsonl', async () => false), { folder: '/', name: 'ledger.jsonl', isLedger: true });
});
