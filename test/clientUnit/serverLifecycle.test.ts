// The language server's life in the window: a restart stops the running server before a new client
// starts, clicks during a restart make one new server, a server that fails to start says why (and a
// later restart tries again), and nothing starts once the extension stops.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LanguageServerLifecycle, type ServerClient } from '../../client/src/serverLifecycle';

interface FakeClient extends ServerClient {
  id: number;
}

/** Clients numbered from 1; every call is written to `events`. `failStart`/`failStop` name the clients whose start or stop rejects. */
function harness(options: { failStart?: number[]; failStop?: number[]; holdStart?: Promise<void> } = {}) {
  const events: string[] = [];
  const lines: string[] = [];
  let made = 0;
  const create = (): FakeClient => {
    const id = ++made;
    events.push(`create ${id}`);
    return {
      id,
      async start() {
        events.push(`start ${id}`);
        if (options.holdStart) await options.holdStart;
        if (options.failStart?.includes(id)) throw new Error(`server ${id} exited with code 1`);
        events.push(`started ${id}`);
      },
      async dispose() {
        events.push(`dispose ${id}`);
        if (options.failStop?.includes(id)) throw new Error('Stopping the server timed out');
      },
    };
  };
  const log = {
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  };
  return { events, lines, server: new LanguageServerLifecycle(create, log) };
}

test('a restart disposes the running client before it creates and starts a new one', async () => {
  const { events, lines, server } = harness();
  assert.deepEqual(await server.start(), { running: true });
  assert.deepEqual(await server.restart(), { running: true });
  assert.deepEqual(events, ['create 1', 'start 1', 'started 1', 'dispose 1', 'create 2', 'start 2', 'started 2']);
  assert.deepEqual(lines, ['info Restarting the Alloy language server.', 'info The Alloy language server is running again.']);
  assert.equal(server.running, true);
  await server.stop();
  assert.equal(events.at(-1), 'dispose 2');
  assert.equal(server.running, false);
});

test('restarts asked while one is under way join it: one new server', async () => {
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const { events, server } = harness();
  await server.start();
  // Three clicks in a row.
  const [a, b, c] = await Promise.all([server.restart(), server.restart(), server.restart()]);
  assert.deepEqual([a, b, c], [{ running: true }, { running: true }, { running: true }]);
  assert.deepEqual(
    events.filter((e) => e.startsWith('create')),
    ['create 1', 'create 2'],
  );
  // A restart asked while the first start still runs joins that start.
  const later = harness({ holdStart: hold });
  const starting = later.server.start();
  const restarting = later.server.restart();
  release();
  assert.deepEqual(await Promise.all([starting, restarting]), [{ running: true }, { running: true }]);
  assert.deepEqual(later.events, ['create 1', 'start 1', 'started 1']);
  // Once it has ended, the next restart makes a new server.
  await later.server.restart();
  assert.deepEqual(later.events.slice(3), ['dispose 1', 'create 2', 'start 2', 'started 2']);
});

test('a server that does not start says why, its client is disposed, and a later restart tries again', async () => {
  const { events, lines, server } = harness({ failStart: [1] });
  assert.deepEqual(await server.start(), { running: false, reason: 'server 1 exited with code 1' });
  assert.equal(server.running, false);
  assert.deepEqual(lines, ['error The Alloy language server did not start: server 1 exited with code 1']);
  assert.deepEqual(events, ['create 1', 'start 1', 'dispose 1']);
  assert.deepEqual(await server.restart(), { running: true });
  // Nothing was running, so nothing more is disposed before the new client starts.
  assert.deepEqual(events.slice(3), ['create 2', 'start 2', 'started 2']);
  assert.equal(server.running, true);
});

test('a client that cannot even be made is a failed start, not a throw', async () => {
  const lines: string[] = [];
  const server = new LanguageServerLifecycle(
    () => {
      throw new Error('dist/server.js is missing');
    },
    { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
  );
  assert.deepEqual(await server.start(), { running: false, reason: 'dist/server.js is missing' });
  assert.deepEqual(lines, ['The Alloy language server did not start: dist/server.js is missing']);
});

test('an old server that does not stop cleanly is reported, and the new one still starts', async () => {
  const { events, lines, server } = harness({ failStop: [1] });
  await server.start();
  assert.deepEqual(await server.restart(), { running: true });
  assert.deepEqual(events.slice(3), ['dispose 1', 'create 2', 'start 2', 'started 2']);
  assert.ok(lines.includes('warn The Alloy language server did not stop cleanly: Stopping the server timed out'), lines.join('\n'));
});

test('after stop nothing starts again, and a start under way is stopped once it has started', async () => {
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const { events, server } = harness({ holdStart: hold });
  const starting = server.start();
  const stopping = server.stop();
  release();
  await Promise.all([starting, stopping]);
  assert.deepEqual(events, ['create 1', 'start 1', 'started 1', 'dispose 1']);
  assert.deepEqual(await server.restart(), { running: false, reason: 'the extension is stopping' });
  assert.equal(events.length, 4);
  assert.equal(server.running, false);
});
