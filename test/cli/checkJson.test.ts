// `alloy check --format json`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInProcess, spawnCli } from './cliHarness';

const P = 'examples/checkout-service/.alloy';

test('json output: a pretty-printed array of the eight documented fields', () => {
  const run = spawnCli(['check', 'examples/checkout-service', '--format', 'json']);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, '', 'no summary on stderr for machine formats');
  assert.ok(run.stdout.endsWith(']\n'));
  const entries = JSON.parse(run.stdout) as Record<string, unknown>[];
  assert.equal(run.stdout, JSON.stringify(entries, null, 2) + '\n');
  assert.equal(entries.length, 28);
  for (const entry of entries) {
    assert.deepEqual(Object.keys(entry), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
  }
  assert.deepEqual(
    entries.find((e) => e.code === 'digest-mismatch'),
    {
      file: `${P}/requests/broken-digest-mismatch.json`,
      line: 16,
      column: 15,
      endLine: 16,
      endColumn: 88,
      severity: 'error',
      code: 'digest-mismatch',
      message:
        'brief.digest does not match the brief: its content hashes to sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa.',
    },
  );
  // An unknown member is reported on its key, quotes included.
  assert.deepEqual(
    entries.find((e) => e.code === 'unknown-property'),
    {
      file: `${P}/requests/broken-schema.json`,
      line: 32,
      column: 5,
      endLine: 32,
      endColumn: 28,
      severity: 'warning',
      code: 'unknown-property',
      message: 'Property "trace_sumary_required" is not defined in v1. Did you mean "trace_summary_required"?',
    },
  );
});

test('json output of a clean run is an empty array', async () => {
  const run = await runInProcess(['check', `${P}/requests/checkout-payment.json`, '--format=json']);
  assert.deepEqual(run, { code: 0, stdout: '[]\n', stderr: '' });
});
