// normalPaths.ts gives node:path's answers, skipping its work for paths already absolute and
// normal: resolvedPath is held to path.resolve, and relativePath to path.relative, on every path of
// up to four segments drawn from the ones that normalising changes ('', '.', '..') and the ones it
// keeps ('...', '.a', 'a.', 'a'), with and without a trailing slash, absolute and relative; childPath
// to path.join for the names a folder listing gives.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { childPath, relativePath, resolvedPath } from '../../server/src/core/workspace/normalPaths';

const SEGMENTS = ['', '.', '..', '...', '.a', 'a.', 'a', 'b..c'];

function* paths(depth: number, prefix: string): Generator<string> {
  yield prefix;
  yield prefix + '/';
  if (depth === 0) return;
  for (const s of SEGMENTS) yield* paths(depth - 1, prefix + '/' + s);
}

const candidates = (): string[] => [...paths(4, '')].flatMap((p) => [p, p.slice(1), '/' + p]);

test('resolvedPath gives what path.resolve gives', () => {
  let checked = 0;
  let kept = 0;
  for (const candidate of candidates()) {
    const expected = path.resolve(candidate);
    assert.equal(resolvedPath(candidate), expected, JSON.stringify(candidate));
    checked++;
    if (candidate === expected) kept++;
  }
  assert.ok(checked > 20000 && kept > 500, `${checked} paths, ${kept} already normal`);
});

test('relativePath gives what path.relative gives, from folders normal or not', () => {
  const folders = ['/', '/a', '/a/', '/a/.', '/a/b', '/a/b/..', 'a', '/a.', '/...', '/a/a.'];
  let below = 0;
  for (const folder of folders) {
    for (const file of candidates()) {
      assert.equal(relativePath(folder, file), path.relative(folder, file), `${JSON.stringify(folder)} → ${JSON.stringify(file)}`);
      if (file.startsWith(folder + '/') && resolvedPath(file) === file) below++;
    }
  }
  assert.ok(below > 500, `only ${below} normal files below a folder`);
});

test('childPath gives what path.join gives for listed names', () => {
  for (const folder of ['/', '/a', '/a/b', path.resolve('x')]) {
    for (const name of ['a', '...', '.a', 'a.', 'node_modules', 'é 😀', 'a b']) {
      assert.equal(childPath(folder, name), path.join(folder, name));
    }
  }
});
