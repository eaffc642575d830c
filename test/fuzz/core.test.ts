// Property-based fuzzing through the core (coreRoute.ts): seeded, bounded, each failure printed
// with its seed, its input and the file it made.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fuzzInputArb, materialize } from './arbitraries';
import { checkThroughCore } from './coreRoute';
import { CORE_CANARY } from './coreWorkspace';
import { checkProperty, describeFailure } from './fuzzRun';

test('through the core: no throw, every range inside its document, ≤100 ms CPU, digest and key as computed independently, no canary', () => {
  let inputs = 0;
  checkProperty(
    fc.property(fuzzInputArb(), (input) => {
      inputs++;
      const file = materialize(input, 0, CORE_CANARY);
      const failures = checkThroughCore(file);
      assert.deepEqual(failures, [], describeFailure(input, file, failures));
    }),
    400,
  );
  assert.ok(inputs >= 400);
});
