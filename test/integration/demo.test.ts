// `npm run demo` (server/src/devIntake/demo.ts after the build), run twice in a temporary cache
// folder (ALLOY_DEMO_DIR): the first run submits the example request and prints its phases and
// summary; the second says "already submitted" and the intake still counts one run. The copy is
// refreshed from the example each time, byte for byte. It listens on the example's callback port
// 47311, as a user's demo does.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { utcMinute, type PendingEntry } from '../../server/src/submission';
import { EXAMPLE, makeTempDir, REPO_ROOT, removeTempDir } from '../cli/cliHarness';
import { PAYMENT, PAYMENT_ID, PAYMENT_KEY } from '../cli/submitHarness';

const DEMO = path.join(REPO_ROOT, 'server', 'src', 'devIntake', 'demo.ts');

function runDemo(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ALLOY_DEMO_DIR: dir };
    delete env.ALLOY_LEDGER;
    const child = spawn(process.execPath, ['--import', 'tsx', DEMO], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function filesUnder(root: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (full === skip) continue;
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

test('npm run demo: submitted once with its phases and summary; run again, "already submitted" and still one run', async () => {
  const dir = makeTempDir();
  try {
    const first = await runDemo(dir);
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    const lines = first.stdout.split('\n');
    const runId = lines.find((l) => l.startsWith('  run run_'))!.split(' ')[3];
    for (const expected of [
      `  workspace  ${path.join(dir, 'checkout-service')} (a fresh copy of examples/checkout-service)`,
      `  ${PAYMENT}: accepted (202)`,
      `  ${PAYMENT_ID}: accepted`,
      `  ${PAYMENT_ID}: started`,
      `  ${PAYMENT_ID}: completed`,
      `  run ${runId} completed: status completed`,
      '    evidence: 2 satisfied, 0 missing — 2 required by the brief',
      `intake: 1 run for ${PAYMENT_KEY.slice(0, 19)}…; 1 POST during this demo`,
      'alloy exited 0. Run "npm run demo" again: the request is not sent twice.',
    ]) {
      assert.ok(lines.includes(expected), `missing line: ${expected}\n${first.stdout}`);
    }
    assert.match(first.stdout, /^ {2}\d+ errors, \d+ warnings in \d+ files \(exit 1\): the broken-\*\.json files are broken on purpose;$/m);
    assert.ok(lines.includes(`  ${PAYMENT} has none.`));
    assert.match(first.stderr, /^ {2}alloy: listening for reports on 127\.0\.0\.1:47311$/m);

    const copy = path.join(dir, 'checkout-service');
    fs.appendFileSync(path.join(copy, PAYMENT), ' ');
    const second = await runDemo(dir);
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    const ledger = fs
      .readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PendingEntry);
    assert.deepEqual(
      ledger.map((e) => e.type),
      ['pending', 'attempt', 'outcome'],
      'the second run sent nothing',
    );
    const again = second.stdout.split('\n');
    for (const expected of [
      `  ${PAYMENT}: already submitted at ${utcMinute(ledger[0].at)} (answer 202)`,
      `  ${PAYMENT_ID}: not waiting: it was submitted before; its stored reports say completed`,
      `  run ${runId} completed: status completed`,
      `intake: 1 run for ${PAYMENT_KEY.slice(0, 19)}…; 0 POSTs during this demo`,
    ]) {
      assert.ok(again.includes(expected), `missing line: ${expected}\n${second.stdout}`);
    }
    // The copy was refreshed from the example (the stray space is gone); only the received reports were kept.
    const reports = path.join(copy, '.alloy', 'reports');
    assert.deepEqual(filesUnder(copy, reports), filesUnder(EXAMPLE, path.join(EXAMPLE, '.alloy', 'reports')));
    for (const file of filesUnder(EXAMPLE, path.join(EXAMPLE, '.alloy', 'reports'))) {
      assert.ok(fs.readFileSync(path.join(copy, file)).equals(fs.readFileSync(path.join(EXAMPLE, file))), file);
    }
    assert.equal(fs.readdirSync(path.join(reports, PAYMENT_ID)).length, 3);
  } finally {
    removeTempDir(dir);
  }
});
