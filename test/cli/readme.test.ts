// The README's facts that the code can vouch for: the codes table, the quick start, and the
// example output it quotes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import { HELP_TEXT } from '../../server/src/cli/helpText';
import { SUBMIT_VALUE_OPTIONS } from '../../server/src/cli/submitArguments';
import { REPO_ROOT, runInProcess } from './cliHarness';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

test('the diagnostic codes table lists every code with its severity and documentation, in order', () => {
  const rows = README.split('\n').filter((line) => /^\| `[a-z0-9-]+` \| (error|warning|info|hint) \| /.test(line));
  assert.deepEqual(
    rows,
    Object.entries(DIAGNOSTIC_CODES).map(([code, { severity, doc }]) => `| \`${code}\` | ${severity} | ${doc} |`),
  );
});

test('the quick start is npm ci and npm run demo, then the example check and the tests', () => {
  const quickStart = README.slice(README.indexOf('## Quick start'), README.indexOf('## Diagnostic codes'));
  assert.match(quickStart, /^On a fresh clone, with Node.js 20 or later:\n\n```sh\nnpm ci\nnpm run demo\n```\n/m);
  assert.match(quickStart, /```sh\nnpm run check:example\nnpm test\n```/);
  const scripts = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
  assert.equal(scripts['check:example'], 'npm run build && node dist/cli.js check examples/checkout-service');
  assert.equal(scripts.demo, 'npm run build && tsx server/src/devIntake/demo.ts');
  assert.ok(fs.existsSync(path.join(REPO_ROOT, 'server', 'src', 'devIntake', 'demo.ts')));
});

test('the README and the help text name every command and option of the submission commands', () => {
  const cli = README.slice(README.indexOf('## The CLI'), README.indexOf('## Using the server from another editor'));
  for (const name of [
    '### `alloy submit`',
    '### `alloy submissions`',
    '### `alloy resend`',
    '### The ledger',
    'server/src/devIntake/README.md',
  ]) {
    assert.ok(cli.includes(name), name);
  }
  for (const option of [...SUBMIT_VALUE_OPTIONS, '--yes', '--wait', '--format']) {
    assert.ok(cli.includes(option), `README: ${option}`);
    assert.ok(HELP_TEXT.includes(option), `help: ${option}`);
  }
  for (const variable of ['ALLOY_TOKEN', 'ALLOY_ENDPOINT', 'ALLOY_LEDGER', 'XDG_STATE_HOME', 'HTTPS_PROXY', 'NO_PROXY']) {
    assert.ok(cli.includes(variable), `README: ${variable}`);
    assert.ok(HELP_TEXT.includes(variable), `help: ${variable}`);
  }
  // The test-only pause points stay out of the documentation.
  assert.ok(!HELP_TEXT.includes('ALLOY_TEST_PAUSE') && !cli.includes('ALLOY_TEST_PAUSE'));
});

test('the output the README quotes is what the example workspace produces', async () => {
  const run = await runInProcess(['check', 'examples/checkout-service']);
  const summary = run.stderr.trim();
  assert.ok(README.includes(`followed by a summary such as \`${summary}\``), summary);
  const quoted = README.split('\n')
    .find((line) => line.trim().startsWith('examples/checkout-service/.alloy/'))!
    .trim();
  assert.ok(run.stdout.split('\n').includes(quoted), quoted);
});
