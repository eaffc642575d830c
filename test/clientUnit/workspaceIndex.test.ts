// The extension host's index of the example workspace through the core: which requests name which
// brief, which file carries a request id, the roots, open-editor text over disk text, file events,
// and report files recorded as roots without being analysed.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeDirectoryLister, nodeFileSystem } from '../../server/src/core';
import { reportsRootOf, WorkspaceIndex } from '../../client/src/state/workspaceIndex';
import { briefFile, copyExample, PAYMENT_ID, removeDir, requestFile } from './clientFixtures';

function indexOf(root: string): WorkspaceIndex {
  return new WorkspaceIndex({ files: nodeFileSystem, lister: nodeDirectoryLister, folders: () => [root] });
}

test('a scan finds the requests naming each brief and the file of a request id', async (t) => {
  const root = copyExample('index');
  t.after(() => removeDir(path.dirname(root)));
  const index = indexOf(root);
  let changes = 0;
  index.onDidChange(() => changes++);
  assert.deepEqual(await index.scan(), []);
  assert.equal(changes, 1);
  const naming = index.requestsNaming(briefFile(root)).map((r) => path.basename(r.file));
  assert.ok(naming.includes('checkout-payment.json'));
  assert.ok(naming.includes('broken-digest-mismatch.json'));
  assert.ok(!naming.includes('broken-brief-not-found.json'));
  // The placeholder example reuses the payment request's id.
  assert.deepEqual(
    index
      .requestFilesOf(PAYMENT_ID)
      .map((r) => path.basename(r.file))
      .sort(),
    ['broken-placeholders.json', 'checkout-payment.json'],
  );
  assert.deepEqual(index.request(requestFile(root)), {
    file: requestFile(root),
    root,
    requestId: PAYMENT_ID,
    briefPath: briefFile(root),
  });
  assert.deepEqual(index.roots(), [root]);
});

test('open-editor text wins over disk text; closing falls back to disk; file events re-index', async (t) => {
  const root = copyExample('overlay');
  t.after(() => removeDir(path.dirname(root)));
  const index = indexOf(root);
  await index.scan();
  const file = requestFile(root);
  const text = fs.readFileSync(file, 'utf8');
  index.setOverlay(file, text.replace(PAYMENT_ID, 'runreq_EDITED'));
  assert.equal(index.request(file)?.requestId, 'runreq_EDITED');
  assert.deepEqual(
    index.requestFilesOf('runreq_EDITED').map((r) => r.file),
    [file],
  );
  assert.ok(!index.requestFilesOf(PAYMENT_ID).some((r) => r.file === file));
  index.removeOverlay(file);
  assert.equal(index.request(file)?.requestId, PAYMENT_ID);
  fs.writeFileSync(file, text.replace(PAYMENT_ID, 'runreq_ON_DISK'));
  index.fileChanged(file);
  assert.equal(index.request(file)?.requestId, 'runreq_ON_DISK');
  fs.rmSync(file);
  index.fileDeleted(file);
  assert.equal(index.request(file), undefined);
});

test('report files give their root and are not analysed as requests', async (t) => {
  const root = copyExample('reports-root');
  t.after(() => removeDir(path.dirname(root)));
  const sub = path.join(root, 'services', 'payments');
  const report = path.join(sub, '.alloy', 'reports', PAYMENT_ID, 'completed-x.json');
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, '{"schema_version":"alloy.foundry_execution_request.v1"}');
  assert.equal(reportsRootOf(report), sub);
  assert.equal(reportsRootOf(requestFile(root)), undefined);
  const index = indexOf(root);
  await index.scan();
  assert.deepEqual(index.roots(), [root, sub]);
  assert.equal(index.request(report), undefined);
});
