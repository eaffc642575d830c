// The report listing cache: the first listing is the library's full one; afterwards only request
// folders named by a file event are read again (new folders always), removed ones disappear, the
// result equals a full listing, and a full listing happens again after a minute (fake clock).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listStoredReports, nodeReportFolders, writeReportFile, type ReportFolderPort } from '../../server/src/reports';
import { FULL_LISTING_EVERY_MS, ReportListingCache } from '../../client/src/state/reportListingCache';
import { removeDir, tempDir } from './clientFixtures';

function counting(): ReportFolderPort & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    list: (f) => nodeReportFolders.list(f),
    read: (file, max) => (reads.push(path.basename(path.dirname(file))), nodeReportFolders.read(file, max)),
  };
}

const body = (id: string, status = 'completed') =>
  new TextEncoder().encode(
    JSON.stringify({
      schema_version: 'alloy.foundry_run_result.v1',
      run_request_id: id,
      foundry_run_id: 'f',
      brief_id: 'brief_X',
      brief_digest: 'sha256:' + 'a'.repeat(64),
      project_id: 'p',
      status,
    }),
  );

test('only changed folders are read again, and the result equals a full listing', async (t) => {
  const root = tempDir('cache');
  t.after(() => removeDir(root));
  for (const id of ['runreq_A', 'runreq_B', 'runreq_C'])
    await writeReportFile(root, { requestId: id, phase: 'completed', bytes: body(id), receivedAt: new Date('2026-12-01T14:00:00Z') });
  fs.writeFileSync(path.join(root, '.alloy', 'reports', 'stray.json'), '{}');
  let now = 0;
  const port = counting();
  const cache = new ReportListingCache(port, () => now);
  const first = await cache.list(root);
  assert.deepEqual(port.reads.sort(), ['runreq_A', 'runreq_B', 'runreq_C']);
  assert.deepEqual(first, await listStoredReports(root));

  port.reads.length = 0;
  const second = await cache.list(root);
  assert.deepEqual(port.reads, []);
  assert.deepEqual(second, first);

  const saved = await writeReportFile(root, {
    requestId: 'runreq_B',
    phase: 'failed',
    bytes: body('runreq_B', 'failed'),
    receivedAt: new Date('2026-12-01T15:00:00Z'),
  });
  await writeReportFile(root, {
    requestId: 'runreq_D',
    phase: 'completed',
    bytes: body('runreq_D'),
    receivedAt: new Date('2026-12-01T15:00:00Z'),
  });
  fs.rmSync(path.join(root, '.alloy', 'reports', 'runreq_C'), { recursive: true });
  cache.invalidate(saved.report.file);
  port.reads.length = 0;
  const third = await cache.list(root);
  assert.deepEqual(port.reads.sort(), ['runreq_B', 'runreq_B', 'runreq_D']);
  assert.deepEqual(third, await listStoredReports(root));
  assert.deepEqual(
    third.skipped.map((s) => path.basename(s.path)),
    ['stray.json'],
  );

  now = FULL_LISTING_EVERY_MS;
  port.reads.length = 0;
  await cache.list(root);
  assert.equal(port.reads.length, 4);
});

test('an event for the reports folder itself, or for another root, forces or changes nothing wrongly', async (t) => {
  const root = tempDir('cache-root');
  t.after(() => removeDir(root));
  await writeReportFile(root, { requestId: 'runreq_A', phase: 'completed', bytes: body('runreq_A'), receivedAt: new Date() });
  const port = counting();
  const cache = new ReportListingCache(port, () => 0);
  await cache.list(root);
  cache.invalidate('/elsewhere/.alloy/reports/runreq_A/x.json');
  cache.invalidate(path.join(root, 'README.md'));
  port.reads.length = 0;
  await cache.list(root);
  assert.deepEqual(port.reads, []);
  cache.invalidate(path.join(root, '.alloy', 'reports'));
  await cache.list(root);
  assert.deepEqual(port.reads, ['runreq_A']);
  cache.invalidateRoot(root);
  await cache.list(root);
  assert.deepEqual(port.reads, ['runreq_A', 'runreq_A']);
});
