// Usage problems and IO problems exit 2; help and version exit 0.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import packageJson from '../../package.json';
import { HELP_TEXT } from '../../server/src/cli/helpText';
import { makeTempDir, removeTempDir, runInProcess, spawnCli } from './cliHarness';

const HINT = 'Run "alloy --help" for usage.\n';

test('usage problems exit 2 with the problem and a hint on stderr', async () => {
  const cases: [string[], string][] = [
    [[], 'no command given'],
    [['lint'], 'unknown command "lint"'],
    [['check', '--strict'], 'unknown option "--strict"'],
    [['check', '--format', 'xml'], 'unknown format "xml": use text, json, sarif'],
    [['check', '--format'], '--format needs a value: text, json, sarif'],
    [['digest'], '"digest" needs exactly one file'],
    [['key', 'a.json', 'b.json'], '"key" needs exactly one file'],
    [['digest', 'a.yaml', '--format', 'json'], '"digest" does not take --format'],
    [['check', '--wait'], '"check" does not take --wait'],
    [['submit'], '"submit" needs at least one request file'],
    [['submit', 'r.json', '--format', 'sarif'], 'unknown format "sarif" for "submit": use text, json'],
    [['submit', 'r.json', '--transport', 'carrier-pigeon'], '--transport must be http or foundry-cli, not "carrier-pigeon"'],
    [['submit', 'r.json', '--max-attempts', '0'], '--max-attempts must be a whole number from 1 to 20, not "0"'],
    [['submit', 'r.json', '--max-attempts=2.5'], '--max-attempts must be a whole number from 1 to 20, not "2.5"'],
    [['submit', 'r.json', '--timeout-ms', '50'], '--timeout-ms must be a whole number from 100 to 3600000, not "50"'],
    [
      ['submit', 'r.json', '--transport', 'foundry-cli', '--timeout-ms', '500'],
      '--timeout-ms must be a whole number from 1000 to 3600000, not "500"',
    ],
    [['submit', 'r.json', '--wait-timeout', '5000'], '--wait-timeout needs --wait'],
    [['submit', 'r.json', '--wait', '--wait-timeout', '10'], '--wait-timeout must be a whole number from 1000 to 86400000, not "10"'],
    [['submit', 'r.json', '--foundry', '/bin/foundry'], '--foundry applies to --transport foundry-cli'],
    [
      ['submit', 'r.json', '--transport', 'foundry-cli', '--endpoint', 'https://x'],
      '--endpoint applies to the http transport, not foundry-cli',
    ],
    [['submit', 'r.json', '--endpoint'], '--endpoint needs a value'],
    [['submit', 'r.json', '--yes=1'], 'unknown option "--yes=1"'],
    [
      ['submit', '--resend', 'sha256:12345678', '--endpoint', 'https://x'],
      '--endpoint cannot be combined with --resend (the recorded endpoint and transport are used)',
    ],
    [['submit', '--resend', 'sha256:12345678', '--wait'], '--wait cannot be combined with --resend'],
    [['resend'], '"resend" needs exactly one key (or an unambiguous key prefix)'],
    [['resend', 'a', 'b'], '"resend" needs exactly one key (or an unambiguous key prefix)'],
    [['resend', 'k', '--endpoint', 'https://x'], '"resend" does not take --endpoint'],
    [['resend', 'k', '--wait'], '"resend" does not take --wait'],
    [['submissions', 'x'], '"submissions" takes no operands (it lists the whole ledger), not "x"'],
    [['submissions', '--yes'], '"submissions" does not take --yes'],
  ];
  for (const [args, problem] of cases) {
    assert.deepEqual(await runInProcess(args), { code: 2, stdout: '', stderr: `alloy: ${problem}\n${HINT}` }, args.join(' '));
  }
});

test('the built program exits 2 on a usage problem', () => {
  assert.deepEqual(spawnCli(['frobnicate']), { code: 2, stdout: '', stderr: `alloy: unknown command "frobnicate"\n${HINT}` });
});

test('missing paths and files of another kind are IO/usage problems (exit 2), nothing is checked', async () => {
  assert.deepEqual(spawnCli(['check', 'examples/checkout-service', 'no/such/place']), {
    code: 2,
    stdout: '',
    stderr: 'alloy: no/such/place: no such file or folder\n',
  });
  assert.deepEqual(await runInProcess(['check', 'README.md']), {
    code: 2,
    stdout: '',
    stderr: 'alloy: README.md: not a .json, .yaml or .yml file\n',
  });
  assert.deepEqual(await runInProcess(['digest', 'missing.yaml']), { code: 2, stdout: '', stderr: 'alloy: missing.yaml: no such file\n' });
  assert.deepEqual(await runInProcess(['key', 'examples']), {
    code: 2,
    stdout: '',
    stderr: 'alloy: examples: not a .json, .yaml or .yml file\n',
  });
});

test('a file over 8 MiB or not a regular file gets a diagnostic at its start saying why (exit 1)', () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy', 'requests'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.alloy', 'requests', 'huge.json'), ' '.repeat(9 * 1024 * 1024));
    execFileSync('mkfifo', [path.join(dir, '.alloy', 'requests', 'pipe.json')]);
    const run = spawnCli(['check'], dir);
    assert.deepEqual(run, {
      code: 1,
      stdout:
        '.alloy/requests/huge.json:1:1: error file-too-large The file is too large (9.0 MiB; the limit is 8 MiB), so it is not analysed.\n' +
        '.alloy/requests/pipe.json:1:1: error file-unreadable The file cannot be read (not a regular file), so it is not analysed.\n',
      stderr: '2 errors, 0 warnings in 2 files\n',
    });
    const json = spawnCli(['check', '--format', 'json', '.alloy/requests/huge.json'], dir);
    assert.equal(json.code, 1);
    assert.deepEqual(
      JSON.parse(json.stdout).map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column]),
      [['file-too-large', 1, 1]],
    );
  } finally {
    removeTempDir(dir);
  }
});

test("--help and help print the usage; --version prints package.json's version", async () => {
  assert.deepEqual(await runInProcess(['--help']), { code: 0, stdout: HELP_TEXT, stderr: '' });
  assert.deepEqual(await runInProcess(['help']), { code: 0, stdout: HELP_TEXT, stderr: '' });
  assert.deepEqual(await runInProcess(['check', '-h']), { code: 0, stdout: HELP_TEXT, stderr: '' });
  assert.match(HELP_TEXT, /^Usage: alloy <command> \[options\]\n/);
  assert.deepEqual(spawnCli(['--version']), { code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
});
