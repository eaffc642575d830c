// 50 `alloy submit` processes of one request sharing one ledger, released at the same moment: each
// has read the ledger, checked the request and decided to send, and waits at the CLI's test-only
// `before-lock` pause point (ALLOY_TEST_PAUSE_AT, see server/src/cli/nodeTestPause.ts) until the
// test lets them all go. Exactly one request reaches the wire; every process exits 0, saying
// "accepted" (one of them), "already being sent" or "already submitted" (all the others).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { utcMinute, type PendingEntry } from '../../server/src/submission';
import { ledgerEntries, makeWorkspace, PAYMENT, PAYMENT_KEY, startTestIntake } from '../cli/submitHarness';
import { delay, startCli, type ChildRun } from './childCli';

const PROCESSES = 50;

test(`${PROCESSES} concurrent submits of one request from separate processes: one request on the wire, every process exits 0`, async () => {
  const ws = await makeWorkspace();
  const intake = await startTestIntake(ws.root);
  const pauseDir = path.join(ws.dir, 'pause');
  fs.mkdirSync(pauseDir);
  const env = { ALLOY_LEDGER: ws.ledger, ALLOY_TEST_PAUSE_AT: 'before-lock', ALLOY_TEST_PAUSE_DIR: pauseDir };
  const runs: ChildRun[] = [];
  try {
    for (let i = 0; i < PROCESSES; i++) runs.push(startCli(['submit', PAYMENT, '--endpoint', intake.endpoint], ws.root, env));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const waiting = fs.readdirSync(pauseDir).filter((name) => name.startsWith('reached-') && !name.endsWith('.tmp')).length;
      if (waiting === PROCESSES) break;
      assert.ok(Date.now() < deadline, `only ${waiting} of ${PROCESSES} processes reached the lock`);
      await delay(20);
    }
    fs.writeFileSync(path.join(pauseDir, 'release'), '');
    const results = await Promise.all(runs.map((run) => run.done));

    assert.equal(intake.attempts().length, 1, 'exactly one request on the wire');
    assert.equal(intake.runsFor(PAYMENT_KEY), 1);
    const pending = ledgerEntries(ws).filter((e): e is PendingEntry => e.type === 'pending');
    assert.equal(pending.length, 1, 'one pending line');
    const since = utcMinute(pending[0].at);
    const accepted = `${PAYMENT}: accepted (202)\n`;
    const sending =
      `${PAYMENT}: Not sent: the key ${PAYMENT_KEY} is already being sent ` +
      `(by process ${pending[0].owner!.pid}, another window or the CLI, since ${since}). Wait for its answer.\n`;
    const submitted = `${PAYMENT}: already submitted at ${since} (answer 202)\n`;
    const tally = { accepted: 0, sending: 0, submitted: 0 };
    for (const result of results) {
      assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
      if (result.stdout === accepted) tally.accepted++;
      else if (result.stdout === sending) tally.sending++;
      else if (result.stdout === submitted) tally.submitted++;
      else assert.fail(`unexpected output: ${result.stdout}${result.stderr}`);
    }
    assert.equal(tally.accepted, 1);
    assert.equal(tally.sending + tally.submitted, PROCESSES - 1);
    console.log(
      `concurrent submits: ${PROCESSES} processes, 1 on the wire; ${tally.sending} "already being sent", ${tally.submitted} "already submitted"`,
    );
  } finally {
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await Promise.all(runs.map((run) => run.done.catch(() => undefined)));
    await intake.close();
    ws.remove();
  }
});
