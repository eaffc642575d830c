// `alloy fix` through YAML aliases (issue 14, finding 7), on temporary folders: an alias to the
// value itself is replaced by the right value; a value inside an alias to a collection is left as
// it is, with a line on stderr saying why, and the error that remains makes the exit code 1.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { BRIEF_DIGEST, BRIEF_YAML, requestValue } from '../core/fixtures';
import { makeTempDir, removeTempDir, spawnCli } from './cliHarness';

const BRIEF = '.alloy/briefs/checkout.yaml';

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
}

test('`digest: *who`: fix writes the digest in place of the alias; created_by keeps its value', () => {
  const dir = makeTempDir();
  try {
    const aliased = BRIEF_YAML.replace(/^digest: .*\n/m, '').replace('created_by: stacey\n', 'created_by: &who stacey\ndigest: *who\n');
    writeFiles(dir, { [BRIEF]: aliased });
    assert.deepEqual(spawnCli(['fix', '.'], dir), { code: 0, stdout: `fixed ${BRIEF}\n`, stderr: '' });
    assert.equal(fs.readFileSync(path.join(dir, BRIEF), 'utf8'), aliased.replace('digest: *who\n', `digest: ${BRIEF_DIGEST}\n`));
    assert.deepEqual(spawnCli(['check', '.'], dir), { code: 0, stdout: '', stderr: '0 errors, 0 warnings in 1 file\n' });
  } finally {
    removeTempDir(dir);
  }
});

test('`brief: *b` with a wrong digest inside: fix changes nothing, says so, and exits 1', () => {
  const dir = makeTempDir();
  try {
    const v = requestValue();
    const request = [
      `schema_version: ${v.schema_version}`,
      `request_id: ${v.request_id}`,
      `idempotency_key: "${v.idempotency_key}"`,
      `project_id: ${v.project_id}`,
      'x-brief: &b',
      '  id: brief_checkout_payment',
      '  version: 3',
      `  digest: "sha256:${'0'.repeat(64)}"`,
      '  local_path: .alloy/briefs/checkout.yaml',
      'brief: *b',
      '',
    ].join('\n');
    writeFiles(dir, { [BRIEF]: BRIEF_YAML, '.alloy/requests/run.yaml': request });
    const run = spawnCli(['fix', '.'], dir);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr.split('\n')[0],
      'alloy: .alloy/requests/run.yaml: brief.digest comes from a YAML alias to a collection; not changed (write the value in place of the alias)',
    );
    assert.match(run.stderr, /\n\d+ errors? remains? in 1 file; run "alloy check" to list them\n$/);
    assert.equal(run.code, 1);
    assert.equal(fs.readFileSync(path.join(dir, '.alloy/requests/run.yaml'), 'utf8'), request);
  } finally {
    removeTempDir(dir);
  }
});

test('a stale `digest: &d …` that `copy: *d` repeats: fix changes nothing and says why (a stale own digest is a warning: exit 0)', () => {
  const dir = makeTempDir();
  try {
    const stale = 'sha256:' + 'ab'.repeat(32);
    const text = BRIEF_YAML.replace(/^digest: .*$/m, `digest: &d ${stale}`).replace(
      'created_by: stacey\n',
      'created_by: stacey\ncopy: *d\n',
    );
    writeFiles(dir, { [BRIEF]: text });
    const run = spawnCli(['fix', BRIEF], dir);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^alloy: \.alloy\/briefs\/checkout\.yaml: digest is a YAML anchor that an alias uses elsewhere; not changed \(writing it would change the copies too: remove the anchor or the alias\)\n/,
    );
    assert.equal(fs.readFileSync(path.join(dir, BRIEF), 'utf8'), text);
  } finally {
    removeTempDir(dir);
  }
});
