// Usage problems and IO problems exit 2; help and version exit 0.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import packageJson from '../../package.json';
import { HELP_TEXT } from '../../server/src/cli/helpText';
import { makeTempDir, removeTempDir, runInProcess, spawnCli } from './cliHarness';

const HINT = 'Run "alloy --help" for usage.\n';

test('usage problems exit 2 with the problem and a hint on stderr', () => {
  const cases: [string[], string][] = [
    [[], 'no command given'],
    [['lint'], 'unknown command "lint"'],
    [['check', '--strict'], 'unknown option "--strict"'],
    [['check', '--format', 'xml'], 'unknown format "xml": use text, json, sarif'],
    [['check', '--format'], '--format needs a value: text, json, sarif'],
    [['digest'], '"digest" needs exactly one file'],
    [['key', 'a.json', 'b.json'], '"key" needs exactly one file'],
    [['digest', 'a.yaml', '--format', 'json'], '--format applies to "check" only'],
  ];
  for (const [args, problem] of cases) {
    assert.deepEqual(runInProcess(args), { code: 2, stdout: '', stderr: `alloy: ${problem}\n${HINT}` }, args.join(' '));
  }
});

test('the built program exits 2 on a usage problem', () => {
  assert.deepEqual(spawnCli(['frobnicate']), { code: 2, stdout: '', stderr: `alloy: unknown command "frobnicate"\n${HINT}` });
});

test('missing paths and files of another kind are IO/usage problems (exit 2), nothing is checked', () => {
  assert.deepEqual(spawnCli(['check', 'examples/checkout-service', 'no/such/place']), {
    code: 2,
    stdout: '',
    stderr: 'alloy: no/such/place: no such file or folder\n',
  });
  assert.deepEqual(runInProcess(['check', 'README.md']), { code: 2, stdout: '', stderr: 'alloy: README.md: not a .json, .yaml or .yml file\n' });
  assert.deepEqual(runInProcess(['digest', 'missing.yaml']), { code: 2, stdout: '', stderr: 'alloy: missing.yaml: no such file\n' });
  assert.deepEqual(runInProcess(['key', 'examples']), { code: 2, stdout: '', stderr: 'alloy: examples: not a .json, .yaml or .yml file\n' });
});

test('a file that cannot be read is reported and makes the exit code 2', () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy', 'requests'), { recursive: true });
    // Files over 8 MiB are refused by the file-system host, like unreadable ones.
    fs.writeFileSync(path.join(dir, '.alloy', 'requests', 'huge.json'), ' '.repeat(9 * 1024 * 1024));
    const run = spawnCli(['check'], dir);
    assert.deepEqual(run, { code: 2, stdout: '', stderr: 'alloy: .alloy/requests/huge.json: cannot read this file\n0 errors, 0 warnings in 0 files\n' });
  } finally {
    removeTempDir(dir);
  }
});

test('--help and help print the usage; --version prints package.json\'s version', () => {
  assert.deepEqual(runInProcess(['--help']), { code: 0, stdout: HELP_TEXT, stderr: '' });
  assert.deepEqual(runInProcess(['help']), { code: 0, stdout: HELP_TEXT, stderr: '' });
  assert.deepEqual(runInProcess(['check', '-h']), { code: 0, stdout: HELP_TEXT, stderr: '' });
  assert.match(HELP_TEXT, /^Usage: alloy <command> \[options\]\n/);
  assert.deepEqual(spawnCli(['--version']), { code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
});
