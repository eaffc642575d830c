// The receiver in the extension host: wanted only for this workspace's recent, unfinished
// submissions with a loopback http callback (one per port, `localhost` covering both literals);
// started and stopped as that changes; a taken port and Restricted Mode each told once; and a real
// receiver on a free loopback port storing a callback under the ledger's root.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  createCallbackReceiver,
  reportFileSink,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type LedgerRequest,
  type RequestState,
  type SavedReport,
} from '../../server/src/reports';
import { awaitsCallbacks, ReceiverLifecycle, wantedReceivers, type LifecycleDeps } from '../../client/src/reports/receiverLifecycle';
import type { Notice } from '../../client/src/submission/submitNotice';
import { PAYMENT_ID, paymentRunResult, removeDir, tempDir } from './clientFixtures';

const NOW = Date.parse('2026-12-01T15:00:00Z');

function state(
  requestId: string,
  name: RequestState['state'],
  callbackUrl: string | undefined,
  startedAt = '2026-12-01T14:00:00Z',
  extra: Record<string, unknown> = {},
): RequestState {
  return { requestId, state: name, latest: { callbackUrl, startedAt, attempts: 1, ...extra } } as unknown as RequestState;
}

test('wanted: loopback http callbacks of unfinished, recent submissions, one receiver per port', () => {
  const states = [
    state('runreq_A', 'accepted', 'http://127.0.0.1:47311/api/run-requests/runreq_A/completed'),
    state('runreq_B', 'sent', 'http://localhost:47311/api/run-requests/runreq_B/completed'),
    state('runreq_C', 'started', 'http://[::1]:47312/api/run-requests/runreq_C/completed'),
    state('runreq_D', 'completed', 'http://127.0.0.1:47313/x'),
    state('runreq_E', 'rejected', 'http://127.0.0.1:47314/x'),
    state('runreq_F', 'accepted', 'https://alloy.example.test/x'),
    state('runreq_G', 'accepted', 'http://127.0.0.1:47315/x', '2026-11-20T00:00:00Z'),
    state('runreq_H', 'cancelled', 'http://127.0.0.1:47316/x', '2026-12-01T14:00:00Z', { outcome: 'cancelled', attempts: 0 }),
    state('runreq_I', 'outcome-unknown', 'http://127.0.0.1:47317/x'),
    state('runreq_J', 'accepted', undefined),
  ];
  assert.deepEqual(wantedReceivers(states, NOW), [
    { address: { name: 'localhost', port: 47311 }, requestIds: ['runreq_A', 'runreq_B'] },
    { address: { name: '::1', port: 47312 }, requestIds: ['runreq_C'] },
    { address: { name: '127.0.0.1', port: 47317 }, requestIds: ['runreq_I'] },
  ]);
  assert.equal(awaitsCallbacks(states[6], NOW), false);
  assert.equal(awaitsCallbacks(states[6], NOW, 30 * 86_400_000), true);
});

interface FakeReceiver extends CallbackReceiver {
  options: CallbackReceiverOptions;
  started: number;
  stopped: number;
}

function fakeDeps(outcome: (port: number) => 'ok' | 'in-use' | 'throw' = () => 'ok') {
  const made: FakeReceiver[] = [];
  const told: Notice[] = [];
  const lines: string[] = [];
  const deps: LifecycleDeps = {
    create: (options) => {
      if (outcome(options.address.port) === 'throw')
        throw new Error('Receiver limit bodyLimitBytes must be a whole number of at least 1, not 0.');
      const receiver: FakeReceiver = {
        options,
        started: 0,
        stopped: 0,
        start: async () => {
          receiver.started++;
          return outcome(options.address.port) === 'in-use'
            ? {
                ok: false,
                reason: 'port-in-use',
                message: `port ${options.address.port} on 127.0.0.1 is in use by another program; reports will arrive only as files or by import`,
              }
            : { ok: true, listening: [`127.0.0.1:${options.address.port}`], notes: [] };
        },
        stop: async () => void receiver.stopped++,
        onReport: () => () => undefined,
        stats: {} as CallbackReceiver['stats'],
      };
      made.push(receiver);
      return receiver;
    },
    known: () => new Map(),
    sink: { save: () => Promise.reject(new Error('unused')) },
    limits: () => ({ bodyLimitBytes: 1024 }),
    log: (line) => lines.push(line),
    tell: (notice) => told.push(notice),
    onReport: () => undefined,
  };
  return { deps, made, told, lines };
}

const want = (port: number, ids = ['runreq_A'], name: '127.0.0.1' | 'localhost' = '127.0.0.1') => ({
  address: { name, port },
  requestIds: ids,
});

test('lifecycle: start what is wanted, keep it, stop it when nothing is; notices say where', async () => {
  const { deps, made, lines } = fakeDeps();
  const life = new ReceiverLifecycle(deps);
  await life.reconcile([want(47311)], true);
  await life.reconcile([want(47311)], true);
  assert.equal(made.length, 1);
  assert.deepEqual(made[0].options.limits, { bodyLimitBytes: 1024 });
  assert.deepEqual(life.ports(), [47311]);
  assert.deepEqual(life.notices(), ['Receiving callbacks on 127.0.0.1:47311.']);
  await life.reconcile([want(47311, ['runreq_A'], 'localhost')], true);
  assert.equal(made.length, 2);
  assert.equal(made[0].stopped, 1);
  await life.reconcile([], true);
  assert.equal(made[1].stopped, 1);
  assert.deepEqual(life.ports(), []);
  assert.deepEqual(life.notices(), []);
  assert.ok(lines.includes('Callback receiver: listening on 127.0.0.1:47311 for runreq_A.'));
  assert.ok(lines.includes('Callback receiver: stopped listening on 127.0.0.1:47311.'));
});

test('a taken port is told once (with Show Output) and tried again later; a receiver that cannot be made is told too', async () => {
  let taken = true;
  const { deps, told } = fakeDeps((port) => (port === 47399 ? 'throw' : taken ? 'in-use' : 'ok'));
  const life = new ReceiverLifecycle(deps);
  await life.reconcile([want(47311)], true);
  await life.reconcile([want(47311)], true);
  assert.equal(told.length, 1);
  assert.deepEqual(told[0], {
    severity: 'warning',
    text:
      'Alloy cannot receive the callbacks for runreq_A: port 47311 on 127.0.0.1 is in use by another program; reports will arrive only as files or by import. ' +
      'If another VS Code window with Alloy has this workspace open, it receives them and they appear here as files.',
    actions: ['show-output'],
  });
  assert.deepEqual(life.notices(), [
    'Not receiving callbacks: port 47311 on 127.0.0.1 is in use by another program; reports will arrive only as files or by import.',
  ]);
  taken = false;
  await life.reconcile([want(47311)], true);
  assert.deepEqual(life.ports(), [47311]);
  await life.reconcile([want(47399)], true);
  assert.equal(told.length, 2);
  assert.match(told[1].text, /^Alloy cannot receive the callbacks for runreq_A: Receiver limit bodyLimitBytes must be/);
});

test('Restricted Mode: nothing listens, running ones stop, and the need is told once with Manage Workspace Trust', async () => {
  const { deps, made, told } = fakeDeps();
  const life = new ReceiverLifecycle(deps);
  await life.reconcile([want(47311)], true);
  await life.reconcile([want(47311)], false);
  await life.reconcile([want(47311, ['runreq_A', 'runreq_B'])], false);
  assert.equal(made.length, 1);
  assert.equal(made[0].stopped, 1);
  assert.equal(told.length, 1);
  assert.deepEqual(told[0].actions, ['manage-trust']);
  assert.equal(
    told[0].text,
    "Alloy's callback receiver is off in Restricted Mode, so reports for runreq_A arrive only as files under .alloy/reports/ or by Import Report…. Trust this workspace to receive them.",
  );
  assert.deepEqual(life.notices(), ['The callback receiver is off in Restricted Mode; reports arrive only as files or by import.']);
  await life.reconcile([], false);
  assert.deepEqual(life.notices(), []);
});

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function post(port: number, pathName: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: pathName, method: 'POST', headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('a real receiver on a free loopback port stores a callback under the ledger root and reports it', async (t) => {
  const root = tempDir('receiver');
  const port = await freePort();
  const known = new Map<string, LedgerRequest>([
    [PAYMENT_ID, { requestId: PAYMENT_ID, root, requestFile: path.join(root, '.alloy/requests/r.json') }],
  ]);
  const saved: SavedReport[] = [];
  let gotReport!: () => void;
  const reported = new Promise<void>((resolve) => (gotReport = resolve));
  const told: Notice[] = [];
  const life = new ReceiverLifecycle({
    create: createCallbackReceiver,
    known: () => known,
    sink: reportFileSink((id) => known.get(id)?.root),
    limits: () => ({ bodyLimitBytes: 1_048_576 }),
    log: () => undefined,
    tell: (n) => told.push(n),
    onReport: (s) => {
      saved.push(s);
      gotReport();
    },
  });
  t.after(async () => {
    await life.dispose();
    removeDir(root);
  });
  await life.reconcile([want(port, [PAYMENT_ID])], true);
  assert.deepEqual(told, []);
  assert.equal(await post(port, `/api/run-requests/${PAYMENT_ID}/completed`, JSON.stringify(paymentRunResult())), 202);
  assert.equal(await post(port, '/api/run-requests/runreq_NOT_KNOWN/completed', '{}'), 404);
  await reported;
  assert.equal(saved.length, 1);
  assert.equal(saved[0].report.flagged, false);
  const files = fs.readdirSync(path.join(root, '.alloy', 'reports', PAYMENT_ID));
  assert.equal(files.length, 1);
  assert.match(files[0], /^completed-.*\.json$/);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, '.alloy', 'reports', PAYMENT_ID, files[0]), 'utf8')), paymentRunResult());
  await life.reconcile([], true);
  await assert.rejects(post(port, `/api/run-requests/${PAYMENT_ID}/completed`, '{}'), /ECONNREFUSED/);
});
