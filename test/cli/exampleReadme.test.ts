// examples/checkout-service/README.md says which codes each example file produces; hold it to that.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import { EXAMPLE, exampleFiles, runInProcess } from './cliHarness';

test('the example README lists every example file with exactly the codes it produces', async () => {
  const readme = fs.readFileSync(path.join(EXAMPLE, 'README.md'), 'utf8');
  const documented = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const cells = line.split(' | ');
    const file = /^\| `([^`]+\.(?:json|yaml))`$/.exec(cells[0])?.[1];
    if (!file) continue;
    const codes = [...cells[cells.length - 1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((c) => c in DIAGNOSTIC_CODES);
    documented.set(file, [...new Set(codes)].sort());
  }
  const actual = new Map<string, string[]>();
  for (const file of exampleFiles()) {
    const run = await runInProcess(['check', file, '--format', 'json'], EXAMPLE);
    const codes = (JSON.parse(run.stdout) as { code: string }[]).map((d) => d.code);
    actual.set(path.basename(file), [...new Set(codes)].sort());
  }
  assert.deepEqual(documented, actual);
});
