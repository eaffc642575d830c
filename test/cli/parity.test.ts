// Same core, same results: `alloy check --format json` reports exactly what AlloyWorkspace.check
// (the server's analysis) finds, for every file of the example workspace.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { nodeFileSystem } from '../../server/src/core/workspace/nodeFileSystem';
import { EXAMPLE, exampleFiles, runInProcess } from './cliHarness';

test('every example file: CLI json output equals the workspace diagnostics', async () => {
  const files = exampleFiles();
  assert.equal(files.length, 20);
  const all: unknown[] = [];
  for (const file of files) {
    const workspace = new AlloyWorkspace(nodeFileSystem, [EXAMPLE]);
    const expected = workspace.check(path.join(EXAMPLE, file)).diagnostics.map((d) => ({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    }));
    const run = await runInProcess(['check', file, '--format', 'json'], EXAMPLE);
    assert.deepEqual(JSON.parse(run.stdout), expected, file);
    assert.equal(run.code, expected.some((d) => d.severity === 'error') ? 1 : 0, file);
    all.push(...expected);
  }
  // Checking the whole folder at once gives the same list, file by file in sorted order.
  assert.deepEqual(JSON.parse((await runInProcess(['check', '--format', 'json'], EXAMPLE)).stdout), all);
});
