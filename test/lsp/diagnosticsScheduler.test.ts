// Unit tests of when diagnostics are computed: next tick for edits, stale versions dropped, and
// the fan-out of a brief change: no batch interval, in slices, behind document checks, each
// dependant once per text. They run on a fake timer: nothing sleeps.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticsScheduler, FAN_OUT_SLICE } from '../../server/src/lsp/diagnosticsScheduler';
import type { Timer } from '../../server/src/lsp/serverRuntime';

const URI_A = 'file:///repo/.alloy/requests/a.json';

/** A timer whose turns advance only when the test says so. */
class FakeTimer implements Timer {
  private immediates: (() => void)[] = [];

  setImmediate(callback: () => void) {
    const entry = { callback, live: true };
    this.immediates.push(() => entry.live && entry.callback());
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

test('brief changes queued together re-check each dependant once, two turns later', () => {
  const { scheduler, published, timer } = harness({
    '/repo/b1.yaml': ['/repo/r1.json', '/repo/r2.json'],
    '/repo/b2.yaml': ['/repo/r2.json'],
  });
  scheduler.fanOutSoon('/repo/b1.yaml');
  scheduler.fanOutSoon('/repo/b2.yaml');
  timer.turns(1);
  // The next queued change arrives on the following turn, before the fan-out has started.
  scheduler.fanOutSoon('/repo/b1.yaml');
  assert.deepEqual(published, []);
  timer.turns(1);
  assert.deepEqual(published, ['/repo/r1.json', '/repo/r2.json']);
  timer.turns(5);
  assert.deepEqual(published, ['/repo/r1.json', '/repo/r2.json']);
});

test('a failing re-check is logged and does not stop the others', () => {
  const { scheduler, published, errors, timer } = harness({ '/repo/b.yaml': ['/repo/boom.json', '/repo/ok.json'] });
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.turns(2);
  assert.deepEqual(published, ['/repo/boom.json', '/repo/ok.json']);
  assert.deepEqual(errors, ['re-checking /repo/boom.json: boom']);
});

test('nothing runs after dispose', () => {
  const { scheduler, versions, published, timer } = harness({ '/repo/b.yaml': ['/repo/r.json'] });
  versions.set(URI_A, 1);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 1 });
  scheduler.fanOutSoon('/repo/b.yaml');
  scheduler.dispose();
  timer.turns(10);
  assert.deepEqual(published, []);
});

/** `count` request paths named r0.json, r1.json, … */
function requests(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `/repo/r${i}.json`);
}

test('a large fan-out re-checks FAN_OUT_SLICE requests per turn, in order', () => {
  const dependants = requests(2 * FAN_OUT_SLICE + 10);
  const { scheduler, published, timer } = harness({ '/repo/b.yaml': dependants });
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.turns(2);
  assert.deepEqual(published, dependants.slice(0, FAN_OUT_SLICE));
  timer.turns(1);
  assert.deepEqual(published, dependants.slice(0, 2 * FAN_OUT_SLICE));
  timer.turns(1);
  assert.deepEqual(published, dependants);
  timer.turns(3);
  assert.equal(published.length, dependants.length);
});

test("a brief edit's own check comes before the re-checks of its dependants", () => {
  const briefUri = 'file:///repo/b.yaml';
  const { scheduler, versions, published, timer } = harness({ '/repo/b.yaml': ['/repo/r1.json', '/repo/r2.json'] });
  versions.set(briefUri, 2);
  scheduler.checkDocumentSoon({ uri: briefUri, version: 2 });
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.turns(2);
  assert.deepEqual(published, ['/repo/b.yaml@2', '/repo/r1.json', '/repo/r2.json']);
});

test('an edit during a fan-out is checked before the next slice', () => {
  const dependants = requests(3 * FAN_OUT_SLICE);
  const { scheduler, versions, published, timer } = harness({ '/repo/b.yaml': dependants });
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.turns(2);
  assert.equal(published.length, FAN_OUT_SLICE);
  versions.set(URI_A, 7);
  scheduler.checkDocumentSoon({ uri: URI_A, version: 7 });
  timer.turns(2);
  assert.deepEqual(published.slice(FAN_OUT_SLICE), ['/repo/.alloy/requests/a.json@7']);
  timer.turns(3);
  assert.deepEqual(published.slice(FAN_OUT_SLICE + 1), dependants.slice(FAN_OUT_SLICE));
});

test('a change during a fan-out: waiting dependants are checked once, those already checked go again', () => {
  const dependants = requests(2 * FAN_OUT_SLICE + 10);
  const { scheduler, published, timer } = harness({ '/repo/b.yaml': dependants });
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.turns(2);
  scheduler.fanOutSoon('/repo/b.yaml'); // the brief changed again after the first slice
  timer.turns(10);
  assert.deepEqual(published, [...dependants, ...dependants.slice(0, FAN_OUT_SLICE)]);
});

test('a failing look-up of dependants is logged and the other changed files still fan out', () => {
  const errors: string[] = [];
  const published: string[] = [];
  const timer = new FakeTimer();
  const scheduler = new DiagnosticsScheduler({
    timer,
    versionOf: () => undefined,
    dependentsOf: (file) => {
      if (file === '/repo/bad.yaml') throw new Error('no index');
      return ['/repo/r.json'];
    },
    publish: (file) => void published.push(file),
    runGuarded: (what, work) => {
      try {
        work();
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message}`);
      }
    },
  });
  scheduler.fanOutSoon('/repo/bad.yaml');
  scheduler.fanOutSoon('/repo/b.yaml');
  timer.turns(2);
  assert.deepEqual(published, ['/repo/r.json']);
  assert.deepEqual(errors, ['finding the requests that name /repo/bad.yaml: no index']);
});
