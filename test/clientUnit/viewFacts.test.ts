// What the views read for one file, gathered from the index, the snapshot and the sends in
// progress: a request's latest submission (by file) and send, a brief's count of requests.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeDirectoryLister, nodeFileSystem } from '../../server/src/core';
import type { SubmissionSummary } from '../../server/src/submission';
import { emptySnapshot } from '../../client/src/state/alloyModel';
import { viewFactsOf } from '../../client/src/state/viewFacts';
import { WorkspaceIndex } from '../../client/src/state/workspaceIndex';
import { fileEntryId, SendingRegistry } from '../../client/src/submission/sendingRegistry';
import { briefFile, copyExample, PAYMENT_ID, PAYMENT_KEY, removeDir, requestFile } from './clientFixtures';

test('a request with a submission and a send in progress; a brief with the requests naming it', async (t) => {
  const root = copyExample('view');
  t.after(() => removeDir(path.dirname(root)));
  const index = new WorkspaceIndex({ files: nodeFileSystem, lister: nodeDirectoryLister, folders: () => [root] });
  await index.scan();
  const snapshot = emptySnapshot('/l');
  const summary: SubmissionSummary = {
    submission: 'sub_1',
    requestId: PAYMENT_ID,
    key: PAYMENT_KEY,
    firstSentAt: '2026-12-01T14:02:00Z',
    at: '2026-12-01T14:02:00Z',
    state: 'accepted',
    status: 202,
    attempts: 1,
    requestFile: requestFile(root),
  };
  snapshot.submissions = [summary];
  const registry = new SendingRegistry();
  registry.begin(fileEntryId(requestFile(root)), { file: requestFile(root) }, 5);
  const view = viewFactsOf(requestFile(root), index, snapshot, registry);
  assert.equal(view.facts.kind, 'request');
  assert.deepEqual(view.last, { at: '2026-12-01T14:02:00Z', state: 'accepted', sameKey: true, status: 202 });
  assert.deepEqual(view.sending, { stage: 'preparing', startedAt: 5 });
  const brief = viewFactsOf(briefFile(root), index, snapshot, registry);
  assert.equal(brief.facts.kind, 'brief');
  assert.equal(brief.naming, index.requestsNaming(briefFile(root)).length);
  assert.ok((brief.naming ?? 0) >= 2);
  const other = viewFactsOf(requestFile(root, 'broken-digest-mismatch.json'), index, snapshot, registry);
  assert.equal(other.last, undefined);
  assert.equal(other.sending, undefined);
});
