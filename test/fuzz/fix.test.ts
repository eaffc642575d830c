// Property-based fuzzing through `alloy fix` (fixRoute.ts): seeded, bounded, each failure printed
// with its seed, its input and the file it made.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { fuzzInputArb, materialize } from './arbitraries';
import { checkThroughFix, FuzzRepository } from './fixRoute';
import { checkAsyncProperty, describeFailure } from './fuzzRun';

let repository: FuzzRepository;
before(() => {
  repository = new FuzzRepository();
});
after(() => repository.dispose());

test('through alloy fix: only the named digest and key values change, to independently computed values; bytes that are not UTF-8 are never rewritten', async () => {
  let inputs = 0;
  await checkAsyncProperty(
    fc.asyncProperty(fuzzInputArb(), async (input) => {
      inputs++;
      const file = materialize(input, 0, repository.canary);
      const failures = await checkThroughFix(repository, file);
      assert.deepEqual(failures, [], describeFailure(input, file, failures));
    }),
    250,
  );
  assert.ok(inputs >= 250);
});
