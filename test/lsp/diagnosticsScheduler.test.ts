// Unit tests of when diagnostics are computed: next tick for edits, stale versions dropped, and
// the fan-out of a brief change batched. They run on a fake timer: nothing sleeps.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticsScheduler, FAN_OUT_DELAY_MS } from '../../server/src/lsp/diagnosticsScheduler';
import type { Timer } from '../../server/src/lsp/serverRuntime';

const URI_A = 'file:///repo/.alloy/requests/a.json';

/** A timer whose turns and milliseconds advance only when the test says so. */
class FakeTimer implements Timer {
  private now = 0;
  private immediates: (() => void)[] = [];
  private timeouts: { at: number; callback: () => void; live: boolean }[] = [];

  setImmediate(callback: () => void) {
    const entry = { callback, live: true };
    this.immediates.push(() => entry.live && entry.callback());
    return { cancel: () => void (entry.live = false) };
  }

  setTimeout(callback: () => void, ms: number) {
    const entry = { at: this.now + ms, callback, live: true };
    this.timeouts.push(entry);
    return { cancel: () => void (entry.live = false) };
  }

  /** Runs `n` turns of the event loop (the immediates queued before each turn). */
  turns(n: number): void {
    for (let i = 0; i < n; i++) {
      const due = this.immediates;
      this.immediates = [];
      for (const run of due) run();
    }
  }

  advance(ms: number): void {
    this.now += ms;
    const due = this.timeouts.filter((t) => t.live && t.at <= this.now);
    this.timeouts = this.timeouts.filter((t) => !due.includes(t));
    for (const t of due) t.callback();
  }
}

function harness(dependents: Record<string, string[]> = {}) {
  const versions = new Map<string, number>();
  const published: string[] = [];
  const errors: string[] = [];
  const timer = new FakeTimer();
  const scheduler = new DiagnosticsScheduler({
    timer,
    versionOf: (uri) => versions.get(uri),
    dependentsOf: (file) => dependents[file] ?? [],
    publish: (file) => {
      const version = versions.get(`file://${file}`);
      published.push(version === undefined ? file : `${file}@${version}`);
      if (file.endsWith('boom.json')) throw new Error('boom');
    },
    runGuarded: (what, work) => {
      try {
        work();
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
      }
    },
  });
  return { scheduler, versions, published, errors, timer };
}

test('an edited document is checked within two turns of the event loop, with no timer', () => {
  const { scheduler, versions, published, timer } = harness();
  versions.set(URI_A, 1);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 1 });
  timer.turns(1);
  assert.deepEqual(published, []);
  timer.turns(1);
  assert.deepEqual(published, ['/repo/.alloy/requests/a.json@1']);
});

test('a check for a version superseded before it runs is dropped', () => {
  const { scheduler, versions, published, timer } = harness();
  versions.set(URI_A, 1);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 1 });
  // The next change arrives on the following turn, as the JSON-RPC queue delivers it.
  timer.turns(1);
  versions.set(URI_A, 2);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 2 });
  timer.turns(3);
  assert.deepEqual(published, ['/repo/.alloy/requests/a.json@2']);
});

test('a closed document is not checked', () => {
  const { scheduler, versions, published, timer } = harness();
  versions.set(URI_A, 1);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 1 });
  versions.delete(URI_A);
  timer.turns(3);
  assert.deepEqual(published, []);
});

test('brief changes are batched: each dependant is re-checked once, after the batch interval', () => {
  const { scheduler, published, timer } = harness({
    '/repo/b1.yaml': ['/repo/r1.json', '/repo/r2.json'],
    '/repo/b2.yaml': ['/repo/r2.json'],
  });
  scheduler.fanOutSoon('/repo/b1.yaml');
  scheduler.fanOutSoon('/repo/b2.yaml');
  scheduler.fanOutSoon('/repo/b1.yaml');
  timer.turns(3);
  timer.advance(FAN_OUT_DELAY_MS - 1);
  assert.deepEqual(published, []);
  timer.advance(1);
  assert.deepEqual(published, ['/repo/r1.json', '/repo/r2.json']);
});

test('a failing re-check is logged and does not stop the others', () => {
  const { scheduler, published, errors, timer } = harness({ '/repo/b.yaml': ['/repo/boom.json', '/repo/ok.json'] });
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.advance(FAN_OUT_DELAY_MS);
  assert.deepEqual(published, ['/repo/boom.json', '/repo/ok.json']);
  assert.deepEqual(errors, ['re-checking /repo/boom.json: boom']);
});

test('nothing runs after dispose', () => {
  const { scheduler, versions, published, timer } = harness({ '/repo/b.yaml': ['/repo/r.json'] });
  versions.set(URI_A, 1);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 1 });
  scheduler.fanOutSoon('/repo/b.yaml');
  scheduler.dispose();
  timer.turns(3);
  timer.advance(FAN_OUT_DELAY_MS * 10);
  assert.deepEqual(published, []);
});
