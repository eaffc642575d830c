// The program: its options, and `main.ts` run as a child process: the one stdout line, a request
// log on stderr that never holds the token, a clean stop on SIGTERM, exit 2 on bad options.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { helpText, parseIntakeArgs } from '../../server/src/devIntake';
import { makeExampleRoot, makeTempDir, REPO_ROOT } from './exampleRoot';
import { answered, submit } from './httpClient';

const MAIN = path.join(REPO_ROOT, 'server', 'src', 'devIntake', 'main.ts');

test('options: defaults, both --name value and --name=value, repeatable --fault, and the token from the environment', () => {
  assert.deepEqual(parseIntakeArgs([], {}, '/work/repo'), { kind: 'run', options: { root: '/work/repo', faults: [], allowFull: false } });
  assert.deepEqual(
    parseIntakeArgs(
      [
        '--port=8787',
        '--host',
        '::1',
        '--root',
        'examples/x',
        '--state-dir=state',
        '--fault',
        'unavailable=2',
        '--fault=findings',
        '--allow-full',
      ],
      { ALLOY_INTAKE_TOKEN: 'from-env' },
      '/work/repo',
    ),
    {
      kind: 'run',
      options: {
        root: '/work/repo/examples/x',
        faults: ['unavailable=2', 'findings'],
        allowFull: true,
        port: 8787,
        host: '::1',
        stateDir: '/work/repo/state',
        token: 'from-env',
      },
    },
  );
  const withFlag = parseIntakeArgs(['--token', 'from-flag'], { ALLOY_INTAKE_TOKEN: 'from-env' }, '/r');
  assert.equal(withFlag.kind === 'run' && withFlag.options.token, 'from-flag');
  assert.deepEqual(parseIntakeArgs(['-h'], {}, '/r'), { kind: 'help' });
  assert.match(helpText(), /^ {2}unavailable-http-date {3}answer 503 with Retry-After as an HTTP date$/m);
});

test('options: every mistake is refused with a message', () => {
  const cases: [string[], string][] = [
    [['--host', '0.0.0.0'], '--host must be one of 127.0.0.1, ::1, localhost (loopback only); got "0.0.0.0".'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535; got "70000".'],
    [['--port', '-1'], '--port must be a whole number from 0 to 65535; got "-1".'],
    [['--port'], 'Option --port needs a value.'],
    [['--verbose'], 'Unknown option "--verbose". Run with --help for the options.'],
    [['--fault', 'slow-response'], 'Fault "slow-response" needs a value in milliseconds (a whole number ≥ 0), as in slow-response=500.'],
    [['--token', 'a b'], 'The token must not contain white space.'],
  ];
  for (const [argv, message] of cases) assert.deepEqual(parseIntakeArgs(argv, {}, '/r'), { kind: 'error', message }, argv.join(' '));
});

function waitForLine(stream: NodeJS.ReadableStream, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no line on stdout within ${timeoutMs} ms`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, newline));
      }
    });
  });
}

test('main.ts prints where it listens, logs each request on stderr without the token, and stops on SIGTERM with exit 0', async () => {
  const example = makeExampleRoot();
  const stateDir = makeTempDir('alloy-intake-main-');
  const token = 'tok_main_7c1d2e3f4a5b';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--root', example.root, '--port', '0', '--state-dir', stateDir, '--fault', 'error=1'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ALLOY_INTAKE_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await waitForLine(child.stdout, 20_000);
    const match = /^foundry dev intake listening on http:\/\/127\.0\.0\.1:(\d+)\/v1\/projects\/\{project_id\}\/execution-requests$/.exec(
      line,
    );
    assert.ok(match, line);
    const port = Number(match[1]);
    const body = example.paymentRequest(null);
    const auth = { Authorization: `Bearer ${token}` };
    assert.equal(answered(await submit(port, body, { extra: auth })).status, 500);
    assert.equal(answered(await submit(port, body)).status, 401);
    assert.equal(answered(await submit(port, body, { extra: { Authorization: `Bearer ${token}x` } })).status, 401);
    assert.equal(answered(await submit(port, body, { extra: auth })).status, 202);
    assert.equal(answered(await submit(port, body, { extra: auth })).status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(!stderr.includes(token), stderr);
    const requestLines = stderr.split('\n').filter((l) => l.startsWith('POST '));
    assert.deepEqual(
      requestLines.map((l) => l.replace(/ \(\d+ ms\)$/, '')),
      [
        'POST /v1/projects/checkout-service/execution-requests key=sha256:7833fa03… → 500 simulated-error',
        'POST /v1/projects/checkout-service/execution-requests key=sha256:7833fa03… → 401 unauthorized',
        'POST /v1/projects/checkout-service/execution-requests key=sha256:7833fa03… → 401 unauthorized',
        'POST /v1/projects/checkout-service/execution-requests key=sha256:7833fa03… → 202 run_d26885d2daf19302fb9ec8ba',
        'POST /v1/projects/checkout-service/execution-requests key=sha256:7833fa03… → 200 replayed',
      ],
    );
    assert.match(stderr, /token: required/);
    assert.match(stderr, /foundry dev intake: SIGTERM, stopping\nfoundry dev intake: stopped\n$/);
    // The lock is released and the record stays for the next start.
    assert.deepEqual(fs.readdirSync(stateDir), ['keys']);
    assert.equal(fs.readdirSync(path.join(stateDir, 'keys')).length, 1);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    example.remove();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

test('main.ts exits 2 with a message on a bad option or a root without .alloy/', () => {
  const bad = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--host', '192.168.1.5'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr, 'foundry dev intake: --host must be one of 127.0.0.1, ::1, localhost (loopback only); got "192.168.1.5".\n');
  const bare = makeTempDir('alloy-intake-bare-');
  try {
    const noRoot = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--root', bare], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(noRoot.status, 2);
    assert.equal(
      noRoot.stderr,
      `foundry dev intake: The root ${bare} has no .alloy/ folder: pass the repository whose .alloy/briefs/ the requests name (--root).\n`,
    );
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
});
