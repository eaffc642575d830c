// resolvedPath is path.resolve, skipping its work for a path already absolute and normal: held
// to path.resolve on every path of up to four segments drawn from the ones that normalising
// changes ('', '.', '..') and the ones it keeps ('...', '.a', 'a.', 'a'), with and without a
// trailing slash, absolute and relative.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolvedPath } from '../../server/src/core/workspace/resolvedPath';

const SEGMENTS = ['', '.', '..', '...', '.a', 'a.', 'a', 'b..c'];

function* paths(depth: number, prefix: string): Generator<string> {
  yield prefix;
  yield prefix + '/';
  if (depth === 0) return;
  for (const s of SEGMENTS) yield* paths(depth - 1, prefix + '/' + s);
}

test('resolvedPath gives what path.resolve gives', () => {
  let checked = 0;
  let kept = 0;
  for (const p of paths(4, '')) {
    for (const candidate of [p, p.slice(1), '/' + p]) {
      const expected = path.resolve(candidate);
      assert.equal(resolvedPath(candidate), expected, JSON.stringify(candidate));
      checked++;
      if (candidate === expected) kept++;
    }
  }
  assert.ok(checked > 20000 && kept > 500, `${checked} paths, ${kept} already normal`);
});
