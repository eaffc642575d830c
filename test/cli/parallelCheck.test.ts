// `alloy check` split over worker threads gives the same output, byte for byte, as one thread:
// stdout, stderr and the exit code, in every format, on a workspace of 1,200+ files holding the
// example's broken files (every diagnostic code) and generated briefs with their requests. And
// the shard plan keeps each brief with the requests naming it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { planShards } from '../../server/src/cli/checkShards';
import { checkWorkerEntry, nodeCheckThreads, PARALLEL_CHECK_MIN_CORES } from '../../server/src/cli/nodeCheckWorkers';
import type { FileRead } from '../../server/src/core';
import { CLI, EXAMPLE, makeTempDir, removeTempDir } from './cliHarness';

const BRIEFS = 60;
const REQUESTS = 1200;

/** The example workspace plus BRIEFS renamed copies of its brief and REQUESTS requests naming them. */
function buildWorkspace(dir: string): void {
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const alloy = path.join(dir, '.alloy');
  const brief = fs.readFileSync(path.join(alloy, 'briefs', 'brief_01HZ_CHECKOUT_PAYMENT.yaml'), 'utf8');
  const request = fs.readFileSync(path.join(alloy, 'requests', 'checkout-payment.json'), 'utf8');
  fs.mkdirSync(path.join(alloy, 'requests', 'many'), { recursive: true });
  for (let b = 0; b < BRIEFS; b++) {
    // Renamed briefs have stale digests, so every request naming one gets diagnostics too.
    fs.writeFileSync(path.join(alloy, 'briefs', `many_${b}.yaml`), brief.replaceAll('brief_01HZ_CHECKOUT_PAYMENT', `brief_MANY_${b}`));
  }
  for (let r = 0; r < REQUESTS; r++) {
    const b = r % (BRIEFS + 1);
    const text =
      b === BRIEFS
        ? request // the example's own brief
        : request.replaceAll('brief_01HZ_CHECKOUT_PAYMENT', `brief_MANY_${b}`).replace('.alloy/briefs/brief_MANY', '.alloy/briefs/many');
    fs.writeFileSync(path.join(alloy, 'requests', 'many', `r${String(r).padStart(4, '0')}.json`), text.replace('"stacey"', `"user${r}"`));
  }
}

function check(dir: string, threads: string, format: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'check', '.', '--format', format], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ALLOY_CHECK_THREADS: threads },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('alloy check on worker threads', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir();
    buildWorkspace(dir);
  });
  after(() => removeTempDir(dir));

  for (const format of ['text', 'json', 'sarif']) {
    test(`--format ${format}: three threads and the default give exactly what one thread gives`, () => {
      const one = check(dir, '1', format);
      assert.equal(one.code, 1, one.stderr);
      assert.ok(one.stdout.length > 100_000, 'the workspace has many diagnostics');
      for (const threads of ['3', '']) {
        const many = check(dir, threads, format);
        assert.equal(many.code, one.code, `ALLOY_CHECK_THREADS=${threads}`);
        assert.equal(many.stderr, one.stderr, `ALLOY_CHECK_THREADS=${threads}`);
        assert.ok(many.stdout === one.stdout, `ALLOY_CHECK_THREADS=${threads}: stdout differs`);
      }
    });
  }
});

describe('the shard plan', () => {
  const reads = new Map<string, FileRead>();
  const files: string[] = [];
  const add = (file: string, text: string): void => {
    files.push(file);
    reads.set(file, { ok: true, text });
  };
  for (let b = 0; b < 10; b++) add(`/repo/.alloy/briefs/b${b}.yaml`, 'x'.repeat(100 * (b + 1)));
  for (let r = 0; r < 200; r++) add(`/repo/.alloy/requests/r${r}.json`, `{"brief": {"local_path": ".alloy/briefs/b${r % 10}.yaml"}}`);
  add('/repo/.alloy/requests/unsniffable.json', '{"brief": {"local_path": 7}}');
  files.push('/repo/.alloy/requests/vanished.json');

  test('every file lands in exactly one shard, each brief with the requests naming it', () => {
    const shards = planShards(files, reads, 3);
    assert.equal(shards.length, 3);
    assert.deepEqual(shards.flat().sort(), [...files].sort());
    for (let b = 0; b < 10; b++) {
      const holding = shards.filter((s) => s.includes(`/repo/.alloy/briefs/b${b}.yaml`));
      assert.equal(holding.length, 1);
      for (let r = b; r < 200; r += 10) assert.ok(holding[0].includes(`/repo/.alloy/requests/r${r}.json`), `r${r} is with b${b}`);
    }
  });

  test('shards are balanced and the plan is deterministic', () => {
    const shards = planShards(files, reads, 2);
    assert.deepEqual(planShards(files, reads, 2), shards);
    const sizes = shards.map((s) => s.length).sort((a, b) => a - b);
    assert.ok(sizes[1] - sizes[0] <= 40, `sizes ${sizes.join(', ')}`);
    assert.deepEqual([...planShards(files, reads, 1)[0]].sort(), [...files].sort());
  });
});

test('the default thread count: one below 1,000 files or on fewer than four cores, else up to four; ALLOY_CHECK_THREADS decides when given', () => {
  const cores = os.availableParallelism();
  const byDefault = nodeCheckThreads('entry.js', undefined);
  assert.equal(byDefault.threadsFor(999), 1);
  assert.equal(byDefault.threadsFor(11_000), cores >= PARALLEL_CHECK_MIN_CORES ? Math.min(cores, 4) : 1);
  assert.equal(PARALLEL_CHECK_MIN_CORES, 4);
  assert.equal(nodeCheckThreads('entry.js', 3).threadsFor(11_000), 3);
  assert.equal(nodeCheckThreads('entry.js', 3).threadsFor(2), 2);
  assert.equal(nodeCheckThreads('entry.js', 1).threadsFor(11_000), 1);
});

test('a worker runs the launcher beside the bundle (its code cache), or the main file when there is none', () => {
  const dist = path.resolve(__dirname, '..', '..', 'dist');
  assert.equal(checkWorkerEntry(path.join(dist, 'alloyCli.js')), path.join(dist, 'cli.js'));
  const main = path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'main.ts');
  assert.equal(checkWorkerEntry(main), main);
  const lone = path.join(os.tmpdir(), 'no-launcher-here', 'alloyCli.js');
  assert.equal(checkWorkerEntry(lone), lone);
});
