// The state directory: a damaged record stops the start with a message naming the file (never an
// empty start), a crashed write's temp file is cleared, and two intakes never share one directory.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { startIntake } from '../../server/src/devIntake';
import { makeExampleRoot, makeTempDir, PAYMENT_KEY } from './exampleRoot';
import { answered, submit } from './httpClient';

const HEX = PAYMENT_KEY.slice('sha256:'.length);

async function withState(run: (root: string, stateDir: string) => Promise<void>): Promise<void> {
  const example = makeExampleRoot();
  const stateDir = makeTempDir('alloy-intake-state-');
  try {
    await run(example.root, stateDir);
  } finally {
    example.remove();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The valid request without its https callback_url, so that no test reaches for the network. */
function paymentWithoutReporting(root: string): string {
  const file = path.join(root, '.alloy', 'requests', 'checkout-payment.json');
  const request = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete request.reporting;
  return JSON.stringify(request);
}

test('a record that is not JSON, or lacks a field, stops the start with a message naming the file', async () => {
  await withState(async (root, stateDir) => {
    const file = path.join(stateDir, 'keys', `${HEX}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"v": 1, "key": ');
    await assert.rejects(startIntake({ root, stateDir, log: () => undefined }), {
      message: new RegExp(
        `^Cannot read the intake state: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON \\(.*\\)\\. ` +
          'Move the file away, or start with another --state-dir\\.$',
      ),
    });
    fs.writeFileSync(file, JSON.stringify({ v: 1, key: PAYMENT_KEY }));
    await assert.rejects(startIntake({ root, stateDir, log: () => undefined }), {
      message: /body_sha256 is not 64 hex digits; request_id is not a string/,
    });
    // The failed starts left no lock behind.
    assert.deepEqual(fs.readdirSync(stateDir), ['keys']);
  });
});

test("a crashed write's temp file is removed with a log line; the records beside it are kept", async () => {
  await withState(async (root, stateDir) => {
    const first = await startIntake({ root, stateDir, log: () => undefined });
    assert.equal(answered(await submit(first.port, paymentWithoutReporting(root))).status, 202);
    await first.close();
    const temp = path.join(stateDir, 'keys', `${HEX}.json.123.abcd.tmp`);
    fs.writeFileSync(temp, '{"torn');
    const log: string[] = [];
    const second = await startIntake({ root, stateDir, log: (line) => log.push(line) });
    try {
      assert.equal(fs.existsSync(temp), false);
      assert.ok(log.includes(`state: removing ${temp}, the temp file of a write that did not finish (its record was never in use)`));
      assert.equal(second.runsFor(PAYMENT_KEY), 1);
    } finally {
      await second.close();
    }
  });
});

test('a second intake on a state directory in use is refused; a lock left by a dead process is taken over', async () => {
  await withState(async (root, stateDir) => {
    const first = await startIntake({ root, stateDir, log: () => undefined });
    try {
      await assert.rejects(startIntake({ root, stateDir, log: () => undefined }), {
        message:
          `The state directory ${stateDir} is in use by another intake (process ${process.pid}); ` +
          'stop it, or start with another --state-dir.',
      });
    } finally {
      await first.close();
    }
    assert.equal(fs.existsSync(path.join(stateDir, 'intake.lock')), false);

    const deadPid = 4_194_000;
    assert.throws(() => process.kill(deadPid, 0), { code: 'ESRCH' });
    fs.writeFileSync(path.join(stateDir, 'intake.lock'), `${deadPid}\n`);
    const log: string[] = [];
    const second = await startIntake({ root, stateDir, log: (line) => log.push(line) });
    try {
      assert.ok(
        log.some(
          (line) => line === `state: taking over ${path.join(stateDir, 'intake.lock')} from process ${deadPid}, which is no longer running`,
        ),
      );
      assert.equal(fs.readFileSync(path.join(stateDir, 'intake.lock'), 'utf8'), `${process.pid}\n`);
    } finally {
      await second.close();
    }
  });
});

test('a default state directory is a new temp folder, removed on close; bad options are refused before listening', async () => {
  const example = makeExampleRoot();
  try {
    const intake = await startIntake({ root: example.root, log: () => undefined });
    assert.ok(fs.existsSync(path.join(intake.stateDir, 'keys')));
    await intake.close();
    assert.equal(fs.existsSync(intake.stateDir), false);

    await assert.rejects(startIntake({ root: example.root, host: '0.0.0.0', log: () => undefined }), {
      message: 'The dev intake listens on loopback only (127.0.0.1, ::1, localhost); refusing host "0.0.0.0".',
    });
    const bare = makeTempDir('alloy-intake-bare-');
    await assert.rejects(startIntake({ root: bare, log: () => undefined }), {
      message: `The root ${bare} has no .alloy/ folder: pass the repository whose .alloy/briefs/ the requests name (--root).`,
    });
    fs.rmSync(bare, { recursive: true, force: true });
    await assert.rejects(startIntake({ root: example.root, faults: ['bogus'], log: () => undefined }), {
      message: /^Unknown fault "bogus"\./,
    });

    const holder = await startIntake({ root: example.root, log: () => undefined });
    try {
      await assert.rejects(startIntake({ root: example.root, port: holder.port, log: () => undefined }), {
        message: `Port ${holder.port} on 127.0.0.1 is already in use; pick another --port (0 picks a free one).`,
      });
    } finally {
      await holder.close();
    }
  } finally {
    example.remove();
  }
});

test('host localhost listens on 127.0.0.1 and, where the machine has it, on ::1 with the same port', async () => {
  const example = makeExampleRoot();
  const intake = await startIntake({ root: example.root, host: 'localhost', log: () => undefined });
  try {
    assert.equal(intake.url, `http://localhost:${intake.port}`);
    assert.equal(intake.endpoint, `http://localhost:${intake.port}/v1/projects/{project_id}/execution-requests`);
    const v4 = await fetch(`http://127.0.0.1:${intake.port}/v1/_dev/stats`);
    assert.equal(v4.status, 200);
    await v4.arrayBuffer();
    const v6 = await fetch(`http://[::1]:${intake.port}/v1/_dev/stats`).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 'no ipv6',
    );
    assert.ok(v6 === 200 || v6 === 'no ipv6', String(v6));
  } finally {
    await intake.close();
    example.remove();
  }
});

test('a record that cannot be written is 500 state-write-failed, nothing runs, and the key is free for the next attempt', async () => {
  await withState(async (root, stateDir) => {
    const intake = await startIntake({ root, stateDir, log: () => undefined });
    try {
      const keys = path.join(stateDir, 'keys');
      fs.rmSync(keys, { recursive: true });
      fs.writeFileSync(keys, 'not a folder');
      const body = paymentWithoutReporting(root);
      const failed = answered(await submit(intake.port, body));
      assert.equal(failed.status, 500);
      const problem = failed.json as { code: string; detail: string };
      assert.equal(problem.code, 'state-write-failed');
      assert.match(problem.detail, /^The dev intake could not record this request, so nothing ran: ENOTDIR/);
      assert.equal(intake.runsFor(PAYMENT_KEY), 0);

      fs.rmSync(keys);
      fs.mkdirSync(keys);
      assert.equal(answered(await submit(intake.port, body)).status, 202);
      assert.equal(intake.runsFor(PAYMENT_KEY), 1);
    } finally {
      await intake.close();
    }
  });
});
