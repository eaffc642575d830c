// The engine's environment in the extension host: ALLOY_TOKEN is never passed on, the editor's
// proxy setting wins over the process's variables, NO_PROXY gains http.noProxy; and the ledger path
// from the setting (absolute or ~/) or the documented default.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editorLedgerPath, engineEnv } from '../../client/src/submission/editorEnvironment';
import { SendingRegistry, fileEntryId, keyEntryId } from '../../client/src/submission/sendingRegistry';

test('ALLOY_TOKEN is dropped; everything else is kept when no editor proxy is set', () => {
  assert.deepEqual(engineEnv({ PATH: '/bin', ALLOY_TOKEN: 'secret', HTTPS_PROXY: 'http://p:1' }, { proxy: '', noProxy: [] }), {
    PATH: '/bin',
    HTTPS_PROXY: 'http://p:1',
  });
});

test('http.proxy replaces every proxy variable; http.noProxy joins NO_PROXY', () => {
  const env = engineEnv(
    { https_proxy: 'http://old:1', HTTP_PROXY: 'http://old:2', NO_PROXY: 'internal.test', no_proxy: 'x' },
    { proxy: ' http://corp-proxy:3128 ', noProxy: ['foundry.local', ' internal.test ', ''] },
  );
  assert.deepEqual(env, {
    HTTPS_PROXY: 'http://corp-proxy:3128',
    HTTP_PROXY: 'http://corp-proxy:3128',
    NO_PROXY: 'internal.test,foundry.local',
  });
});

test('ledger path: the setting (absolute or ~/), else ALLOY_LEDGER, XDG_STATE_HOME, home; relative refused', () => {
  assert.deepEqual(editorLedgerPath('/var/alloy/ledger.jsonl', {}, '/home/u'), {
    ok: true,
    path: '/var/alloy/ledger.jsonl',
    source: 'setting',
  });
  assert.deepEqual(editorLedgerPath('~/l.jsonl', {}, '/home/u'), { ok: true, path: '/home/u/l.jsonl', source: 'setting' });
  assert.deepEqual(editorLedgerPath('', { ALLOY_LEDGER: '/tmp/l.jsonl' }, '/home/u'), {
    ok: true,
    path: '/tmp/l.jsonl',
    source: 'ALLOY_LEDGER',
  });
  assert.deepEqual(editorLedgerPath('', { XDG_STATE_HOME: '/state' }, '/home/u'), {
    ok: true,
    path: '/state/alloy/ledger.jsonl',
    source: 'XDG_STATE_HOME',
  });
  assert.deepEqual(editorLedgerPath('  ', {}, '/home/u'), { ok: true, path: '/home/u/.local/state/alloy/ledger.jsonl', source: 'home' });
  assert.deepEqual(editorLedgerPath('state/l.jsonl', {}, '/home/u'), {
    ok: false,
    reason: 'alloy.submit.ledgerPath must be an absolute path (or start with ~/), not "state/l.jsonl"',
  });
});

test('sending registry: one entry per id, progress kinds, lookup by file or key, change events', () => {
  const registry = new SendingRegistry();
  let changes = 0;
  registry.onDidChange(() => changes++);
  const id = fileEntryId('/w/r.json');
  assert.equal(registry.begin(id, { file: '/w/r.json' }, 100), true);
  assert.equal(registry.begin(id, { file: '/w/r.json' }, 200), false);
  assert.equal(registry.since(id), 100);
  registry.progress(id, { kind: 'attempt', attempt: 1, of: 3, elapsedMs: 0 }, 150);
  assert.deepEqual(registry.forFile('/w/./r.json'), { stage: 'sending', attempt: 1, of: 3, startedAt: 100 });
  registry.progress(id, { kind: 'answer', attempt: 1, status: 503, elapsedMs: 5 }, 160);
  registry.progress(id, { kind: 'waiting', nextAttempt: 2, of: 3, delayMs: 1000, reason: 'backoff', elapsedMs: 5 }, 160);
  assert.deepEqual(registry.forFile('/w/r.json'), { stage: 'waiting', attempt: 2, of: 3, until: 1160, startedAt: 100 });
  registry.stage(id, 'confirming');
  assert.equal(registry.forFile('/w/r.json')?.stage, 'confirming');
  const key = keyEntryId('sha256:k');
  registry.begin(key, { key: 'sha256:k' }, 300);
  assert.equal(registry.forFile('/other.json', 'sha256:k')?.startedAt, 300);
  assert.equal(registry.size, 2);
  registry.end(id);
  registry.end(key);
  registry.end(key);
  assert.equal(registry.size, 0);
  assert.equal(registry.forFile('/w/r.json'), undefined);
  assert.equal(changes, 7);
});
