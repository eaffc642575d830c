// Issue 14, finding 4: a symbolic link (or a FIFO) swapped in after a path was checked never leads
// a read or a write outside the repository root, and never blocks. Real links on a real disk: a
// flip injected between resolving and opening through the file-system port, a bounded race against
// a thread flipping a link, the adapter's own checks of the descriptor, and the fallback used where
// there is no /proc.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { AlloyDiagnostic } from '../../server/src/core/document/diagnostic';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import type { FileSystemHost } from '../../server/src/core/workspace/fileSystemHost';
import { descriptorProblem, descriptorRealPath, nodeFileSystem } from '../../server/src/core/workspace/nodeFileSystem';
import { BRIEF_LOCAL_PATH, BRIEF_YAML, REQUEST_JSON, rangeOfText } from './fixtures';

const MARK = 'CANARY_7F3A';
/** A brief-shaped file outside the root whose every value would show up in a message if it were read. */
const CANARY = `schema_version: alloy.formation_brief.v1\nid: brief_${MARK}\nversion: 99\nproject_id: ${MARK.toLowerCase()}\n${MARK}_secret: ${MARK}\n`;

const scratch: string[] = [];
after(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

interface Layout {
  top: string;
  repo: string;
  briefs: string;
  brief: string;
  request: string;
  canary: string;
  outside: string;
}

/** `top/repo` (with `.alloy/briefs/checkout.yaml` and a request naming it) and `top/outside/canary.yaml`. */
function layout(): Layout {
  const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-race-')));
  scratch.push(top);
  const repo = path.join(top, 'repo');
  const briefs = path.join(repo, '.alloy', 'briefs');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(briefs, { recursive: true });
  fs.mkdirSync(path.join(repo, '.alloy', 'requests'));
  fs.mkdirSync(outside);
  const brief = path.join(repo, BRIEF_LOCAL_PATH);
  fs.writeFileSync(brief, BRIEF_YAML);
  const request = path.join(repo, '.alloy', 'requests', 'run.json');
  fs.writeFileSync(request, REQUEST_JSON);
  const canary = path.join(outside, 'checkout.yaml');
  fs.writeFileSync(canary, CANARY);
  return { top, repo, briefs, brief, request, canary, outside };
}

/** Replaces `at` by a symbolic link to `target` in one rename (never a moment without a name). */
function linkAtomically(target: string, at: string): void {
  const temporary = `${at}.${process.pid}.tmp`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(target, temporary);
  fs.renameSync(temporary, at);
}

/** The node adapter, with `beforeRead` run just before each read (after every path was resolved). */
function flippingHost(beforeRead: (p: string) => void): FileSystemHost {
  return {
    readFile(p) {
      beforeRead(p);
      return nodeFileSystem.readFile(p);
    },
    realpath: (p) => nodeFileSystem.realpath(p),
    isDirectory: (p) => nodeFileSystem.isDirectory(p),
  };
}

function assertNoCanary(diagnostics: AlloyDiagnostic[]): void {
  const shown = JSON.stringify(diagnostics);
  assert.ok(!shown.includes(MARK) && !shown.includes(MARK.toLowerCase()), `the canary was read: ${shown}`);
}

const LOCAL_PATH_RANGE = rangeOfText(REQUEST_JSON, `"${BRIEF_LOCAL_PATH}"`);

describe('a link swapped in between resolving and opening (injected through the port)', () => {
  test('the brief file replaced by a link to a file outside: the request gets brief-path-escapes-root, nothing of it is read', () => {
    const l = layout();
    let flipped = 0;
    const host = flippingHost((p) => {
      if (p === l.brief && flipped++ === 0) linkAtomically(l.canary, l.brief);
    });
    const workspace = new AlloyWorkspace(host, [l.repo]);
    const report = workspace.check(l.request);
    assert.equal(flipped, 1, 'the flip happened after the brief path was resolved');
    assertNoCanary(report.diagnostics);
    const escapes = report.diagnostics.filter((d) => d.code === 'brief-path-escapes-root');
    assert.equal(escapes.length, 1, JSON.stringify(report.diagnostics));
    const r = escapes[0].range;
    assert.deepEqual([r.start.line, r.start.character, r.end.line, r.end.character], LOCAL_PATH_RANGE);
    assert.match(escapes[0].message, /resolves through a symbolic link to a place outside the repository root/);
    // The brief itself says why it is not analysed, at its start.
    const own = workspace.check(l.brief).diagnostics;
    assert.deepEqual(
      own.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]),
      [['file-unreadable', 0, 0, 0, 0]],
    );
    assert.equal(own[0].message, 'The file leads through a symbolic link to a place outside its repository root, so it is not analysed.');
    assertNoCanary(own);
  });

  test('a folder on the way replaced by a link to a folder outside (O_NOFOLLOW would not see it): refused the same way', () => {
    const l = layout();
    fs.renameSync(l.canary, path.join(l.outside, path.basename(l.brief)));
    const host = flippingHost((p) => {
      if (p === l.brief && fs.lstatSync(l.briefs).isDirectory()) {
        fs.renameSync(l.briefs, `${l.briefs}.away`);
        fs.symlinkSync(l.outside, l.briefs);
      }
    });
    const report = new AlloyWorkspace(host, [l.repo]).check(l.request);
    assertNoCanary(report.diagnostics);
    assert.deepEqual(
      report.diagnostics.filter((d) => d.code.startsWith('brief-')).map((d) => d.code),
      ['brief-path-escapes-root'],
    );
  });

  test('a FIFO swapped in for the brief: the read returns at once (file-unreadable), it never blocks', (t) => {
    const l = layout();
    const fifo = path.join(l.top, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('no mkfifo here');
    const host = flippingHost((p) => {
      if (p === l.brief && !fs.lstatSync(l.brief).isFIFO()) fs.renameSync(fifo, l.brief);
    });
    const workspace = new AlloyWorkspace(host, [l.repo]);
    const started = Date.now();
    workspace.check(l.request);
    const own = workspace.check(l.brief).diagnostics;
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(
      own.map((d) => [d.code, d.message]),
      [['file-unreadable', 'The file cannot be read (not a regular file), so it is not analysed.']],
    );
  });
});

describe('the node adapter checks the descriptor it read', () => {
  test('a link inside .alloy/ to a file outside the root: outside-root, no content', () => {
    const l = layout();
    const link = path.join(l.briefs, 'linked.yaml');
    fs.symlinkSync(l.canary, link);
    assert.deepEqual(nodeFileSystem.readFile(link), { ok: false, problem: 'outside-root' });
  });

  test('a link to a file inside the root, and a root reached through a linked folder, are read', () => {
    const l = layout();
    const link = path.join(l.briefs, 'linked.yaml');
    fs.symlinkSync(l.brief, link);
    assert.deepEqual(nodeFileSystem.readFile(link), { ok: true, text: BRIEF_YAML });
    const alias = path.join(l.top, 'alias');
    fs.symlinkSync(l.repo, alias);
    assert.deepEqual(nodeFileSystem.readFile(path.join(alias, BRIEF_LOCAL_PATH)), { ok: true, text: BRIEF_YAML });
  });

  test('a file with no .alloy/ above it has no root to leave: a link to anywhere is read (explicit files)', () => {
    const l = layout();
    const loose = path.join(l.top, 'loose');
    fs.mkdirSync(loose);
    fs.symlinkSync(l.canary, path.join(loose, 'b.yaml'));
    assert.deepEqual(nodeFileSystem.readFile(path.join(loose, 'b.yaml')), { ok: true, text: CANARY });
  });

  test('without /proc, the name is resolved again and must lead to the very file opened', () => {
    const l = layout();
    const link = path.join(l.briefs, 'linked.yaml');
    const other = path.join(l.briefs, 'other.yaml');
    fs.writeFileSync(other, 'other: 1\n');
    fs.symlinkSync(l.brief, link);
    const fd = fs.openSync(link, 'r');
    try {
      const stat = fs.fstatSync(fd);
      assert.equal(descriptorRealPath(fd, stat, link), l.brief, 'Linux names the file of the descriptor');
      assert.equal(descriptorRealPath(fd, stat, link, '/nonexistent-proc'), l.brief);
      assert.equal(descriptorProblem(fd, stat, link, '/nonexistent-proc'), undefined);
      linkAtomically(other, link);
      assert.equal(descriptorRealPath(fd, stat, link), l.brief, 'the descriptor still is the first file');
      assert.equal(descriptorRealPath(fd, stat, link, '/nonexistent-proc'), undefined, 'the name now leads elsewhere');
      assert.deepEqual(descriptorProblem(fd, stat, link, '/nonexistent-proc'), {
        ok: false,
        problem: 'unreadable',
        reason: 'it was replaced while it was being opened',
      });
      linkAtomically(l.canary, link);
      const outsideFd = fs.openSync(link, 'r');
      try {
        const outsideStat = fs.fstatSync(outsideFd);
        assert.deepEqual(descriptorProblem(outsideFd, outsideStat, link, '/nonexistent-proc'), { ok: false, problem: 'outside-root' });
        assert.deepEqual(descriptorProblem(outsideFd, outsideStat, link), { ok: false, problem: 'outside-root' });
      } finally {
        fs.closeSync(outsideFd);
      }
    } finally {
      fs.closeSync(fd);
    }
  });

  test('a write (alloy fix) through a link swapped to a file outside is refused and leaves it byte for byte', () => {
    const l = layout();
    const link = path.join(l.briefs, 'linked.yaml');
    fs.symlinkSync(l.canary, link);
    assert.deepEqual(nodeFileSystem.writeFile(link, 'overwritten\n'), {
      ok: false,
      reason: 'it leads through a symbolic link outside its repository root',
    });
    assert.equal(fs.readFileSync(l.canary, 'utf8'), CANARY);
    // Inside the root a write replaces the content; a new file is created, never through a dangling link.
    assert.deepEqual(nodeFileSystem.writeFile(l.brief, 'short\n'), { ok: true });
    assert.equal(fs.readFileSync(l.brief, 'utf8'), 'short\n');
    const fresh = path.join(l.briefs, 'fresh.yaml');
    assert.deepEqual(nodeFileSystem.writeFile(fresh, 'new\n'), { ok: true });
    assert.equal(fs.readFileSync(fresh, 'utf8'), 'new\n');
    const dangling = path.join(l.briefs, 'dangling.yaml');
    fs.symlinkSync(path.join(l.outside, 'created.yaml'), dangling);
    assert.equal(nodeFileSystem.writeFile(dangling, 'x\n').ok, false);
    assert.equal(fs.existsSync(path.join(l.outside, 'created.yaml')), false);
  });
});

/** Flips `at` between a link to `inside` and a link to `outside` until `stopAt` (a worker thread). */
const FLIPPER = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const { at, inside, outside, stopAt } = workerData;
const temporary = at + '.flip';
for (let i = 0; Date.now() < stopAt; i++) {
  try { fs.rmSync(temporary, { force: true }); fs.symlinkSync(i % 2 ? outside : inside, temporary); fs.renameSync(temporary, at); } catch {}
}
`;

describe('a bounded race against a thread flipping the brief link', () => {
  test('the canary never appears in any diagnostic; both sides of the flip were seen', async () => {
    const l = layout();
    const inside = path.join(l.briefs, 'real.yaml');
    fs.renameSync(l.brief, inside);
    fs.symlinkSync(inside, l.brief);
    const budgetMs = 1500;
    const worker = new Worker(FLIPPER, {
      eval: true,
      workerData: { at: l.brief, inside, outside: l.canary, stopAt: Date.now() + budgetMs },
    });
    const stopped = new Promise((resolve) => worker.once('exit', resolve));
    const seen = new Map<string, number>();
    try {
      const until = Date.now() + budgetMs - 100;
      for (let i = 0; i < 600 && Date.now() < until; i++) {
        const report = new AlloyWorkspace(nodeFileSystem, [l.repo]).check(l.request);
        assertNoCanary(report.diagnostics);
        const outcome = report.diagnostics.some((d) => d.code === 'brief-path-escapes-root') ? 'escapes' : 'read';
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await worker.terminate();
      await stopped;
    }
    assert.ok((seen.get('escapes') ?? 0) > 0 && (seen.get('read') ?? 0) > 0, JSON.stringify([...seen]));
  });
});
