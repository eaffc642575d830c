// 1,000 concurrent callbacks over real HTTP (the research's X6): ~100 run requests, each going
// accepted → started → completed, 10% sent out of order and 10% repeated. None is lost (every 202
// has its file, with the bytes sent), no file is torn, no temp file is left, and each request's
// state never moves backwards, checked after every answer in the order the answers came.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  createCallbackReceiver,
  isTempFileName,
  knownRequestsOf,
  listStoredReports,
  parseReportFileName,
  reportFileSink,
  requestStates,
  stateRank,
  type StoredReport,
} from '../../server/src/reports';
import type { LedgerEntry } from '../../server/src/submission';
import { loadSchedule } from './loadSchedule';
import { postCallback } from './postCallback';
import { freePort } from './receiverHarness';

test('1,000 concurrent callbacks: none lost, none torn, no temp file left, states never regress', { timeout: 60_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'alloy-load-'));
  const root = join(base, 'repo');
  const { ids, callbacks } = loadSchedule();
  assert.equal(callbacks.length, 1000);
  const ledger: LedgerEntry[] = ids.flatMap((requestId, i): LedgerEntry[] => [
    {
      v: 1,
      type: 'pending',
      submission: `sub_${i}`,
      at: '2000-01-01T00:00:00.000Z',
      key: 'sha256:' + createHash('sha256').update(requestId).digest('hex'),
      requestId,
      requestFile: join(root, '.alloy', 'requests', `${requestId}.json`),
      root,
      bytes: '',
      sha256: 'sha256:' + '0'.repeat(64),
      transport: 'http',
    },
    {
      v: 1,
      type: 'outcome',
      submission: `sub_${i}`,
      at: '2000-01-01T00:00:01.000Z',
      key: 'k',
      requestId,
      outcome: 'accepted',
      status: 202,
    },
  ]);
  const known = knownRequestsOf(ledger);
  const port = await freePort();
  const receiver = createCallbackReceiver({
    address: { name: '127.0.0.1', port },
    isKnownRequest: (id) => known.has(id),
    sink: reportFileSink((id) => known.get(id)?.root),
    limits: { maxConnections: 256 },
  });
  const started = await receiver.start();
  assert.equal(started.ok, true, JSON.stringify(started));

  // After every stored report, in the order the answers are sent, the request's state is recomputed.
  const received = new Map<string, StoredReport[]>();
  const ranks = new Map<string, number>();
  const regressions: string[] = [];
  receiver.onReport(({ report }) => {
    const list = received.get(report.requestId) ?? [];
    list.push(report);
    received.set(report.requestId, list);
    const state = requestStates(
      ledger.filter((l) => l.requestId === report.requestId),
      list,
    ).get(report.requestId)!;
    const rank = stateRank(state.state);
    if (rank < (ranks.get(report.requestId) ?? 0))
      regressions.push(`${report.requestId}: ${state.state} after rank ${ranks.get(report.requestId)}`);
    ranks.set(report.requestId, rank);
  });

  const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  try {
    const answers = await Promise.all(
      callbacks.map((c) =>
        postCallback(agent, port, `/api/run-requests/${c.requestId}/${c.phase}`, c.body).then((a) => ({ ...a, callback: c })),
      ),
    );
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    assert.deepEqual([...statuses], [[202, 1000]]);

    // None lost: every 202 names a file that holds exactly the bytes sent.
    for (const a of answers) {
      const { file, duplicate } = JSON.parse(a.body) as { file: string; duplicate: boolean };
      const bytes = readFileSync(join(root, '.alloy', 'reports', a.callback.requestId, file));
      assert.ok(bytes.equals(Buffer.from(a.callback.body)), `${file} differs from what was sent`);
      if (!a.callback.duplicate) assert.equal(typeof duplicate, 'boolean');
    }
    // Every stored file parses, its hash prefix matches its bytes, and no temp file is left.
    let files = 0;
    for (const id of ids) {
      for (const name of readdirSync(join(root, '.alloy', 'reports', id))) {
        assert.ok(!isTempFileName(name), `temp file left: ${id}/${name}`);
        const parts = parseReportFileName(name);
        assert.ok(parts, `unexpected name ${name}`);
        const bytes = readFileSync(join(root, '.alloy', 'reports', id, name));
        assert.equal(createHash('sha256').update(bytes).digest('hex').slice(0, 12), parts.hashPrefix);
        JSON.parse(bytes.toString('utf8'));
        files++;
      }
    }
    assert.equal(files, 900, 'one file per distinct body: duplicates are not written twice');
    assert.equal(receiver.stats.stored, 1000);
    assert.equal(receiver.stats.duplicates, 100);

    assert.deepEqual(regressions, []);
    // From disk, every request ends completed, nothing is skipped, and nothing is flagged.
    const listing = await listStoredReports(root);
    assert.deepEqual(listing.skipped, []);
    assert.equal(listing.reports.length, 900);
    assert.deepEqual(
      listing.reports.filter((r) => r.flagged).map((r) => r.problems),
      [],
    );
    const states = requestStates(ledger, listing.reports);
    assert.deepEqual([...new Set([...states.values()].map((s) => s.state))], ['completed']);
    const late = [...states.values()].reduce((n, s) => n + s.late.length, 0);
    assert.ok(late > 0, 'some callbacks arrived after a later phase and were kept as late');
  } finally {
    agent.destroy();
    await receiver.stop();
    rmSync(base, { recursive: true, force: true });
  }
});
