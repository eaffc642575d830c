// The model over a real ledger file and real report files: this workspace's requests and their
// states (a report outranks the ledger), submissions of other folders counted apart, known ids and
// roots, an unreadable ledger said in words, bursts of refreshes folded into one more read, and the
// latest submission of a file.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { writeReportFile, listStoredReports } from '../../server/src/reports';
import { nodeLedgerFile, nodeSubmissionOwners, type LedgerStore } from '../../server/src/submission';
import { AlloyModel, inWorkspace, latestSubmissionOf } from '../../client/src/state/alloyModel';
import {
  attemptLine,
  copyExample,
  outcomeLine,
  PAYMENT_ID,
  PAYMENT_KEY,
  paymentRunResult,
  pendingLine,
  removeDir,
  requestFile,
  writeLedger,
} from './clientFixtures';

function modelOf(ledger: LedgerStore, folders: string[], counter?: { reads: number }) {
  return new AlloyModel({
    ledger: counter
      ? {
          ...ledger,
          location: ledger.location,
          read: () => (counter.reads++, ledger.read()),
          append: ledger.append,
          withLock: ledger.withLock,
        }
      : ledger,
    owners: nodeSubmissionOwners,
    clock: { now: () => Date.parse('2026-12-01T15:00:00Z') },
    listReports: (root) => listStoredReports(root),
    folders: () => folders,
    resendWindowMs: () => 24 * 3_600_000,
  });
}

test('states of this workspace from ledger and reports; other folders counted; known ids and roots', async (t) => {
  const root = copyExample('model');
  t.after(() => removeDir(path.dirname(root)));
  const file = requestFile(root);
  const bytes = fs.readFileSync(file);
  const ours = { submission: 'sub_ours', requestId: PAYMENT_ID, key: PAYMENT_KEY };
  const theirs = { submission: 'sub_theirs', requestId: 'runreq_ELSEWHERE', key: 'sha256:' + '1'.repeat(64) };
  const ledgerFile = path.join(path.dirname(root), 'ledger.jsonl');
  writeLedger(ledgerFile, [
    pendingLine({ ...ours, at: '2026-12-01T14:02:00.000Z', requestFile: file, root, bytes }),
    attemptLine(ours, '2026-12-01T14:02:00.100Z', 1, 202),
    outcomeLine(ours, '2026-12-01T14:02:00.200Z', 'accepted', 202),
    pendingLine({ ...theirs, at: '2026-12-01T14:05:00.000Z', requestFile: '/elsewhere/.alloy/requests/x.json', root: '/elsewhere', bytes }),
    outcomeLine(theirs, '2026-12-01T14:05:01.000Z', 'accepted', 202),
  ]);
  await writeReportFile(root, {
    requestId: PAYMENT_ID,
    phase: 'completed',
    bytes: new TextEncoder().encode(JSON.stringify(paymentRunResult())),
    receivedAt: new Date('2026-12-01T14:20:00Z'),
  });
  const model = modelOf(nodeLedgerFile(ledgerFile), [root]);
  const seen: number[] = [];
  model.onDidChange((s) => seen.push(s.states.size));
  await model.refresh();
  const snapshot = model.snapshot;
  assert.equal(snapshot.ledgerProblem, undefined);
  assert.equal(snapshot.ledgerLocation, ledgerFile);
  assert.deepEqual([...snapshot.states.keys()], [PAYMENT_ID]);
  assert.equal(snapshot.elsewhere, 1);
  assert.equal(snapshot.states.get(PAYMENT_ID)?.state, 'completed');
  assert.equal(snapshot.states.get(PAYMENT_ID)?.source, 'report');
  assert.deepEqual(snapshot.roots, [root]);
  assert.deepEqual([...snapshot.known.keys()], [PAYMENT_ID, 'runreq_ELSEWHERE']);
  assert.equal(snapshot.submissions.length, 2);
  assert.equal(snapshot.reports.length, 1);
  assert.deepEqual(seen, [1]);
  assert.equal(latestSubmissionOf(snapshot, file)?.submission, 'sub_ours');
  assert.equal(latestSubmissionOf(snapshot, '/moved.json', 'runreq_ELSEWHERE')?.submission, 'sub_theirs');
  assert.equal(latestSubmissionOf(snapshot, '/moved.json'), undefined);
});

test('a report under a root the ledger does not name is listed once the root is added', async (t) => {
  const root = copyExample('model-root');
  t.after(() => removeDir(path.dirname(root)));
  await writeReportFile(root, {
    requestId: 'runreq_BY_HAND',
    phase: 'completed',
    bytes: new TextEncoder().encode('{}'),
    receivedAt: new Date(),
  });
  const model = modelOf(nodeLedgerFile(path.join(path.dirname(root), 'none.jsonl')), [root]);
  await model.refresh();
  assert.equal(model.snapshot.states.size, 0);
  assert.equal(model.addRoot(root), true);
  assert.equal(model.addRoot(root), false);
  await model.refresh();
  assert.equal(model.snapshot.states.get('runreq_BY_HAND')?.state, 'completed');
  assert.equal(model.snapshot.states.get('runreq_BY_HAND')?.current?.flagged, true);
});

test('an unreadable ledger is a problem in words, not an empty start', async () => {
  const failing: LedgerStore = {
    location: '/l/ledger.jsonl',
    read: () => Promise.reject(new Error('permission denied')),
    append: () => Promise.reject(new Error('no')),
    withLock: () => Promise.reject(new Error('no')),
  };
  const model = modelOf(failing, ['/w']);
  await model.refresh();
  assert.equal(model.snapshot.ledgerProblem, 'permission denied');
  assert.equal(model.snapshot.submissions.length, 0);
});

test('refreshes during a refresh are folded into one more read', async (t) => {
  const root = copyExample('model-burst');
  t.after(() => removeDir(path.dirname(root)));
  const counter = { reads: 0 };
  const model = modelOf(nodeLedgerFile(path.join(path.dirname(root), 'none.jsonl')), [root], counter);
  let changes = 0;
  model.onDidChange(() => changes++);
  await Promise.all([model.refresh(), model.refresh(), model.refresh(), model.refresh()]);
  assert.equal(changes, 2);
  // Each load reads the ledger twice (its records, then the submission list).
  assert.equal(counter.reads, 4);
});

test('inWorkspace: inside a folder, or anything when no folder is open', () => {
  assert.equal(inWorkspace('/w/a/b.json', ['/w']), true);
  assert.equal(inWorkspace('/wx/b.json', ['/w']), false);
  assert.equal(inWorkspace('/any', []), true);
  assert.equal(inWorkspace(undefined, ['/w']), false);
});

test('a view that throws on a snapshot is reported, and the other views still get it', async () => {
  const errors: unknown[] = [];
  const empty: LedgerStore = { location: '/none', read: async () => undefined, append: async () => undefined, withLock: (fn) => fn() };
  const model = new AlloyModel({
    ledger: empty,
    owners: nodeSubmissionOwners,
    clock: { now: () => 0 },
    listReports: async () => ({ reports: [], skipped: [] }),
    folders: () => [],
    resendWindowMs: () => 0,
    onListenerError: (e) => errors.push(e),
  });
  let second = 0;
  model.onDidChange(() => {
    throw new Error('panel broke');
  });
  model.onDidChange(() => second++);
  await model.refresh();
  assert.equal(second, 1);
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['panel broke'],
  );
});
