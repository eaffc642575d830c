// Property-based fuzzing through the built CLI and the server's start-up scan (processRoutes.ts):
// batches of generated files in temporary repositories, seeded and bounded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fuzzBatchArb } from './arbitraries';
import { checkBatchThroughPrograms } from './processRoutes';
import { checkAsyncProperty, describeFailure } from './fuzzRun';

test('through dist/cli.js: exit 0 or 1, nothing on stderr, ranges inside, no canary; the server scanning the same files publishes the same', async () => {
  let files = 0;
  await checkAsyncProperty(
    fc.asyncProperty(fuzzBatchArb(20, 30), async (batch) => {
      const { failures, inputs } = await checkBatchThroughPrograms(batch, [], 'scan');
      files += inputs;
      assert.deepEqual(failures, [], describeFailure(batch, undefined, failures));
    }),
    3,
  );
  assert.ok(files >= 60);
});
