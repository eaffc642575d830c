// Finding the brief a request names: `brief-path-escapes-root` (never reading the file),
// `brief-not-found` and `brief-invalid` (with related information at the brief's own errors).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import type { FileSystemHost } from '../../server/src/core/workspace/fileSystemHost';
import { nodeFileSystem } from '../../server/src/core/workspace/nodeFileSystem';
import {
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_PATH,
  assertDiagnostics,
  assertOnly,
  briefDataOf,
  briefYaml,
  expectedBriefDigest,
  memoryWorkspace,
  requestJson,
  requestValue,
  requestWith,
} from './fixtures';

/** The request with another local_path; its line 16 holds `"local_path": "<path>"` from character 18. */
function requestNaming(localPath: string, briefDigest?: string): string {
  return requestJson(requestWith((v) => (v.brief.local_path = localPath), briefDigest));
}

describe('brief-path-escapes-root', () => {
  test('an absolute local_path is refused and the file is not read', () => {
    const { host, workspace } = memoryWorkspace({
      '/etc/alloy/brief.yaml': BRIEF_YAML,
      [REQUEST_PATH]: requestNaming('/etc/alloy/brief.yaml'),
    });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-path-escapes-root', 'error', [16, 18, 16, 41]);
    assert.match(d.message, /absolute/);
    assert.deepEqual(host.reads, [REQUEST_PATH]);
  });

  test('a local_path leading out with ".." is refused and the file is not read', () => {
    const { host, workspace } = memoryWorkspace({ '/outside.yaml': BRIEF_YAML, [REQUEST_PATH]: requestNaming('../outside.yaml') });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-path-escapes-root', 'error', [16, 18, 16, 35]);
    assert.match(d.message, /outside the repository root/);
    assert.deepEqual(host.reads, [REQUEST_PATH]);
    assert.equal(workspace.check(REQUEST_PATH).briefPath, undefined);
  });

  describe('through a symbolic link (real file system)', () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-escape-')));
    after(() => fs.rmSync(base, { recursive: true, force: true }));
    const root = path.join(base, 'repo');
    const outside = path.join(base, 'outside');
    const requestFile = path.join(root, '.alloy', 'requests', 'run.json');
    fs.mkdirSync(path.dirname(requestFile), { recursive: true });
    fs.mkdirSync(path.join(root, '.alloy', 'briefs'), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'brief.yaml'), BRIEF_YAML);
    fs.symlinkSync(path.join(outside, 'brief.yaml'), path.join(root, '.alloy', 'briefs', 'linked.yaml'));
    fs.symlinkSync(outside, path.join(root, '.alloy', 'shared'));

    /** node:fs, recording every file read. */
    function recordingHost(): FileSystemHost & { reads: string[] } {
      const reads: string[] = [];
      return {
        reads,
        readFile: (p) => (reads.push(p), nodeFileSystem.readFile(p)),
        realpath: nodeFileSystem.realpath,
        isDirectory: nodeFileSystem.isDirectory,
      };
    }

    for (const [label, localPath, end] of [
      ['a symlinked file', '.alloy/briefs/linked.yaml', 45],
      ['a file in a symlinked folder', '.alloy/shared/brief.yaml', 44],
      ['a missing file in a symlinked folder', '.alloy/shared/missing.yaml', 46],
    ] as const) {
      test(`${label} that resolves outside the root is refused and never read`, () => {
        fs.writeFileSync(requestFile, requestNaming(localPath));
        const host = recordingHost();
        const workspace = new AlloyWorkspace(host, [root]);
        const report = workspace.check(requestFile);
        const d = assertOnly(report.diagnostics, 'brief-path-escapes-root', 'error', [16, 18, 16, end]);
        assert.match(d.message, /symbolic link/);
        assert.deepEqual(host.reads, [requestFile]);
        assert.equal(report.briefPath, undefined);
      });
    }

    test('a symlink inside the root that points inside the root is followed', () => {
      const briefs = path.join(root, '.alloy', 'briefs');
      fs.writeFileSync(path.join(briefs, 'real.yaml'), BRIEF_YAML);
      fs.symlinkSync(path.join(briefs, 'real.yaml'), path.join(briefs, 'alias.yaml'));
      fs.writeFileSync(requestFile, requestNaming('.alloy/briefs/alias.yaml'));
      const host = recordingHost();
      const report = new AlloyWorkspace(host, [root]).check(requestFile);
      assertDiagnostics(report.diagnostics, []);
      assert.equal(report.briefPath, path.join(briefs, 'alias.yaml'));
    });
  });
});

describe('brief-not-found', () => {
  test('a local_path with no file is an error on the path', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestNaming('.alloy/briefs/missing.yaml') });
    const report = workspace.check(REQUEST_PATH);
    const d = assertOnly(report.diagnostics, 'brief-not-found', 'error', [16, 18, 16, 46]);
    assert.equal(d.message, 'No brief file at ".alloy/briefs/missing.yaml".');
    assert.equal(report.briefPath, '/repo/.alloy/briefs/missing.yaml');
  });

  describe('a file is there but cannot be read (real file system): the request says why, never "no brief file"', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-unreadable-brief-')));
    after(() => fs.rmSync(root, { recursive: true, force: true }));
    const requestFile = path.join(root, '.alloy', 'requests', 'run.json');
    const briefs = path.join(root, '.alloy', 'briefs');
    fs.mkdirSync(path.dirname(requestFile), { recursive: true });
    fs.mkdirSync(briefs, { recursive: true });
    const bad = Buffer.concat([Buffer.from(BRIEF_YAML), Buffer.from([0xff]), Buffer.from('\n')]);
    const badLine = BRIEF_YAML.split('\n').length - 1;
    fs.writeFileSync(path.join(briefs, 'bad.yaml'), bad);
    fs.mkdirSync(path.join(briefs, 'folder.yaml'));
    fs.writeFileSync(path.join(briefs, 'huge.yaml'), Buffer.alloc(8 * 1024 * 1024 + 1, 0x20));

    function checked(localPath: string) {
      fs.writeFileSync(requestFile, requestNaming(localPath));
      const report = new AlloyWorkspace(nodeFileSystem, [root]).check(requestFile);
      return assertOnly(report.diagnostics, 'brief-not-found', 'error', [16, 18, 16, 20 + localPath.length]);
    }

    test('not UTF-8: the first bad byte, and the brief file’s own diagnostic as related information', () => {
      const d = checked('.alloy/briefs/bad.yaml');
      const why = `the file is not valid UTF-8 (byte ${bad.length - 2} on line ${badLine + 1} is not part of a UTF-8 character)`;
      assert.equal(d.message, `The brief at ".alloy/briefs/bad.yaml" cannot be used: ${why}.`);
      assert.deepEqual(d.related, [
        {
          file: path.join(briefs, 'bad.yaml'),
          range: { start: { line: badLine, character: 0 }, end: { line: badLine, character: 1 } },
          message: `file-not-utf8: ${why[0].toUpperCase()}${why.slice(1)}, so it is not analysed.`,
        },
      ]);
    });

    test('a folder: said so, with nothing to open as related information', () => {
      const d = checked('.alloy/briefs/folder.yaml');
      assert.equal(d.message, 'The brief at ".alloy/briefs/folder.yaml" cannot be used: the file cannot be read (it is a folder).');
      assert.equal(d.related, undefined);
    });

    test('too large: its size and the limit', () => {
      const d = checked('.alloy/briefs/huge.yaml');
      assert.equal(
        d.message,
        'The brief at ".alloy/briefs/huge.yaml" cannot be used: the file is too large (8.0 MiB; the limit is 8 MiB).',
      );
      assert.equal(d.related?.length, 1);
      assert.equal(d.related?.[0].message.split(':')[0], 'file-too-large');
    });
  });

  test('a request whose brief is missing still gets its own diagnostics', () => {
    const value = requestWith((v) => (v.brief.local_path = '.alloy/briefs/missing.yaml'));
    value.idempotency_key = 'sha256:' + 'c'.repeat(64);
    delete value.reporting;
    const { workspace } = memoryWorkspace({ [REQUEST_PATH]: requestJson(value) });
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, [
      { code: 'no-reporting', severity: 'warning', range: [0, 0, 0, 1] },
      { code: 'idempotency-key-mismatch', severity: 'error', range: [3, 21, 3, 94] },
      { code: 'brief-not-found', severity: 'error', range: [16, 18, 16, 46] },
    ]);
  });
});

describe('brief-invalid', () => {
  test('a brief with a schema error: related information points at it, in the brief file', () => {
    const brief = briefYaml((t) => t.replace('created_at: 2026-06-06T10:00:00-04:00', 'created_at: yesterday'));
    const request = requestJson(requestValue(expectedBriefDigest(briefDataOf(brief))));
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: brief, [REQUEST_PATH]: request });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-invalid', 'error', [16, 18, 16, 47]);
    assert.equal(
      d.message,
      'The brief has 1 error of its own; the first, on line 7: schema: "yesterday" is not an RFC 3339 date-time with an offset, e.g. 2026-06-06T10:05:00-04:00.',
    );
    assert.equal(d.related?.length, 1);
    const [related] = d.related!;
    assert.equal(related.file, BRIEF_PATH);
    assert.deepEqual(related.range, { start: { line: 6, character: 12 }, end: { line: 6, character: 21 } });
    assert.match(related.message, /^schema: "yesterday" is not an RFC 3339 date-time/);
  });

  test('a brief that does not parse: related information points at the syntax error', () => {
    const brief = BRIEF_YAML.replace('created_by: stacey\n', 'created_by: stacey\nstatus: draft\n');
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: brief, [REQUEST_PATH]: requestJson(requestValue()) });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-invalid', 'error', [16, 18, 16, 47]);
    assert.deepEqual(
      d.related?.map((r) => [
        r.file,
        r.range.start.line,
        r.range.start.character,
        r.range.end.line,
        r.range.end.character,
        r.message.split(':')[0],
      ]),
      [[BRIEF_PATH, 9, 0, 9, 6, 'syntax']],
    );
  });

  test('a brief whose own digest is stale (a warning) is not invalid', () => {
    const { workspace } = memoryWorkspace({
      [BRIEF_PATH]: briefYaml(undefined, 'sha256:' + 'b'.repeat(64)),
      [REQUEST_PATH]: requestJson(requestValue()),
    });
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
  });

  test('a local_path naming a file that is not a brief', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestNaming('.alloy/requests/run.json') });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-invalid', 'error', [16, 18, 16, 44]);
    assert.match(d.message, /not a Formation Brief/);
  });
});
