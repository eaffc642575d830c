// The repository root of a file (SPEC §1) and brief path resolution that never leaves it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { nodeFileSystem } from '../../server/src/core/workspace/nodeFileSystem';
import { repositoryRoot, resolveBriefPath } from '../../server/src/core/workspace/repositoryPaths';
import { MemoryHost } from '../support/memoryHost';

describe('repositoryRoot', () => {
  const host = new MemoryHost({}, ['/a', '/a/sub']);

  test('the nearest ancestor holding .alloy/ wins over an outer one', () => {
    assert.equal(repositoryRoot('/a/sub/.alloy/requests/x.json', [], host), '/a/sub');
    assert.equal(repositoryRoot('/a/sub/deeper/still/x.json', [], host), '/a/sub');
    assert.equal(repositoryRoot('/a/.alloy/requests/y.json', [], host), '/a');
    assert.equal(repositoryRoot('/a/other/z.json', [], host), '/a');
  });

  test('without .alloy/, the innermost workspace folder holding the file', () => {
    assert.equal(repositoryRoot('/w/project/nested/x.json', ['/w', '/w/project'], host), '/w/project');
    assert.equal(repositoryRoot('/w/other/x.json', ['/w', '/w/project'], host), '/w');
  });

  test("with neither, the file's own folder", () => {
    assert.equal(repositoryRoot('/loose/x.json', ['/w'], host), '/loose');
  });
});

describe('resolveBriefPath (no links)', () => {
  const host = new MemoryHost({ '/repo/b.yaml': 'x', '/repo/.alloy/briefs/c.yaml': 'x' });

  test('"./a/../b.yaml" stays inside the root', () => {
    assert.deepEqual(resolveBriefPath('/repo', './a/../b.yaml', host), { kind: 'resolved', path: '/repo/b.yaml' });
  });

  test('a path to a file that does not exist yet still resolves (it is then not found)', () => {
    assert.deepEqual(resolveBriefPath('/repo', '.alloy/briefs/new.yaml', host), { kind: 'resolved', path: '/repo/.alloy/briefs/new.yaml' });
  });

  test('a folder whose name starts with two dots is still inside', () => {
    assert.deepEqual(resolveBriefPath('/repo', '..drafts/b.yaml', host), { kind: 'resolved', path: '/repo/..drafts/b.yaml' });
  });

  for (const localPath of ['a/../../x.yaml', '../repo-other/x.yaml', '..']) {
    test(`"${localPath}" escapes`, () => {
      const result = resolveBriefPath('/repo', localPath, host);
      assert.equal(result.kind, 'escapes');
      assert.match((result as { reason: string }).reason, /outside the repository root/);
    });
  }

  for (const localPath of ['/repo/b.yaml', 'C:\\briefs\\b.yaml', 'C:/briefs/b.yaml', '\\\\server\\share\\b.yaml']) {
    test(`absolute "${localPath}" is refused, even when it names a file inside the root`, () => {
      const result = resolveBriefPath('/repo', localPath, host);
      assert.equal(result.kind, 'escapes');
      assert.match((result as { reason: string }).reason, /is absolute/);
    });
  }
});

describe('resolveBriefPath through symbolic links (real file system)', () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-paths-')));
  after(() => fs.rmSync(base, { recursive: true, force: true }));
  const root = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, '.alloy', 'briefs'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(root, '.alloy', 'briefs', 'real.yaml'), 'x');
  fs.writeFileSync(path.join(outside, 'brief.yaml'), 'x');
  fs.symlinkSync(outside, path.join(root, 'escape-dir'));
  fs.symlinkSync(path.join(outside, 'brief.yaml'), path.join(root, 'escape-file.yaml'));
  fs.symlinkSync(path.join(root, '.alloy', 'briefs'), path.join(root, 'docs', 'briefs-dir'));
  fs.symlinkSync(path.join(root, '.alloy', 'briefs', 'real.yaml'), path.join(root, 'docs', 'alias.yaml'));
  fs.symlinkSync(root, path.join(base, 'repo-link'));
  // A chain: a link inside the root to another link inside the root that leads out.
  fs.symlinkSync(path.join(root, 'escape-dir'), path.join(root, 'docs', 'hop'));

  test('a symlinked directory leading outside escapes', () => {
    assert.equal(resolveBriefPath(root, 'escape-dir/brief.yaml', nodeFileSystem).kind, 'escapes');
  });

  test('a missing file under a symlinked directory leading outside escapes too', () => {
    assert.equal(resolveBriefPath(root, 'escape-dir/none/missing.yaml', nodeFileSystem).kind, 'escapes');
  });

  test('a symlinked file leading outside escapes', () => {
    assert.equal(resolveBriefPath(root, 'escape-file.yaml', nodeFileSystem).kind, 'escapes');
  });

  test('a chain of links that ends outside escapes', () => {
    assert.equal(resolveBriefPath(root, 'docs/hop/brief.yaml', nodeFileSystem).kind, 'escapes');
  });

  test('links inside the root that point inside the root are followed', () => {
    assert.deepEqual(resolveBriefPath(root, 'docs/alias.yaml', nodeFileSystem), {
      kind: 'resolved',
      path: path.join(root, 'docs', 'alias.yaml'),
    });
    assert.deepEqual(resolveBriefPath(root, 'docs/briefs-dir/real.yaml', nodeFileSystem), {
      kind: 'resolved',
      path: path.join(root, 'docs', 'briefs-dir', 'real.yaml'),
    });
  });

  test('a root reached through a symlink still accepts its own files', () => {
    const linkedRoot = path.join(base, 'repo-link');
    assert.deepEqual(resolveBriefPath(linkedRoot, '.alloy/briefs/real.yaml', nodeFileSystem), {
      kind: 'resolved',
      path: path.join(linkedRoot, '.alloy', 'briefs', 'real.yaml'),
    });
    assert.equal(resolveBriefPath(linkedRoot, 'escape-dir/brief.yaml', nodeFileSystem).kind, 'escapes');
  });

  test('the root of a file on disk is the folder holding .alloy/', () => {
    assert.equal(repositoryRoot(path.join(root, '.alloy', 'briefs', 'real.yaml'), [], nodeFileSystem), root);
  });
});
