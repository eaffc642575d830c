// Report files (SPEC §8.2): the atomic write (exact bytes, the name from phase, time and hash, no
// temp file left, duplicates written once) and the listing, which tolerates temporary, foreign,
// edited, special and unreadable files without throwing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import {
  listReports,
  listStoredReports,
  nodeReportFolders,
  parseReportFileName,
  receivedAtStamp,
  reportFileName,
  reportFileSink,
  writeReportFile,
  type ReportFolderPort,
} from '../../server/src/reports';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'alloy-reports-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const AT = new Date('2026-12-01T14:02:03.123Z');
const RESULT = (id: string, status = 'completed'): string =>
  JSON.stringify({
    schema_version: 'alloy.foundry_run_result.v1',
    run_request_id: id,
    foundry_run_id: 'foundry_run_1',
    brief_id: 'brief_A',
    brief_digest: 'sha256:' + 'c'.repeat(64),
    project_id: 'checkout-service',
    status,
  });
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

test('names: phase, a file-name-safe UTC stamp and 12 hex digits of the hash, and back', () => {
  assert.equal(receivedAtStamp(AT), '20261201T140203.123Z');
  const hex = sha('x');
  assert.equal(reportFileName('started', AT, hex), `started-20261201T140203.123Z-${hex.slice(0, 12)}.json`);
  assert.deepEqual(parseReportFileName(`started-20261201T140203.123Z-${hex.slice(0, 12)}.json`), {
    phase: 'started',
    receivedAt: AT,
    hashPrefix: hex.slice(0, 12),
  });
  for (const foreign of [
    'result.json',
    'started-20261301T140203.123Z-0123456789ab.json',
    'done-20261201T140203.123Z-0123456789ab.json',
    'started-20261201T140203.123Z-0123456789AB.json',
  ]) {
    assert.equal(parseReportFileName(foreign), undefined, foreign);
  }
  assert.throws(() => reportFileName('started', AT, 'nothex'), /needs a lowercase hex sha-256/);
});

test('a write stores the exact bytes atomically under <root>/.alloy/reports/<id>/, with no temp file left', async () => {
  const text = RESULT('runreq_A') + '\n';
  const saved = await writeReportFile(root, { requestId: 'runreq_A', phase: 'completed', bytes: bytes(text), receivedAt: AT });
  const folder = join(root, '.alloy', 'reports', 'runreq_A');
  const name = `completed-20261201T140203.123Z-${sha(text).slice(0, 12)}.json`;
  assert.deepEqual(readdirSync(folder), [name]);
  assert.equal(readFileSync(join(folder, name), 'utf8'), text);
  assert.deepEqual(saved, {
    duplicate: false,
    report: {
      requestId: 'runreq_A',
      phase: 'completed',
      receivedAt: AT.toISOString(),
      sha256: `sha256:${sha(text)}`,
      size: Buffer.byteLength(text),
      file: join(folder, name),
      named: true,
      runStatus: 'completed',
      problems: [],
      flagged: false,
    },
  });
});

test('the same bytes for the same phase are written once; for another phase, again', async () => {
  const body = { requestId: 'runreq_A', phase: 'started' as const, bytes: bytes('{"state":"started"}'), receivedAt: AT };
  const first = await writeReportFile(root, body);
  const later = await writeReportFile(root, { ...body, receivedAt: new Date(AT.getTime() + 5000) });
  const concurrent = await Promise.all([1, 2, 3].map((s) => writeReportFile(root, { ...body, receivedAt: new Date(AT.getTime() + s) })));
  assert.equal(later.duplicate, true);
  assert.equal(later.report.file, first.report.file);
  assert.ok(concurrent.every((c) => c.report.file === first.report.file && c.duplicate));
  const accepted = await writeReportFile(root, { ...body, phase: 'accepted' });
  assert.equal(accepted.duplicate, false);
  assert.deepEqual(
    readdirSync(join(root, '.alloy', 'reports', 'runreq_A')).sort(),
    [accepted.report.file, first.report.file].map((f) => f.split('/').pop()).sort(),
  );
});

test("a stored copy removed behind the writer's back is written again, and so is a removed folder", async () => {
  const body = { requestId: 'runreq_A', phase: 'completed' as const, bytes: bytes(RESULT('runreq_A')), receivedAt: AT };
  const first = await writeReportFile(root, body);
  rmSync(first.report.file);
  const again = await writeReportFile(root, { ...body, receivedAt: new Date(AT.getTime() + 1000) });
  assert.equal(again.duplicate, false);
  assert.equal(readFileSync(again.report.file, 'utf8'), RESULT('runreq_A'));
  rmSync(join(root, '.alloy'), { recursive: true });
  const third = await writeReportFile(root, { ...body, receivedAt: new Date(AT.getTime() + 2000) });
  assert.equal(third.duplicate, false);
  assert.deepEqual(readdirSync(join(root, '.alloy', 'reports', 'runreq_A')), [third.report.file.split('/').pop()]);
});

test('an id that is not a run-request id is refused and nothing is written', async () => {
  await assert.rejects(writeReportFile(root, { requestId: '../../etc', phase: 'completed', bytes: bytes('{}'), receivedAt: AT }), {
    message: '"../../etc" is not a run-request id; nothing was written',
  });
  assert.deepEqual(readdirSync(root), []);
  await assert.rejects(
    reportFileSink(() => undefined).save({ requestId: 'runreq_Z', phase: 'started', bytes: bytes('{}'), receivedAt: AT }),
    {
      message: 'no repository root is recorded for runreq_Z; nothing was written',
    },
  );
});

test('a write that cannot happen says where and why', async () => {
  writeFileSync(join(root, '.alloy'), 'a file where the folder should be');
  await assert.rejects(writeReportFile(root, { requestId: 'runreq_A', phase: 'started', bytes: bytes('{}'), receivedAt: AT }), {
    message:
      `could not store the started report of runreq_A under ${join(root, '.alloy', 'reports')}: ` +
      'part of the path is a file, not a folder',
  });
});

test('the listing: receiver files, foreign run results, and everything else skipped with a reason', async () => {
  const good = await writeReportFile(root, { requestId: 'runreq_A', phase: 'completed', bytes: bytes(RESULT('runreq_A')), receivedAt: AT });
  const reports = join(root, '.alloy', 'reports');
  const a = join(reports, 'runreq_A');
  // A run result that Foundry (or a user) put there under its own name: the phase comes from its status, the time from the file.
  writeFileSync(join(a, 'foundry-result.json'), RESULT('runreq_A', 'failed'));
  const mtime = new Date('2026-11-30T08:00:00.000Z');
  utimesSync(join(a, 'foundry-result.json'), mtime, mtime);
  // A receiver-named file edited afterwards, and half-written JSON.
  const editedName = `started-20261201T140205.000Z-${sha('{"x":1}').slice(0, 12)}.json`;
  writeFileSync(join(a, editedName), '{"x":2');
  writeFileSync(join(a, `.${good.report.file.split('/').pop()}.abc123.tmp`), '{"half');
  writeFileSync(join(a, 'notes.txt'), 'hello');
  mkdirSync(join(a, 'sub'));
  symlinkSync('/etc/passwd', join(a, 'link.json'));
  execFileSync('mkfifo', [join(a, 'pipe.json')]);
  mkdirSync(join(reports, 'not-a-request'));
  writeFileSync(join(reports, 'stray.json'), '{}');

  const listing = await listStoredReports(root);
  assert.deepEqual(
    listing.reports.map((r) => [r.file.slice(a.length + 1), r.phase, r.named, r.receivedAt, r.flagged, r.problems.map((p) => p.code)]),
    [
      ['foundry-result.json', 'failed', false, '2026-11-30T08:00:00.000Z', false, []],
      [good.report.file.slice(a.length + 1), 'completed', true, '2026-12-01T14:02:03.123Z', false, []],
      [editedName, 'started', true, '2026-12-01T14:02:05.000Z', true, ['hash-mismatch', 'syntax']],
    ],
  );
  const skipped = listing.skipped.map((s) => [s.path.slice(reports.length + 1), s.kind, s.reason]).sort();
  assert.deepEqual(skipped, [
    ['not-a-request', 'foreign', 'not a run-request folder (runreq_…)'],
    [`runreq_A/.${good.report.file.split('/').pop()}.abc123.tmp`, 'temporary', 'a report being written, or one a crash left half-written'],
    ['runreq_A/link.json', 'foreign', 'a symbolic link; links are not followed'],
    ['runreq_A/notes.txt', 'foreign', 'not a .json file'],
    ['runreq_A/pipe.json', 'foreign', 'not a regular file'],
    ['runreq_A/sub', 'foreign', 'a folder inside a run-request folder'],
    ['stray.json', 'foreign', 'reports belong in a run-request folder (.alloy/reports/<request_id>/)'],
  ]);
});

test('a root without reports lists nothing; an unreadable folder or file is reported, never thrown', async () => {
  assert.deepEqual(await listStoredReports(root), { reports: [], skipped: [] });
  await writeReportFile(root, { requestId: 'runreq_A', phase: 'accepted', bytes: bytes('{"ok":true}'), receivedAt: AT });
  await writeReportFile(root, { requestId: 'runreq_B', phase: 'accepted', bytes: bytes('{"ok":true}'), receivedAt: AT });
  const denied = (): Error => Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  const port: ReportFolderPort = {
    list: (folder) => (folder.endsWith('runreq_B') ? Promise.reject(denied()) : nodeReportFolders.list(folder)),
    read: () => Promise.reject(denied()),
  };
  const listing = await listReports(root, port);
  assert.deepEqual(listing.reports, []);
  const reports = join(root, '.alloy', 'reports');
  assert.deepEqual(
    listing.skipped.map((s) => [s.path.slice(reports.length + 1), s.kind, s.reason]),
    [
      [`runreq_A/${readdirSync(join(reports, 'runreq_A'))[0]}`, 'unreadable', 'permission denied'],
      ['runreq_B', 'unreadable', 'permission denied'],
    ],
  );
});

test('a report file larger than the read limit is listed as unreadable, not read', async () => {
  await writeReportFile(root, {
    requestId: 'runreq_A',
    phase: 'accepted',
    bytes: bytes('{"pad":"' + 'x'.repeat(200) + '"}'),
    receivedAt: AT,
  });
  const listing = await listStoredReports(root, 100);
  assert.equal(listing.reports.length, 0);
  assert.deepEqual(
    listing.skipped.map((s) => [s.kind, s.reason]),
    [['unreadable', 'it is 210 bytes, more than the 100 a report file may have']],
  );
});
