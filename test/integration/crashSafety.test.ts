// Crash safety of `alloy submit` as a real process: `node dist/cli.js submit …` is killed with
// SIGKILL at every step where a crash could lose or double a request — before its `pending` line
// (holding the ledger lock), right after it, in the middle of the send (the intake is slow to
// answer), after the answer but before the outcome line, and while a report is being written
// (--wait) — at least 200 times (ALLOY_CRASH_KILLS raises it) in two independent lanes. The steps
// are reached through the CLI's test-only pause points (ALLOY_TEST_PAUSE_AT / ALLOY_TEST_PAUSE_DIR,
// see server/src/cli/nodeTestPause.ts), so each kill lands exactly where it is meant to.
//
// Afterwards, and at checkpoints along the way, an ordinary `alloy submit` must resolve every
// leftover: every ledger line is whole (each one parses), every `pending` has been answered by a
// re-send of the RECORDED bytes (the intake's body sha256 equals the recorded one), the intake saw
// at most one run per key, and every stored report file is whole.
//
// Every child runs with an API token (the intake requires it). At the end, the token is searched for,
// in each common encoding, in everything the children printed (killed ones included) and in every
// file left under the lanes' folders: ledger, lock, reports, requests.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { LedgerEntry, PendingEntry } from '../../server/src/submission';
import { makeWorkspace, startTestIntake, type TestIntake, type Workspace } from '../cli/submitHarness';
import { TokenWitness } from '../submission/tokenWitness';
import { delay, kill, reachedPoint, startCli } from './childCli';

const STEPS = ['before-pending', 'after-pending', 'in-send', 'after-answer', 'report-write', 'in-report-write'] as const;
type Step = (typeof STEPS)[number];

const KILLS = Math.max(200, Number(process.env.ALLOY_CRASH_KILLS ?? 0) || 0);
const LANES = 2;
const CHECKPOINT_EVERY = 50;
const TOKEN = 'tok_SECRET_crash_safety_4Vb8Np';

interface Lane {
  index: number;
  ws: Workspace;
  intake: TestIntake;
  pauseDir: string;
  kills: Record<Step, number>;
  /** Kills whose paused child was re-sending an earlier interrupted submission (recovery) rather than its own. */
  duringRecovery: number;
  variants: Map<string, string>;
  checkpoints: number;
  resentAtCheckpoints: number;
  /** Everything each child printed, for the token search. */
  outputs: string[];
}

function sha(bytes: Buffer): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

function variantFile(lane: Lane, n: number): { file: string; key: string; requestId: string } {
  const requestId = `runreq_CRASH_${lane.index}_${n}`;
  const file = `.alloy/requests/crash-${lane.index}-${n}.json`;
  const key = lane.ws.variant(file, (r) => {
    r.request_id = requestId;
    r.foundry.payload.max_iterations = 1000 + n;
    r.reporting!.callback_url = `http://127.0.0.1:${lane.ws.callbackPort}/api/run-requests/${requestId}/completed`;
  });
  lane.variants.set(key, sha(lane.ws.read(file)));
  return { file, key, requestId };
}

function env(lane: Lane, step?: Step): Record<string, string> {
  return {
    ALLOY_LEDGER: lane.ws.ledger,
    ALLOY_TOKEN: TOKEN,
    ...(step === undefined ? {} : { ALLOY_TEST_PAUSE_AT: step, ALLOY_TEST_PAUSE_DIR: lane.pauseDir }),
  };
}

/** One child killed at `step`; false when it finished without getting there (then nothing is counted). */
async function killAt(lane: Lane, step: Step, n: number): Promise<boolean> {
  const { file, key } = variantFile(lane, n);
  lane.intake.setFaults(step === 'in-send' ? ['slow-response=400'] : []);
  const wait = step === 'report-write' || step === 'in-report-write' ? ['--wait', '--wait-timeout', '20000'] : [];
  const run = startCli(['submit', file, '--endpoint', lane.intake.endpoint, ...wait], lane.ws.root, env(lane, step));
  const reached = await reachedPoint(run, lane.pauseDir);
  if (reached === undefined) {
    const result = await run.done;
    lane.outputs.push(result.stdout, result.stderr);
    assert.ok(result.code === 0 || result.code === 1, `child without a kill exited ${result.code}: ${result.stdout}${result.stderr}`);
    return false;
  }
  // In the middle of the send: the intake has the bytes (or is reading them) and holds its answer for 400 ms.
  if (step === 'in-send') await delay(5 + Math.floor(Math.random() * 60));
  await kill(run);
  lane.outputs.push(run.output().stdout, run.output().stderr);
  fs.rmSync(path.join(lane.pauseDir, `reached-${run.child.pid}`), { force: true });
  lane.kills[step]++;
  if (!reached.includes(key) && (step === 'in-send' || step === 'after-answer' || step.endsWith('pending'))) lane.duringRecovery++;
  return true;
}

interface Folded {
  pending?: PendingEntry;
  outcome?: LedgerEntry;
  resentBy?: string;
}

/** Every ledger line parses; returns the submissions by id. */
function foldLedger(ws: Workspace): Map<string, Folded> {
  const records = new Map<string, Folded>();
  const lines = fs.readFileSync(ws.ledger, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'the ledger ends with a newline');
  for (const [i, line] of lines.entries()) {
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch {
      assert.fail(`ledger line ${i + 1} is torn: ${line.slice(0, 120)}`);
    }
    const record = records.get(entry.submission) ?? {};
    if (entry.type === 'pending') record.pending = entry;
    if (entry.type === 'outcome') record.outcome = entry;
    records.set(entry.submission, record);
  }
  for (const [id, record] of records) {
    const earlier = record.pending?.resendOf;
    if (earlier !== undefined) records.get(earlier)!.resentBy = id;
  }
  return records;
}

/** An ordinary submit (no pause): it must resolve every leftover; then the invariants hold. */
async function checkpoint(lane: Lane, n: number): Promise<void> {
  const { file } = variantFile(lane, n);
  const before = [...foldLedger(lane.ws).values()].filter((r) => r.pending && !r.outcome && r.resentBy === undefined).length;
  const result = await startCli(['submit', file, '--endpoint', lane.intake.endpoint], lane.ws.root, env(lane)).done;
  lane.outputs.push(result.stdout, result.stderr);
  assert.equal(result.code, 0, `the checkpoint submit failed:\n${result.stdout}\n${result.stderr}`);
  const resent = result.stderr.split('\n').filter((l) => /^alloy: interrupted submission of runreq_CRASH_\d+_\d+ \(key sha256:/.test(l));
  assert.equal(resent.length, before, `each of the ${before} interrupted submissions is re-sent once:\n${result.stderr}`);
  lane.checkpoints++;
  lane.resentAtCheckpoints += resent.length;
  await lane.intake.idle();

  const records = foldLedger(lane.ws);
  const attempts = lane.intake.attempts();
  for (const [id, record] of records) {
    if (record.resentBy === undefined && record.pending) {
      assert.ok(record.outcome, `submission ${id} (${record.pending.requestId}) has no outcome and was not re-sent`);
    }
    if (!record.pending) continue;
    const key = record.pending.key;
    assert.equal(record.pending.sha256, lane.variants.get(key), `the recorded bytes of ${id} are the file's bytes`);
    assert.ok(lane.intake.runsFor(key) <= 1, `at most one run for ${key}`);
  }
  for (const attempt of attempts) {
    const recorded = lane.variants.get(attempt.key!);
    assert.ok(recorded, `the intake saw a key the ledger never recorded: ${attempt.key}`);
    if (attempt.body_sha256 !== null) assert.equal(`sha256:${attempt.body_sha256}`, recorded, 'every attempt carried the recorded bytes');
  }
  // Each key whose latest submission was answered accepted or already-submitted has exactly one run.
  for (const record of records.values()) {
    const outcome = record.outcome as { outcome?: string } | undefined;
    if (record.resentBy === undefined && (outcome?.outcome === 'accepted' || outcome?.outcome === 'already-submitted')) {
      assert.equal(lane.intake.runsFor(record.pending!.key), 1);
    }
  }
  // Report files are whole: a named file's bytes hash to the prefix in its name; temp files are only ever skipped.
  const reports = lane.ws.file('.alloy/reports');
  for (const folder of fs.existsSync(reports) ? fs.readdirSync(reports) : []) {
    for (const name of fs.readdirSync(path.join(reports, folder))) {
      const match = /^(accepted|started|completed|failed)-\d{8}T\d{6}\.\d{3}Z-([0-9a-f]{12})\.json$/.exec(name);
      if (!match) {
        assert.match(name, /\.tmp$|^\./, `only temporary files besides reports: ${name}`);
        continue;
      }
      const bytes = fs.readFileSync(path.join(reports, folder, name));
      assert.equal(sha(bytes).slice(7, 19), match[2], `${name} is whole`);
      JSON.parse(bytes.toString('utf8'));
    }
  }
}

/** Every file below `folder` (the lanes' workspaces, state and pause folders). */
function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

async function runLane(lane: Lane, kills: number): Promise<void> {
  let n = 0;
  let done = 0;
  while (done < kills) {
    const step = STEPS[(n + lane.index) % STEPS.length];
    const killed = await killAt(lane, step, n++);
    if (killed) done++;
    if (killed && (done % CHECKPOINT_EVERY === 0 || done === kills)) await checkpoint(lane, n++);
    assert.ok(n < kills * 3, 'too many children finished without reaching their pause point');
  }
}

test(`submit killed with SIGKILL at each step (${KILLS} kills): every line whole, every pending resolved with its recorded bytes, one run per key`, async () => {
  const lanes: Lane[] = [];
  for (let index = 0; index < LANES; index++) {
    const ws = await makeWorkspace();
    const intake = await startTestIntake(ws.root, { token: TOKEN });
    const pauseDir = path.join(ws.dir, 'pause');
    fs.mkdirSync(pauseDir);
    const kills = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
    lanes.push({
      index,
      ws,
      intake,
      pauseDir,
      kills,
      duringRecovery: 0,
      variants: new Map(),
      checkpoints: 0,
      resentAtCheckpoints: 0,
      outputs: [],
    });
  }
  const started = Date.now();
  try {
    await Promise.all(lanes.map((lane) => runLane(lane, Math.ceil(KILLS / LANES))));
    const total = lanes.reduce((sum, lane) => sum + Object.values(lane.kills).reduce((a, b) => a + b, 0), 0);
    assert.ok(total >= KILLS, `${total} kills`);
    for (const step of STEPS)
      assert.ok(
        lanes.every((lane) => lane.kills[step] > 0),
        `some kills at ${step}`,
      );
    const witness = new TokenWitness(TOKEN);
    let files = 0;
    for (const lane of lanes) {
      witness.record(...lane.outputs);
      for (const file of filesUnder(lane.ws.dir)) {
        witness.record(fs.readFileSync(file).toString('latin1'));
        files++;
      }
    }
    witness.assertClean();
    assert.ok(files > KILLS, `the token search read the ledger, the reports and the requests (${files} files)`);
    const perStep = STEPS.map((s) => `${s} ${lanes.reduce((sum, lane) => sum + lane.kills[s], 0)}`).join(', ');
    const keys = lanes.reduce((sum, lane) => sum + lane.variants.size, 0);
    const runs = lanes.reduce((sum, lane) => sum + Object.values(lane.intake.stats().runs).reduce((a, b) => a + b, 0), 0);
    console.log(
      `crash safety: ${total} kills (${perStep}); ${lanes.reduce((s, l) => s + l.duringRecovery, 0)} of them while re-sending an ` +
        `earlier interrupted submission; ${keys} keys, ${runs} runs; ` +
        `${lanes.reduce((s, l) => s + l.resentAtCheckpoints, 0)} leftovers re-sent at ${lanes.reduce((s, l) => s + l.checkpoints, 0)} checkpoints; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s (this process: ${(process.cpuUsage().user / 1e6).toFixed(1)} s CPU)`,
    );
  } finally {
    for (const lane of lanes) {
      await lane.intake.close();
      lane.ws.remove();
    }
  }
});
