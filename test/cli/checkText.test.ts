// `alloy check` with the default text format, on the example workspace.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import { READ_CODES } from './cliHarness';
import { EXAMPLE, runInProcess, spawnCli } from './cliHarness';

const GOLDEN = path.join(__dirname, 'golden', 'check-example.txt');
const P = 'examples/checkout-service/.alloy';

test('text output of the example workspace equals the golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
  const run = spawnCli(['check', 'examples/checkout-service']);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GOLDEN, run.stdout);
  assert.equal(run.stdout, fs.readFileSync(GOLDEN, 'utf8'));
  assert.equal(run.code, 1);
});

test('text lines: path:line:col: severity code message, files sorted, positions in order', async () => {
  const { stdout, stderr, code } = await runInProcess(['check', 'examples/checkout-service']);
  assert.equal(code, 1);
  const lines = stdout.split('\n');
  assert.equal(lines.pop(), '', 'stdout ends with a newline');
  assert.ok(
    lines.includes(
      `${P}/requests/broken-digest-mismatch.json:16:15: error digest-mismatch brief.digest does not match the brief: ` +
        'its content hashes to sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa.',
    ),
  );
  assert.ok(
    lines.includes(
      `${P}/requests/broken-path-escape.json:17:19: error brief-path-escapes-root "../../outside.yaml" leads outside the repository root; the brief is not read.`,
    ),
  );
  assert.ok(
    lines.includes(
      `${P}/requests/broken-reporting-missing.json:1:1: warning no-reporting No "reporting" block: Foundry will not send results back for this request.`,
    ),
  );
  const placeholders = lines.filter((l) => l.startsWith(`${P}/requests/broken-placeholders.json:`));
  assert.deepEqual(
    placeholders.map((l) => l.split(' ').slice(0, 3).join(' ')),
    [`${P}/requests/broken-placeholders.json:4:22: error placeholder`, `${P}/requests/broken-placeholders.json:16:15: error placeholder`],
  );
  // The cross-file request: every disagreement with its brief, in position order.
  const crossFile = lines
    .filter((l) => l.startsWith(`${P}/requests/broken-cross-file.json:`))
    .map((l) => l.split(' ').slice(0, 3).join(' ').replace(`${P}/requests/broken-cross-file.json:`, ''));
  assert.deepEqual(crossFile, [
    '5:17: error project-mismatch',
    '11:15: warning mutating-on-shared-branch',
    '14:11: error brief-id-mismatch',
    '15:16: error brief-version-mismatch',
    '20:20: warning brief-runtime-differs',
    '21:17: warning throttle-exceeds-brief',
    '22:5: warning brief-runtime-differs',
  ]);
  // Files in sorted order; the valid files do not appear.
  const files = lines.map((l) => l.slice(0, l.indexOf(':')));
  assert.deepEqual(files, [...files].sort());
  assert.ok(!files.includes(`${P}/requests/checkout-payment.json`));
  assert.ok(!files.includes(`${P}/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml`));
  // The summary goes to stderr only, and counts what stdout lists.
  const severities = lines.map((l) => l.split(' ')[1]);
  assert.equal(severities.filter((s) => s === 'error').length, 19);
  assert.equal(severities.filter((s) => s === 'warning').length, 9);
  assert.equal(stderr, '19 errors, 9 warnings in 20 files\n');
});

test('every diagnostic code appears somewhere in the example workspace', async () => {
  const { stdout } = await runInProcess(['check', 'examples/checkout-service']);
  const seen = new Set(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[2]),
  );
  assert.deepEqual(
    [...seen].sort(),
    Object.keys(DIAGNOSTIC_CODES)
      .filter((c) => !READ_CODES.includes(c))
      .sort(),
  );
});

test('a clean file prints nothing on stdout and exits 0, warnings alone exit 0', () => {
  const clean = spawnCli(['check', 'examples/checkout-service/.alloy/requests/checkout-payment.json']);
  assert.deepEqual(clean, { code: 0, stdout: '', stderr: '0 errors, 0 warnings in 1 file\n' });
  const warningsOnly = spawnCli(['check', 'examples/checkout-service/.alloy/requests/broken-callback-mismatch.json']);
  assert.equal(warningsOnly.code, 0);
  assert.equal(warningsOnly.stdout.split('\n').length, 2);
  assert.match(
    warningsOnly.stdout,
    /^examples\/checkout-service\/\.alloy\/requests\/broken-callback-mismatch\.json:32:21: warning callback-mismatch /,
  );
  assert.equal(warningsOnly.stderr, '0 errors, 1 warning in 1 file\n');
});

test('paths are relative to the working directory, and the default path is "."', () => {
  const run = spawnCli(['check'], EXAMPLE);
  assert.equal(run.code, 1);
  const golden = fs.readFileSync(GOLDEN, 'utf8');
  assert.equal(run.stdout, golden.split('examples/checkout-service/').join(''));
});

test('folders are searched only inside .alloy/, explicit files are checked wherever they are', async () => {
  // The example README and the repository's own JSON files are not Alloy files: only .alloy/ is searched.
  const folder = await runInProcess(['check', 'examples']);
  assert.equal(folder.stderr, (await runInProcess(['check', 'examples/checkout-service'])).stderr);
  // An explicit file outside .alloy/ is analysed by its schema_version.
  const explicit = await runInProcess(['check', 'package.json']);
  assert.deepEqual(explicit, { code: 0, stdout: '', stderr: '0 errors, 0 warnings in 1 file\n' });
});
