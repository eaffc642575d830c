// dist/cli.js is a launcher (server/src/cli/nodeCliLauncher.ts) that runs dist/alloyCli.js from a
// V8 code cache beside it. Run from a copy of the two bundles in a temporary folder (the suite's
// other processes share dist/.cache): the first check writes the cache at exit, the next one takes
// it and leaves it as it is, both print and exit as the bundle itself does, and
// NODE_DISABLE_COMPILE_CACHE=1 writes none.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { shortRunV8Flags } from '../../server/src/launch/shortRunTiering';

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'checkout-service');
let base: string;

before(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-cli-launcher-')));
});

after(() => fs.rmSync(base, { recursive: true, force: true }));

function copyOfBundles(name: string): string {
  const folder = path.join(base, name);
  fs.mkdirSync(folder);
  for (const file of ['cli.js', 'alloyCli.js']) fs.copyFileSync(path.join(DIST, file), path.join(folder, file));
  return folder;
}

function check(folder: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(
    process.execPath,
    [path.join(folder, 'cli.js'), 'check', '.alloy/requests/broken-key-mismatch.json', '--format', 'json'],
    {
      cwd: EXAMPLE,
      encoding: 'utf8',
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env },
      timeout: 60_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('the first check writes the code cache at exit; the next takes it and does not write it again', () => {
  const folder = copyOfBundles('cached');
  const cache = path.join(folder, '.cache', 'alloyCli.js.v8cache');
  const first = check(folder);
  assert.equal(first.status, 1, first.stderr);
  assert.match(first.stdout, /"code": "idempotency-key-mismatch"/);
  assert.ok(fs.existsSync(cache), 'no cache after the first check');
  const written = fs.statSync(cache);
  const bytes = fs.readFileSync(cache);
  const second = check(folder);
  assert.deepEqual(second, first);
  assert.equal(fs.statSync(cache).mtimeMs, written.mtimeMs, 'the cache was written again: V8 did not take it');
  assert.ok(fs.readFileSync(cache).equals(bytes));
});

/** Whether V8 takes the launcher's cache for `bundle`, in a process that first sets `flags` (none: V8's defaults). */
function cacheTakenUnder(bundle: string, cache: string, flags: readonly string[]): boolean {
  const script = `
    const fs = require('node:fs'), vm = require('node:vm'), v8 = require('node:v8');
    for (const flag of ${JSON.stringify(flags)}) v8.setFlagsFromString(flag);
    const source = fs.readFileSync(${JSON.stringify(bundle)}, 'utf8').replace(/^#!.*/, '');
    const wrapped = '(function (exports, require, module, __filename, __dirname) {\\n' + source + '\\n})';
    const cachedData = fs.readFileSync(${JSON.stringify(cache)}).subarray(64);
    const compiled = new vm.Script(wrapped, { filename: ${JSON.stringify(bundle)}, lineOffset: -1, cachedData });
    process.stdout.write(compiled.cachedDataRejected ? 'rejected' : 'taken');`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.stderr, '');
  return run.stdout === 'taken';
}

test('the launcher sets the short-run V8 flags before it compiles the bundle: its cache is taken only under them', () => {
  const folder = copyOfBundles('tiering');
  assert.equal(check(folder).status, 1);
  const bundle = path.join(folder, 'alloyCli.js');
  const cache = path.join(folder, '.cache', 'alloyCli.js.v8cache');
  assert.equal(cacheTakenUnder(bundle, cache, shortRunV8Flags(process.versions.v8)), true);
  assert.equal(cacheTakenUnder(bundle, cache, []), false);
});

test('the launcher prints and exits exactly as the bundle run directly', () => {
  const folder = copyOfBundles('same');
  const direct = spawnSync(
    process.execPath,
    [path.join(folder, 'alloyCli.js'), 'check', '.alloy/requests/broken-key-mismatch.json', '--format', 'json'],
    {
      cwd: EXAMPLE,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.deepEqual(check(folder), { status: direct.status, stdout: direct.stdout, stderr: direct.stderr });
});

test('NODE_DISABLE_COMPILE_CACHE=1 runs the CLI with no cache written', () => {
  const folder = copyOfBundles('off');
  assert.equal(check(folder, { NODE_DISABLE_COMPILE_CACHE: '1' }).status, 1);
  assert.equal(fs.existsSync(path.join(folder, '.cache')), false);
});
