// The built CLI on a hostile brief and on its own faults (issue 14, finding 1): the 4.5 KB brief
// that overflowed the stack is one `syntax` error (exit 1, as for any error found); an error of
// the CLI itself, thrown in the run or outside it, is said on stderr and exits 2, never 1 ("errors
// found") nor an undocumented code.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI, EXAMPLE, makeTempDir, removeTempDir, spawnCli } from './cliHarness';

const NESTING = 'Nesting deeper than 128 levels: Alloy does not read data nested this deep';

for (const levels of [2250, 10_000]) {
  // 2,250 levels is the finding's file of 4.5 KB.
  test(`${levels} levels of compact sequences, then a dedent: one syntax error, in text and SARIF`, () => {
    const dir = makeTempDir();
    try {
      fs.mkdirSync(path.join(dir, '.alloy', 'briefs'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.alloy', 'briefs', 'deep.yaml'), '- '.repeat(levels) + 'x\n' + 'y\n');
      assert.deepEqual(spawnCli(['check'], dir), {
        code: 1,
        stdout: `.alloy/briefs/deep.yaml:1:257: error syntax ${NESTING}\n`,
        stderr: '1 error, 0 warnings in 1 file\n',
      });
      const sarif = spawnCli(['check', '--format', 'sarif'], dir);
      assert.equal(sarif.code, 1);
      assert.equal(sarif.stderr, '');
      const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; message: { text: string } }[];
      assert.deepEqual(
        results.map((r) => [r.ruleId, r.message.text]),
        [['syntax', NESTING]],
      );
    } finally {
      removeTempDir(dir);
    }
  });
}

test('a working folder that no longer exists: an internal error on stderr, exit 2', () => {
  const dir = makeTempDir();
  // The shell enters the folder and removes it, so Node starts in a folder that is gone.
  const run = spawnSync('/bin/sh', ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" check', 'sh', dir, process.execPath, CLI], {
    encoding: 'utf8',
  });
  assert.equal(fs.existsSync(dir), false);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^alloy: internal error: Error: ENOENT: no such file or directory, uv_cwd\n/);
  assert.equal(run.status, 2);
});

test('an error thrown inside the run (stdout fails to write): an internal error on stderr, exit 2', () => {
  const dir = makeTempDir();
  try {
    const preload = path.join(dir, 'failing-stdout.cjs');
    fs.writeFileSync(preload, "process.stdout.write = () => { const e = new Error('EIO: i/o error, write'); e.code = 'EIO'; throw e; };\n");
    const run = spawnSync(process.execPath, ['--require', preload, CLI, 'check'], { cwd: EXAMPLE, encoding: 'utf8' });
    assert.match(run.stderr, /^alloy: internal error: Error: EIO: i\/o error, write\n {4}at /);
    assert.equal(run.status, 2);
  } finally {
    removeTempDir(dir);
  }
});
