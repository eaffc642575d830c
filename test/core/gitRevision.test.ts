// Reading HEAD from `.git` over the file-system port (readGitHead), on repositories built by the
// real git: loose and packed refs, a detached HEAD, symbolic refs, linked worktrees and `.git`
// files, and refusals for anything outside the root, an empty repository and hostile HEADs. Every
// path the host is asked about lies inside the root.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { readGitHead } from '../../server/src/core/workspace/gitRevision';
import { isInside } from '../../server/src/core/workspace/repositoryPaths';
import { nodeFileSystem } from '../../server/src/core/workspace/nodeFileSystem';
import { git, initRepo, RecordingHost, tempDir } from '../support/gitRepo';

const base = tempDir();
after(() => fs.rmSync(base, { recursive: true, force: true }));

let count = 0;
function fresh(name: string): string {
  return path.join(base, `${++count}-${name}`);
}

/** readGitHead through a recording host, asserting that nothing outside `root` was looked at. */
function headOf(root: string) {
  const host = new RecordingHost(nodeFileSystem);
  const head = readGitHead(root, host);
  const outside = host.touched.filter((p) => !isInside(root, p));
  assert.deepEqual(outside, [], 'no path outside the root is looked at');
  return { head, reads: host.reads.map((p) => path.relative(root, p)) };
}

describe('readGitHead on real repositories', () => {
  test('a branch with a loose ref: its commit and name, reading HEAD and refs/heads/<branch> only', () => {
    const root = fresh('loose');
    initRepo(root);
    const { head, reads } = headOf(root);
    assert.deepEqual(head, { ok: true, revision: git(root, 'rev-parse', 'HEAD'), branch: 'main', gitDir: path.join(root, '.git') });
    assert.deepEqual(reads, ['.git/commondir', '.git/HEAD', '.git/refs/heads/main']);
  });

  test('a branch name with slashes (alloy/checkout) is found in its folder', () => {
    const root = fresh('slashes');
    initRepo(root, { branch: 'alloy/checkout' });
    const { head } = headOf(root);
    assert.equal(head.ok && head.branch, 'alloy/checkout');
    assert.equal(head.ok && head.revision, git(root, 'rev-parse', 'HEAD'));
  });

  test('packed refs (git pack-refs --all, annotated tags with peeled lines): the branch is read from packed-refs', () => {
    const root = fresh('packed');
    initRepo(root);
    git(root, 'tag', '-a', '-m', 'release', 'v1');
    git(root, 'branch', 'other');
    fs.writeFileSync(path.join(root, 'b.txt'), 'b\n');
    git(root, 'commit', '-q', '-am', 'second', '--allow-empty');
    git(root, 'pack-refs', '--all');
    assert.equal(fs.existsSync(path.join(root, '.git/refs/heads/main')), false, 'the loose ref is gone');
    const packed = fs.readFileSync(path.join(root, '.git/packed-refs'), 'utf8');
    assert.match(packed, /^\^[0-9a-f]{40}$/m, 'packed-refs has a peeled line');
    const { head, reads } = headOf(root);
    assert.deepEqual(head, { ok: true, revision: git(root, 'rev-parse', 'HEAD'), branch: 'main', gitDir: path.join(root, '.git') });
    assert.notEqual(head.ok && head.revision, git(root, 'rev-parse', 'other'));
    assert.deepEqual(reads, ['.git/commondir', '.git/HEAD', '.git/refs/heads/main', '.git/packed-refs']);
  });

  test('a loose ref wins over a stale packed-refs line (as in git)', () => {
    const root = fresh('loose-over-packed');
    initRepo(root);
    git(root, 'pack-refs', '--all');
    git(root, 'commit', '-q', '--allow-empty', '-m', 'after packing');
    const { head } = headOf(root);
    assert.equal(head.ok && head.revision, git(root, 'rev-parse', 'HEAD'));
    assert.notEqual(head.ok && head.revision, git(root, 'rev-parse', 'HEAD~1'));
  });

  test('a detached HEAD: the commit, and no branch', () => {
    const root = fresh('detached');
    initRepo(root);
    git(root, 'commit', '-q', '--allow-empty', '-m', 'second');
    git(root, 'checkout', '-q', '--detach', 'HEAD~1');
    const { head, reads } = headOf(root);
    assert.deepEqual(head, { ok: true, revision: git(root, 'rev-parse', 'HEAD'), branch: undefined, gitDir: path.join(root, '.git') });
    assert.deepEqual(reads, ['.git/commondir', '.git/HEAD']);
  });

  test('a symbolic ref on the way (HEAD → refs/heads/alias → refs/heads/main) is followed', () => {
    const root = fresh('symref');
    initRepo(root);
    git(root, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    git(root, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
    const { head } = headOf(root);
    assert.deepEqual(head.ok && [head.revision, head.branch], [git(root, 'rev-parse', 'main'), 'alias']);
  });

  test('an empty repository (no commit yet) is refused: git-no-commit', () => {
    const root = fresh('empty');
    initRepo(root, { commit: false });
    const { head } = headOf(root);
    assert.deepEqual(head, {
      ok: false,
      code: 'git-no-commit',
      message: 'HEAD is on branch "main", which has no commit yet: commit first.',
    });
  });

  test('no .git at the root: git-not-found, even when a parent folder is a repository', () => {
    const outer = fresh('outer');
    initRepo(outer);
    const root = path.join(outer, 'service');
    fs.mkdirSync(root);
    const { head } = headOf(root);
    assert.equal(head.ok, false);
    assert.equal(!head.ok && head.code, 'git-not-found');
    assert.equal(
      !head.ok && head.message,
      `There is no .git at the repository root ${root}, so repo.revision and repo.branch cannot be read.`,
    );
  });
});

describe('readGitHead: .git files and linked worktrees', () => {
  test('a linked worktree whose git folder is outside the root is refused (git-outside-root), nothing read there', () => {
    const main = fresh('main');
    initRepo(main);
    const worktree = fresh('worktree');
    git(main, 'worktree', 'add', '-q', '-b', 'alloy/wt', worktree);
    const { head, reads } = headOf(worktree);
    assert.equal(head.ok, false);
    assert.equal(!head.ok && head.code, 'git-outside-root');
    assert.match(
      !head.ok ? head.message : '',
      /\.git names the git folder ".*worktrees\/.*" \(a linked worktree or a submodule\), but ".*" is outside the repository root .*; Alloy never reads outside it\.$/,
    );
    assert.deepEqual(reads, ['.git']);
  });

  test('a linked worktree whose git folders lie inside the root: HEAD from the worktree, the branch from the common folder', () => {
    const parent = fresh('nested');
    fs.mkdirSync(parent);
    const main = path.join(parent, 'main');
    initRepo(main);
    const worktree = path.join(parent, 'wt');
    git(main, 'worktree', 'add', '-q', '-b', 'alloy/nested', worktree);
    git(worktree, 'commit', '-q', '--allow-empty', '-m', 'on the worktree branch');
    // Move the main repository inside the worktree and let git repair the links both ways.
    const moved = path.join(worktree, 'main');
    fs.renameSync(main, moved);
    git(moved, 'worktree', 'repair', worktree);
    assert.equal(git(worktree, 'rev-parse', '--abbrev-ref', 'HEAD'), 'alloy/nested', 'git itself reads the repaired worktree');
    const { head, reads } = headOf(worktree);
    assert.deepEqual(head, {
      ok: true,
      revision: git(worktree, 'rev-parse', 'HEAD'),
      branch: 'alloy/nested',
      gitDir: path.join(moved, '.git', 'worktrees', 'wt'),
    });
    assert.deepEqual(reads, [
      '.git',
      'main/.git/worktrees/wt/commondir',
      'main/.git/worktrees/wt/HEAD',
      'main/.git/refs/heads/alloy/nested',
    ]);
    // Packed, the branch comes from the common folder's packed-refs.
    git(worktree, 'pack-refs', '--all');
    const packed = headOf(worktree);
    assert.equal(packed.head.ok && packed.head.revision, git(worktree, 'rev-parse', 'HEAD'));
    assert.equal(packed.reads.at(-1), 'main/.git/packed-refs');
  });

  test('git init --separate-git-dir inside the root is followed; outside it, refused', () => {
    const root = fresh('separate-in');
    fs.mkdirSync(root);
    git(root, 'init', '-q', '-b', 'main', '--separate-git-dir', path.join(root, 'store'));
    git(root, 'commit', '-q', '--allow-empty', '-m', 'first');
    const inside = headOf(root);
    assert.deepEqual(inside.head, { ok: true, revision: git(root, 'rev-parse', 'HEAD'), branch: 'main', gitDir: path.join(root, 'store') });

    const other = fresh('separate-out');
    fs.mkdirSync(other);
    git(other, 'init', '-q', '-b', 'main', '--separate-git-dir', fresh('store-elsewhere'));
    git(other, 'commit', '-q', '--allow-empty', '-m', 'first');
    const outside = headOf(other);
    assert.equal(!outside.head.ok && outside.head.code, 'git-outside-root');
  });

  test('a .git that is a symbolic link to a folder outside the root is refused before anything is read', () => {
    const real = fresh('real');
    initRepo(real);
    const root = fresh('linked');
    fs.mkdirSync(root);
    fs.symlinkSync(path.join(real, '.git'), path.join(root, '.git'));
    const { head, reads } = headOf(root);
    assert.equal(!head.ok && head.code, 'git-outside-root');
    assert.match(!head.ok ? head.message : '', /leads through a symbolic link to ".*", outside the repository root/);
    assert.deepEqual(reads, []);
  });

  test('a ref file that is a symbolic link to a file outside the root is not read', () => {
    const root = fresh('ref-link');
    initRepo(root);
    const secret = path.join(fresh('secret'));
    fs.mkdirSync(secret);
    fs.writeFileSync(path.join(secret, 'id'), `${'a'.repeat(40)}\n`);
    fs.rmSync(path.join(root, '.git/refs/heads/main'));
    fs.symlinkSync(path.join(secret, 'id'), path.join(root, '.git/refs/heads/main'));
    const { head } = headOf(root);
    assert.equal(!head.ok && head.code, 'git-outside-root');
  });
});

describe('readGitHead: what git never writes', () => {
  test('a HEAD naming a path that climbs out (ref: refs/heads/../../../x) is refused as not a ref name', () => {
    const root = fresh('climb');
    initRepo(root);
    fs.writeFileSync(path.join(root, '.git/HEAD'), 'ref: refs/heads/../../../../etc/passwd\n');
    const { head, reads } = headOf(root);
    assert.deepEqual(head, {
      ok: false,
      code: 'git-unreadable',
      message: 'HEAD names "refs/heads/../../../../etc/passwd", which is not a ref name git writes.',
    });
    assert.deepEqual(reads, ['.git/commondir', '.git/HEAD']);
  });

  test('a HEAD with neither a commit id nor "ref:" is refused, naming the file', () => {
    const root = fresh('garbage');
    initRepo(root);
    fs.writeFileSync(path.join(root, '.git/HEAD'), 'hello\n');
    const { head } = headOf(root);
    assert.deepEqual(head, {
      ok: false,
      code: 'git-unreadable',
      message: `${path.join(root, '.git/HEAD')} holds neither a commit id nor "ref: …".`,
    });
  });

  test('a chain of symbolic refs longer than 5 is refused', () => {
    const root = fresh('chain');
    initRepo(root);
    for (let i = 0; i < 7; i++) fs.writeFileSync(path.join(root, `.git/refs/heads/s${i}`), `ref: refs/heads/s${i + 1}\n`);
    fs.writeFileSync(path.join(root, '.git/HEAD'), 'ref: refs/heads/s0\n');
    const { head } = headOf(root);
    assert.deepEqual(head, { ok: false, code: 'git-unreadable', message: 'refs/heads/s5 is a chain of more than 5 symbolic refs.' });
  });

  test('a .git file without a gitdir: line is refused', () => {
    const root = fresh('bad-dotgit');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, '.git'), 'nothing here\n');
    const { head } = headOf(root);
    assert.deepEqual(head, {
      ok: false,
      code: 'git-unreadable',
      message: `${path.join(root, '.git')} is a file without a "gitdir:" line.`,
    });
  });

  test('a reftable repository is refused as unsupported', () => {
    const root = fresh('reftable');
    initRepo(root);
    fs.mkdirSync(path.join(root, '.git/reftable'));
    const { head } = headOf(root);
    assert.deepEqual(head, {
      ok: false,
      code: 'git-unsupported',
      message: 'The repository keeps its refs in the reftable format, which Alloy does not read.',
    });
  });
});
