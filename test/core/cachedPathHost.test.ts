// The path cache's real paths (server/src/core/workspace/cachedPathHost.ts): an entry that is not a
// link is placed under its folder's real path with one lstat; links, missing entries and entries
// under a file are resolved by the host. Every answer equals realpath(3)'s, on a real tree with links.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { CachedPathHost } from '../../server/src/core/workspace/cachedPathHost';
import { nodeFileSystem } from '../../server/src/core/workspace/nodeFileSystem';
import type { PathHost } from '../../server/src/core/workspace/repositoryPaths';

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-paths-')));
after(() => fs.rmSync(base, { recursive: true, force: true }));

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

test('every real path equals realpath(3), through folder links, file links, dangling links and missing parts', () => {
  const repo = path.join(base, 'repo');
  fs.mkdirSync(path.join(repo, 'real', 'briefs'), { recursive: true });
  fs.mkdirSync(path.join(base, 'elsewhere'));
  fs.writeFileSync(path.join(repo, 'real', 'briefs', 'a.yaml'), 'a');
  fs.writeFileSync(path.join(base, 'elsewhere', 'b.yaml'), 'b');
  fs.symlinkSync(path.join(repo, 'real', 'briefs'), path.join(repo, 'briefs'));
  fs.symlinkSync(path.join(base, 'elsewhere', 'b.yaml'), path.join(repo, 'real', 'briefs', 'b.yaml'));
  fs.symlinkSync(path.join(base, 'nowhere.yaml'), path.join(repo, 'real', 'briefs', 'dangling.yaml'));
  fs.symlinkSync(path.join(base, 'elsewhere'), path.join(repo, 'out'));
  const paths = [
    'real/briefs/a.yaml',
    'briefs/a.yaml',
    'briefs/b.yaml',
    'real/briefs/b.yaml',
    'real/briefs/dangling.yaml',
    'out/b.yaml',
    'out',
    'briefs',
    'real/briefs/missing.yaml',
    'missing/deeper/c.yaml',
    'real/briefs/a.yaml/under-a-file.yaml',
    '',
  ].map((relative) => path.join(repo, relative));
  const cache = new CachedPathHost(nodeFileSystem);
  for (const p of [...paths, ...paths]) assert.equal(cache.realpath(p), realpathOrUndefined(p), p);
});

test('a plain file in a plain folder costs one lstat, not a realpath: 1,000 briefs, 1 realpath of their folder', () => {
  const folder = path.join(base, 'many', '.alloy', 'briefs');
  fs.mkdirSync(folder, { recursive: true });
  const files = Array.from({ length: 1000 }, (_, i) => path.join(folder, `brief_${i}.yaml`));
  for (const file of files) fs.writeFileSync(file, 'x');
  const asked: string[] = [];
  const counting: PathHost = {
    ...nodeFileSystem,
    realpath: (p) => {
      asked.push(p);
      return nodeFileSystem.realpath(p);
    },
  };
  const cache = new CachedPathHost(counting);
  for (const file of files) assert.equal(cache.realpath(file), file);
  assert.deepEqual(asked, [path.parse(base).root], 'only the file-system root is asked of the host; every folder below is a plain entry');
  // A host without the lstat keeps asking realpath, once per path.
  const plain = new CachedPathHost({ realpath: counting.realpath, isDirectory: counting.isDirectory });
  asked.length = 0;
  for (const file of files.slice(0, 10)) plain.realpath(file);
  assert.deepEqual(asked, files.slice(0, 10));
});
