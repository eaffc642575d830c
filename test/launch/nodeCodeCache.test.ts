// Tests of running the server bundle with a code cache (nodeCodeCache.ts) on small CommonJS
// bundles in a temporary folder. Each start is a fresh Node process (V8 keeps compiled code per
// process, which would hide what the cache does): the cache is written at exit and taken on the
// next start; it is never used for another text, not even one of the same length (V8 itself
// would run the old code); a damaged or unwritable cache costs only the cache (V8 itself would
// crash on a damaged one); the bundle runs as `require` runs it. Node's own compile cache, which
// Node 20 lacks, is tried first: that choice is tested in process with a stand-in.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { build } from 'esbuild';
import { codeCacheFile, runWithCodeCache } from '../../server/src/launch/nodeCodeCache';

let root: string;
let launcher: string;
let folder: string;
let cacheFolder: string;
let bundle: string;

before(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-code-cache-')));
  // A launcher like dist/server.js, with our cache only (Node's own is what Node 22 would pick).
  const entry = path.join(root, 'launcher.ts');
  const source = path.resolve(__dirname, '../../server/src/launch/nodeCodeCache.ts');
  fs.writeFileSync(
    entry,
    [
      `import { runWithCodeCache } from ${JSON.stringify(source)};`,
      'const use = runWithCodeCache(process.argv[2], process.argv[3], { enableCompileCache: undefined });',
      "process.stdout.write('use=' + use + '\\n');",
    ].join('\n'),
  );
  launcher = path.join(root, 'launcher.js');
  await build({ entryPoints: [entry], outfile: launcher, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(root, 'dist-'));
  cacheFolder = path.join(folder, '.cache');
  bundle = path.join(folder, 'alloyServer.js');
  fs.writeFileSync(path.join(folder, 'helper.js'), 'module.exports = "helper";\n');
});

/** A bundle that prints `label`, what it was given, and where line 4 is in a stack trace. */
function writeBundle(label: string, firstLine = "'use strict';"): void {
  fs.writeFileSync(
    bundle,
    [
      firstLine,
      `console.log(${JSON.stringify(label)});`,
      "console.log([__filename === module.filename, __dirname, require('./helper'), this === module.exports].join('|'));",
      '  console.log(new Error("where").stack.split("\\n")[1].trim());',
      '',
    ].join('\n'),
  );
}

/** One start: what the bundle printed, and how the cache was used. */
function start(): { use: string; lines: string[] } {
  const child = spawnSync(process.execPath, [launcher, bundle, cacheFolder], { encoding: 'utf8', timeout: 20000 });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  const use = lines.pop();
  return { use: String(use).replace('use=', ''), lines };
}

test('the first start writes the cache at exit; the next start of the same text takes it', () => {
  writeBundle('A');
  const first = start();
  assert.equal(first.use, 'written-at-exit');
  assert.ok(fs.statSync(codeCacheFile(bundle, cacheFolder)).size > 64);
  const second = start();
  assert.equal(second.use, 'accepted');
  assert.deepEqual(second.lines, first.lines);
  assert.deepEqual(first.lines.slice(0, 2), ['A', `true|${folder}|helper|true`]);
  assert.deepEqual(fs.readdirSync(cacheFolder), ['alloyServer.js.v8cache'], 'no temporary file is left behind');
});

test('the bundle keeps its own lines and columns in stack traces, as under require', () => {
  writeBundle('A');
  const viaRequire = spawnSync(process.execPath, [bundle], { encoding: 'utf8' }).stdout.trim().split('\n')[2];
  assert.match(viaRequire, /alloyServer\.js:4:15\)$/);
  assert.equal(start().lines[2], viaRequire);
  assert.equal(start().lines[2], viaRequire);
});

test('a bundle that starts with a #! line runs, with its line numbers kept', () => {
  writeBundle('A', '#!/usr/bin/env node');
  const viaNode = spawnSync(process.execPath, [bundle], { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.equal(viaNode[0], 'A');
  assert.equal(start().lines[2], viaNode[2]);
  const cached = start();
  assert.equal(cached.use, 'accepted');
  assert.deepEqual(cached.lines, viaNode);
});

test('a rebuilt bundle of the same length never runs on the old bytecode', () => {
  writeBundle('A');
  start();
  const length = fs.statSync(bundle).size;
  writeBundle('B');
  assert.equal(fs.statSync(bundle).size, length, 'the new text has the same length');
  const rebuilt = start();
  assert.equal(rebuilt.use, 'written-at-exit');
  assert.equal(rebuilt.lines[0], 'B');
  const next = start();
  assert.equal(next.use, 'accepted');
  assert.equal(next.lines[0], 'B');
});

test('a damaged cache is not given to V8 and is replaced', () => {
  writeBundle('A');
  start();
  const file = codeCacheFile(bundle, cacheFolder);
  const data = fs.readFileSync(file);
  data.fill(7, 64 + 24); // V8 reads past its header without checking: this would crash it
  fs.writeFileSync(file, data);
  const damaged = start();
  assert.equal(damaged.use, 'written-at-exit');
  assert.equal(damaged.lines[0], 'A');
  assert.equal(start().use, 'accepted');
  fs.writeFileSync(file, data.subarray(0, 100)); // cut short
  assert.equal(start().use, 'written-at-exit');
});

test('when the cache cannot be written the server still starts, every time', () => {
  writeBundle('A');
  fs.writeFileSync(cacheFolder, 'a file where the cache folder should be');
  for (let i = 0; i < 2; i++) {
    const blocked = start();
    assert.equal(blocked.use, 'written-at-exit');
    assert.equal(blocked.lines[0], 'A');
  }
});

test("Node's own compile cache is used when it turns on, with the cache folder", () => {
  writeBundle('A');
  const asked: string[] = [];
  const exitWork: (() => void)[] = [];
  const printed: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(' '));
  let use: string;
  try {
    use = runWithCodeCache(bundle, cacheFolder, {
      enableCompileCache: (directory) => {
        asked.push(directory);
        return { directory };
      },
      atExit: (work) => exitWork.push(work),
    });
  } finally {
    console.log = log;
  }
  assert.equal(use, 'node');
  assert.deepEqual(asked, [cacheFolder]);
  assert.equal(printed[0], 'A', 'the bundle was required');
  assert.deepEqual(exitWork, []);
  assert.equal(fs.existsSync(cacheFolder), false);
});

test("when Node's compile cache does not turn on, or throws, ours is used", () => {
  writeBundle('A');
  const log = console.log;
  console.log = () => undefined;
  try {
    for (const enableCompileCache of [() => ({}), (): { directory?: string } => assert.fail('no compile cache here')]) {
      const exitWork: (() => void)[] = [];
      const use = runWithCodeCache(bundle, cacheFolder, { enableCompileCache, atExit: (work) => exitWork.push(work) });
      assert.equal(use, 'written-at-exit');
      assert.equal(exitWork.length, 1);
    }
  } finally {
    console.log = log;
  }
});

test('switched off, the bundle is required with no cache of either kind', () => {
  writeBundle('A');
  const log = console.log;
  const printed: unknown[] = [];
  console.log = (...args: unknown[]) => void printed.push(args.join(' '));
  const asked: string[] = [];
  const exitWork: (() => void)[] = [];
  try {
    const use = runWithCodeCache(bundle, cacheFolder, {
      disabled: true,
      enableCompileCache: (directory) => {
        asked.push(directory);
        return { directory };
      },
      atExit: (work) => exitWork.push(work),
    });
    assert.equal(use, 'off');
  } finally {
    console.log = log;
  }
  assert.equal(printed[0], 'A');
  assert.deepEqual(asked, []);
  assert.deepEqual(exitWork, []);
});
