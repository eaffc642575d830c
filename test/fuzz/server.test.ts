// Property-based fuzzing through the server over stdio (processRoutes.ts): each generated file
// opened, changed in full and incrementally (some closed again); the server answers after every
// input, and its last diagnostics equal the CLI's on the final texts. Seeded and bounded.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { editorScriptArb, fuzzBatchArb } from './arbitraries';
import { checkBatchThroughPrograms } from './processRoutes';
import { checkAsyncProperty, describeFailure } from './fuzzRun';

test('through the server: open, full and incremental changes answered every time, ranges inside, no canary, server = CLI on the final texts', async () => {
  let sent = 0;
  await checkAsyncProperty(
    fc.asyncProperty(fuzzBatchArb(12, 16), fc.array(editorScriptArb(), { minLength: 16, maxLength: 16 }), async (batch, scripts) => {
      const { failures, inputs } = await checkBatchThroughPrograms(batch, scripts, 'editor');
      sent += inputs;
      assert.deepEqual(failures, [], describeFailure([...batch, ...scripts.map((s) => s.editor)], undefined, failures));
    }),
    2,
  );
  assert.ok(sent >= 100);
});
