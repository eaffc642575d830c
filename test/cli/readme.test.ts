// The README's facts that the code can vouch for: the codes table, the quick start, and the
// example output it quotes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import { REPO_ROOT, runInProcess } from './cliHarness';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

test('the diagnostic codes table lists every code with its severity and documentation, in order', () => {
  const rows = README.split('\n').filter((line) => /^\| `[a-z-]+` \| (error|warning|info|hint) \| /.test(line));
  assert.deepEqual(
    rows,
    Object.entries(DIAGNOSTIC_CODES).map(([code, { severity, doc }]) => `| \`${code}\` | ${severity} | ${doc} |`),
  );
});

test('the quick start is the two commands', () => {
  const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Diagnostic codes'));
  assert.match(quickStart, /```sh\nnpm ci && npm run check:example\nnpm test\n```/);
  const scripts = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
  assert.equal(scripts['check:example'], 'npm run build && node dist/cli.js check examples/checkout-service');
});

test('the output the README quotes is what the example workspace produces', () => {
  const run = runInProcess(['check', 'examples/checkout-service']);
  const summary = run.stderr.trim();
  assert.ok(README.includes(`followed by a summary such as \`${summary}\``), summary);
  const quoted = README.split('\n')
    .find((line) => line.trim().startsWith('examples/checkout-service/.alloy/'))!
    .trim();
  assert.ok(run.stdout.split('\n').includes(quoted), quoted);
});
