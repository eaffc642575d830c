// `alloy submit`, `alloy submissions` and `alloy resend` in-process against the real dev intake on
// 127.0.0.1 and a temporary copy of the example workspace: exact stdout, stderr and exit codes,
// what reached the intake (its attempts and runs per key), and what the ledger holds.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createCallbackReceiver, reportFileSink } from '../../server/src/reports';
import { utcMinute, type PendingEntry } from '../../server/src/submission';
import { delay, startCli } from '../integration/childCli';
import { runInProcess } from './cliHarness';
import {
  cliRuntime,
  ledgerEntries,
  makeWorkspace,
  PAYMENT,
  PAYMENT_ID,
  PAYMENT_KEY,
  startTestIntake,
  type TestIntake,
  type Workspace,
} from './submitHarness';

const TOKEN = 'tok_cli_test_Zq8xW3vN';

async function withIntake(
  body: (ws: Workspace, intake: TestIntake) => Promise<void>,
  options: Parameters<typeof startTestIntake>[1] = {},
): Promise<void> {
  const ws = await makeWorkspace();
  const intake = await startTestIntake(ws.root, options);
  try {
    await body(ws, intake);
  } finally {
    await intake.close();
    ws.remove();
  }
}

function pendingOf(ws: Workspace): PendingEntry[] {
  return ledgerEntries(ws).filter((e): e is PendingEntry => e.type === 'pending');
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

test('submit: accepted (exit 0) with progress on stderr; the second submit is "already submitted" and sends nothing', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    const args = ['submit', PAYMENT, '--endpoint', intake.endpoint];
    const first = await runInProcess(args, ws.root, runtime);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `${PAYMENT}: accepted (202)\n`);
    const progress = lines(first.stderr);
    assert.deepEqual(progress.slice(0, 3), [
      `alloy: recorded ${PAYMENT_ID} in the ledger; sending`,
      'alloy: attempt 1 of 5',
      'alloy: attempt 1: 202',
    ]);
    assert.match(progress[3], /^alloy: finished: accepted \(\d+ (ms|s)\)$/);
    assert.equal(progress.length, 4);
    assert.deepEqual(
      ledgerEntries(ws).map((e) => e.type),
      ['pending', 'attempt', 'outcome'],
    );
    const [pending] = pendingOf(ws);
    assert.equal(pending.sha256, 'sha256:' + createHash('sha256').update(ws.read(PAYMENT)).digest('hex'));

    const second = await runInProcess(args, ws.root, runtime);
    assert.deepEqual(second, { code: 0, stdout: `${PAYMENT}: already submitted at ${utcMinute(pending.at)} (answer 202)\n`, stderr: '' });
    assert.equal(intake.attempts().length, 1);
    assert.equal(intake.runsFor(PAYMENT_KEY), 1);
    assert.equal(ws.ledgerLines().length, 3, 'nothing more is recorded');
  });
});

test('a formatting-only edit after a submit is refused before any byte is sent (exit 2), with a diff of the submitted bytes', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    assert.equal((await runInProcess(['submit', PAYMENT, '--endpoint', intake.endpoint], ws.root, runtime)).code, 0);
    const when = utcMinute(pendingOf(ws)[0].at);
    const original = ws.read(PAYMENT).toString('utf8');
    fs.writeFileSync(ws.file(PAYMENT), original.replace('"requested_by": "stacey",', '"requested_by":  "stacey",'));
    const run = await runInProcess(['submit', PAYMENT, '--endpoint', intake.endpoint], ws.root, runtime);
    assert.equal(run.code, 2);
    assert.equal(
      run.stdout,
      `${PAYMENT}: Not sent: the key ${PAYMENT_KEY} was already submitted at ${when} (answer 202) with other bytes; ` +
        'formatting only (the data is the same, the bytes are not). A server would call this a key reuse, and once it forgets ' +
        'the key it would run the request twice. Restore the submitted bytes (compare with them), or: To run the same intent ' +
        'again on purpose, change an input of the key (for example foundry.payload or repo.revision) and recompute the key.\n',
    );
    const submission = pendingOf(ws)[0].submission;
    assert.equal(
      run.stderr,
      `alloy: the bytes submitted at ${when} against ${PAYMENT}:\n` +
        `--- submitted at ${when} (${submission})\n` +
        `+++ ${PAYMENT}\n` +
        '@@ -5,3 +5,3 @@\n' +
        '   "project_id": "checkout-service",\n' +
        '-  "requested_by": "stacey",\n' +
        '+  "requested_by":  "stacey",\n' +
        '   "requested_at": "2026-06-06T10:05:00-04:00",\n',
    );
    assert.equal(intake.attempts().length, 1, 'the intake saw no new attempt');
    assert.equal(ws.ledgerLines().length, 3, 'no new ledger line');
  });
});

test('a request with errors is refused with the diagnostics `alloy check` gives, line for line (exit 2)', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    for (const file of ['.alloy/requests/broken-key-mismatch.json', '.alloy/requests/broken-digest-mismatch.json']) {
      const check = await runInProcess(['check', file], ws.root);
      assert.equal(check.code, 1);
      const errors = lines(check.stdout).filter((line) => line.includes(': error '));
      const run = await runInProcess(['submit', file, '--endpoint', intake.endpoint], ws.root, runtime);
      assert.equal(run.code, 2);
      const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
      assert.equal(
        run.stdout,
        [`Not sent: ${file} has ${count} (the same ones \`alloy check\` reports):`, ...errors.map((e) => `  ${e}`)].join('\n') + '\n',
      );
      assert.equal(run.stderr, '');
    }
    assert.equal(intake.attempts().length, 0);
    assert.equal(fs.existsSync(ws.ledger), false, 'no ledger line was written');
  });
});

test('throttle "full" is refused without --yes, naming project, branch and brief; with --yes the intake’s 422 is exit 1 with its problem details', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    const file = '.alloy/requests/full.json';
    const key = ws.variant(file, (r) => (r.foundry.throttle = 'full'));
    const refused = await runInProcess(['submit', file, '--endpoint', intake.endpoint], ws.root, runtime);
    assert.deepEqual(refused, {
      code: 2,
      stdout:
        `${file}: Not sent: ${PAYMENT_ID} runs with throttle "full" (mutators change the repository): project checkout-service, ` +
        'branch alloy/checkout-payment, brief brief_01HZ_CHECKOUT_PAYMENT (.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml). ' +
        'Confirm to send it (the CLI takes --yes).\n',
      stderr: '',
    });
    assert.equal(intake.attempts().length, 0);

    const sent = await runInProcess(['submit', file, '--endpoint', intake.endpoint, '--yes'], ws.root, runtime);
    assert.equal(sent.code, 1);
    assert.equal(
      sent.stdout,
      `${file}: rejected (422): The request is not valid — 1 error, nothing was run: throttle-full-refused: This dev intake refuses ` +
        'throttle: full unless it was started with --allow-full (and even then it only simulates).; nothing ran, fix the request ' +
        'and submit again\n',
    );
    assert.equal(lines(sent.stderr)[2], 'alloy: attempt 1: 422');
    assert.equal(intake.attempts().length, 1);
    assert.equal(intake.runsFor(key), 0);
  });
});

test('--wait prints accepted → started → completed as they arrive, then the run summary; `alloy submissions` shows it completed', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    const run = await runInProcess(
      ['submit', PAYMENT, '--endpoint', intake.endpoint, '--wait', '--wait-timeout', '20000'],
      ws.root,
      runtime,
    );
    assert.equal(run.code, 0, run.stderr);
    const result = intake.resultFor(PAYMENT_KEY)!;
    const reportLine = lines(run.stdout).find((line) => line.startsWith('  report: '))!;
    assert.match(
      reportLine,
      /^ {2}report: \.alloy\/reports\/runreq_01HZ_CHECKOUT_PAYMENT\/completed-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}\.json$/,
    );
    assert.equal(
      run.stdout,
      [
        `${PAYMENT}: accepted (202)`,
        `${PAYMENT_ID}: accepted`,
        `${PAYMENT_ID}: started`,
        `${PAYMENT_ID}: completed`,
        `run ${result.foundry_run_id} completed: status completed`,
        '  gates: 3 passed, 0 failed',
        '  evidence: 2 satisfied, 0 missing — 2 required by the brief',
        '  capabilities at risk: none',
        '  errors: none',
        reportLine,
      ].join('\n') + '\n',
    );
    assert.equal(lines(run.stderr)[0], `alloy: listening for reports on 127.0.0.1:${ws.callbackPort}`);
    const stored = fs.readdirSync(ws.file(`.alloy/reports/${PAYMENT_ID}`)).sort();
    assert.deepEqual(
      stored.map((name) => name.split('-')[0]),
      ['accepted', 'completed', 'started'],
    );

    const list = await runInProcess(['submissions'], ws.root, runtime);
    const when = utcMinute(pendingOf(ws)[0].at);
    assert.deepEqual(list, {
      code: 0,
      stdout:
        'REQUEST                       KEY                  WHEN                  STATE      ANSWER\n' +
        `${PAYMENT_ID}  sha256:7833fa03b1ae  ${when}  completed  202\n`,
      stderr: `alloy: ledger ${ws.ledger}: 1 submission\n`,
    });
    const json = JSON.parse((await runInProcess(['submissions', '--format', 'json'], ws.root, runtime)).stdout);
    assert.equal(json.ledger, ws.ledger);
    assert.deepEqual(
      json.submissions.map((s: { requestId: string; state: string; ledgerState: string; source: string; status: number }) => [
        s.requestId,
        s.state,
        s.ledgerState,
        s.source,
        s.status,
      ]),
      [[PAYMENT_ID, 'completed', 'accepted', 'report', 202]],
    );
  });
});

test('--wait on a failed run prints failed and its errors (exit 1); a second submit shows the stored result without waiting', async () => {
  await withIntake(
    async (ws, intake) => {
      const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
      const args = ['submit', PAYMENT, '--endpoint', intake.endpoint, '--wait', '--wait-timeout', '20000'];
      const run = await runInProcess(args, ws.root, runtime);
      assert.equal(run.code, 1, run.stderr);
      const out = lines(run.stdout);
      assert.deepEqual(out.slice(0, 4), [
        `${PAYMENT}: accepted (202)`,
        `${PAYMENT_ID}: accepted`,
        `${PAYMENT_ID}: started`,
        `${PAYMENT_ID}: failed`,
      ]);
      assert.equal(out[4], `run ${intake.resultFor(PAYMENT_KEY)!.foundry_run_id} failed: status failed`);
      assert.equal(out.filter((l) => l.startsWith('  errors: ')).join(), '  errors: 1');
      assert.match(
        out.find((l) => l.startsWith('    execution: '))!,
        /^ {4}execution: \S/,
      );

      const again = await runInProcess(args, ws.root, runtime);
      assert.equal(again.code, 1);
      const when = utcMinute(pendingOf(ws)[0].at);
      assert.deepEqual(lines(again.stdout).slice(0, 3), [
        `${PAYMENT}: already submitted at ${when} (answer 202)`,
        `${PAYMENT_ID}: not waiting: it was submitted before; its stored reports say failed`,
        out[4],
      ]);
      assert.equal(intake.attempts().length, 1);
    },
    { faults: ['fail-run'] },
  );
});

test('--wait is refused before sending when no report can come back here (no callback_url, or an https one)', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    ws.variant('.alloy/requests/silent.json', (r) => delete r.reporting);
    ws.variant(
      '.alloy/requests/remote.json',
      (r) => (r.reporting!.callback_url = 'https://alloy.example.test/api/run-requests/x/completed'),
    );
    const run = await runInProcess(
      ['submit', '.alloy/requests/silent.json', '.alloy/requests/remote.json', '--endpoint', intake.endpoint, '--wait'],
      ws.root,
      runtime,
    );
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr:
        'alloy: --wait: .alloy/requests/silent.json has no reporting.callback_url, so no report would come back; submit it without --wait\n' +
        'alloy: --wait: .alloy/requests/remote.json cannot be waited for here: https callback URLs are answered by their own server, ' +
        'not by a local receiver; its reports go to that server (submit it without --wait, and import them with "Alloy: Import Report…")\n' +
        'alloy: nothing was sent\n',
    });
    assert.equal(intake.attempts().length, 0);
  });
});

test('Retry-After is waited out on the same key and bytes and said on stderr; an exhausted budget is "given up" (exit 1)', async () => {
  await withIntake(
    async (ws, intake) => {
      const waits: number[] = [];
      const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger }, { sleep: async (ms) => void waits.push(ms) });
      const run = await runInProcess(['submit', PAYMENT, '--endpoint', intake.endpoint], ws.root, runtime);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${PAYMENT}: accepted (202) after 3 attempts\n`);
      assert.deepEqual(lines(run.stderr).slice(0, 7), [
        `alloy: recorded ${PAYMENT_ID} in the ledger; sending`,
        'alloy: attempt 1 of 5',
        'alloy: attempt 1: 503',
        'alloy: waiting 1 s (Retry-After) before attempt 2 of 5',
        'alloy: attempt 2 of 5',
        'alloy: attempt 2: 503',
        'alloy: waiting 1 s (Retry-After) before attempt 3 of 5',
      ]);
      assert.deepEqual(waits, [1000, 1000]);
      const bodies = new Set(intake.attempts().map((a) => `${a.key} ${a.body_sha256}`));
      assert.equal(bodies.size, 1, 'every attempt carried the same key and bytes');

      intake.setFaults(['error']);
      const file = '.alloy/requests/again.json';
      ws.variant(file, (r) => (r.foundry.payload.max_iterations = 4));
      const given = await runInProcess(['submit', file, '--endpoint', intake.endpoint, '--max-attempts', '2'], ws.root, runtime);
      assert.equal(given.code, 1);
      assert.match(given.stdout, /^\.alloy\/requests\/again\.json: given up after 2 attempts over \d+ ms: /);
    },
    { faults: ['unavailable=2'] },
  );
});

test('ALLOY_TOKEN is sent but never appears in any output, ledger line or report file', async () => {
  await withIntake(
    async (ws, intake) => {
      const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger, ALLOY_TOKEN: TOKEN });
      const outputs = [
        await runInProcess(['submit', PAYMENT, '--endpoint', intake.endpoint, '--wait', '--wait-timeout', '20000'], ws.root, runtime),
        await runInProcess(['submit', PAYMENT, '--endpoint', intake.endpoint, '--format', 'json'], ws.root, runtime),
        await runInProcess(['submissions', '--format', 'json'], ws.root, runtime),
        await runInProcess(['submissions'], ws.root, runtime),
      ];
      assert.equal(outputs[0].code, 0, outputs[0].stderr);
      const wrong = await runInProcess(
        ['submit', PAYMENT, '--endpoint', intake.endpoint],
        ws.root,
        cliRuntime({ ALLOY_LEDGER: path.join(ws.dir, 'other.jsonl'), ALLOY_TOKEN: 'not-the-token' }),
      );
      assert.equal(wrong.code, 1, 'the intake requires the token: a wrong one is refused');
      assert.match(wrong.stdout, /not authorised \(401\)/);
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else files.push(full);
        }
      };
      walk(ws.dir);
      const reports = files.filter((f) => f.includes(`${path.sep}reports${path.sep}`));
      assert.equal(reports.length, 3);
      assert.ok(files.includes(ws.ledger));
      const texts = [...outputs, wrong].flatMap((o) => [o.stdout, o.stderr]);
      for (const text of [...texts, ...files.map((f) => fs.readFileSync(f, 'latin1'))]) {
        for (const form of [TOKEN, Buffer.from(TOKEN).toString('base64')])
          assert.ok(!text.includes(form), `the token leaked: ${text.slice(0, 200)}`);
      }
    },
    { token: TOKEN },
  );
});

/** A process id that is not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('resend: an "outcome unknown" entry (pending, over 24 h old, dead writer) is re-sent with its recorded bytes and key; other keys are refused, saying why', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    const file = '.alloy/requests/old.json';
    const key = ws.variant(file, (r) => (r.foundry.payload.max_iterations = 7));
    const bytes = ws.read(file);
    const sha = 'sha256:' + createHash('sha256').update(bytes).digest('hex');
    const at = new Date(Date.now() - 25 * 3600_000).toISOString();
    const pending: PendingEntry = {
      v: 1,
      submission: 'sub_outcomeunknown000001',
      at,
      key,
      requestId: PAYMENT_ID,
      type: 'pending',
      requestFile: ws.file(file),
      root: ws.root,
      bytes: bytes.toString('base64'),
      sha256: sha,
      transport: 'http',
      endpoint: intake.endpoint.replace('{project_id}', 'checkout-service'),
      endpointHost: `127.0.0.1:${intake.port}`,
      owner: { pid: deadPid(), until: new Date(Date.now() - 24 * 3600_000).toISOString() },
    };
    fs.mkdirSync(path.dirname(ws.ledger), { recursive: true });
    fs.writeFileSync(ws.ledger, JSON.stringify(pending) + '\n');

    const list = await runInProcess(['submissions'], ws.root, runtime);
    assert.equal(list.code, 0);
    assert.equal(lines(list.stdout)[1], `${PAYMENT_ID}  ${key.slice(0, 19)}  ${utcMinute(at)}  outcome unknown  -`);
    assert.equal(
      lines(list.stderr)[1],
      `alloy: ${PAYMENT_ID}: outcome unknown — check Foundry; if it has no run of it, \`alloy resend ${key.slice(0, 19)}\` sends the recorded bytes again with the same key`,
    );

    // A submit of the same file does not send it again on its own: it says to check Foundry.
    const submit = await runInProcess(['submit', file, '--endpoint', intake.endpoint], ws.root, runtime);
    assert.equal(submit.code, 2);
    assert.match(
      submit.stdout,
      /and its outcome is unknown — check Foundry \(the submission was interrupted more than the automatic re-send window ago\)/,
    );
    assert.match(
      submit.stderr,
      /^alloy: outcome unknown — check Foundry: runreq_01HZ_CHECKOUT_PAYMENT \(key sha256:[0-9a-f]{64}\) was submitted at /,
    );
    assert.equal(intake.attempts().length, 0);

    // Edit the file meanwhile: resend still sends the RECORDED bytes.
    fs.writeFileSync(ws.file(file), bytes.toString('utf8').replace('"stacey"', '"someone-else"'));
    const resent = await runInProcess(['resend', key.slice(7, 7 + 10)], ws.root, runtime);
    assert.equal(resent.code, 0, resent.stderr);
    assert.equal(resent.stdout, `${file}: recorded bytes re-sent: accepted (202)\n`);
    const [attempt] = intake.attempts();
    assert.equal(intake.attempts().length, 1);
    assert.equal(`sha256:${attempt.body_sha256}`, sha);
    assert.equal(attempt.key, key);
    const resend = pendingOf(ws)[1];
    assert.equal(resend.resendOf, pending.submission);

    // Anything Foundry already has, and keys the ledger does not know, are refused (exit 2) with the reason.
    assert.deepEqual(await runInProcess(['resend', key], ws.root, runtime), {
      code: 2,
      stdout: `Nothing resent for the key ${key}: Foundry already has it (accepted (202) at ${utcMinute(resend.at)}); sending it again is never needed.\n`,
      stderr: '',
    });
    assert.deepEqual(await runInProcess(['submit', '--resend', 'sha256:0000000000'], ws.root, runtime), {
      code: 2,
      stdout: '',
      stderr: `alloy: no submission in the ledger has a key starting sha256:0000000000 (${ws.ledger})\n`,
    });
    assert.deepEqual(await runInProcess(['resend', 'abc'], ws.root, runtime), {
      code: 2,
      stdout: '',
      stderr: `alloy: "abc" is not a key: give sha256:<64 hex digits>, or at least its first 8 hex digits (${ws.ledger})\n`,
    });
    assert.equal(intake.attempts().length, 1);
  });
});

test('submit --format json: one document with each request’s result, key and exit code', async () => {
  await withIntake(async (ws, intake) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    const run = await runInProcess(
      ['submit', PAYMENT, '.alloy/requests/broken-syntax.json', '--endpoint', intake.endpoint, '--format', 'json'],
      ws.root,
      runtime,
    );
    assert.equal(run.code, 2);
    const document = JSON.parse(run.stdout);
    assert.equal(document.ledger, ws.ledger);
    assert.equal(document.exitCode, 2);
    assert.deepEqual(document.recovery, { resent: [], unknown: [], refusals: [] });
    assert.deepEqual(
      document.requests.map((r: Record<string, unknown>) => [r.file, r.result, r.exitCode, r.requestId, r.key, r.status, r.refusal]),
      [
        [PAYMENT, 'accepted', 0, PAYMENT_ID, PAYMENT_KEY, 202, undefined],
        ['.alloy/requests/broken-syntax.json', 'refused', 2, undefined, undefined, undefined, 'has-errors'],
      ],
    );
  });
});

test('no usable ledger, or no endpoint, is said plainly and nothing is sent (exit 2)', async () => {
  await withIntake(async (ws, intake) => {
    assert.deepEqual(
      await runInProcess(['submit', PAYMENT, '--endpoint', intake.endpoint], ws.root, cliRuntime({ ALLOY_LEDGER: 'relative.jsonl' })),
      {
        code: 2,
        stdout: '',
        stderr:
          'alloy: no ledger can be used: ALLOY_LEDGER must be an absolute path, not "relative.jsonl" ' +
          '(a relative one would change with the folder you run in)\n',
      },
    );
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    assert.deepEqual(await runInProcess(['submit', PAYMENT], ws.root, runtime), {
      code: 2,
      stdout:
        `${PAYMENT}: Not sent: the endpoint (empty) cannot be used: no endpoint is set (the editor setting alloy.submit.endpoint; ` +
        'the CLI takes --endpoint or ALLOY_ENDPOINT).\n',
      stderr: '',
    });
    const viaEnv = await runInProcess(
      ['submit', PAYMENT],
      ws.root,
      cliRuntime({ ALLOY_LEDGER: ws.ledger, ALLOY_ENDPOINT: intake.endpoint }),
    );
    assert.equal(viaEnv.stdout, `${PAYMENT}: accepted (202)\n`);
    assert.equal(intake.attempts().length, 1);
  });
});

test('--transport foundry-cli runs the given foundry (no shell) with emit arguments; exit 0 is accepted, another exit rejected with its stderr', async () => {
  await withIntake(async (ws) => {
    const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
    const foundry = path.join(ws.dir, 'foundry');
    const argsFile = path.join(ws.dir, 'argv.json');
    fs.writeFileSync(
      foundry,
      `#!${process.execPath}\n` +
        `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\n` +
        "if (JSON.parse(process.argv[8]).max_iterations === 9) { process.stderr.write('quota exceeded for checkout-service'); process.exit(3); }\n",
      { mode: 0o755 },
    );
    const run = await runInProcess(['submit', PAYMENT, '--transport', 'foundry-cli', '--foundry', foundry], ws.root, runtime);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${PAYMENT}: accepted (foundry emit exited 0)\n`);
    const argv = JSON.parse(fs.readFileSync(argsFile, 'utf8')) as string[];
    assert.deepEqual(argv.slice(0, 6), ['emit', 'iteration_requested', 'checkout-service', '--throttle', 'dry_run', '--payload']);
    const payload = JSON.parse(argv[6]);
    assert.equal(payload.max_iterations, 3);
    assert.deepEqual([payload.alloy.request_id, payload.alloy.idempotency_key], [PAYMENT_ID, PAYMENT_KEY]);

    const file = '.alloy/requests/over-quota.json';
    ws.variant(file, (r) => (r.foundry.payload.max_iterations = 9));
    const rejected = await runInProcess(['submit', file, '--transport', 'foundry-cli', '--foundry', foundry], ws.root, runtime);
    assert.deepEqual(
      [rejected.code, rejected.stdout],
      [1, `${file}: rejected: foundry emit exited 3: quota exceeded for checkout-service\n`],
    );
  });
});

test('Ctrl-C while waiting for an answer cancels the send: the ledger records it and the CLI exits 130', async () => {
  await withIntake(
    async (ws, intake) => {
      const run = startCli(['submit', PAYMENT, '--endpoint', intake.endpoint], ws.root, { ALLOY_LEDGER: ws.ledger });
      const deadline = Date.now() + 20_000;
      while (!run.output().stderr.includes('alloy: attempt 1 of 5\n')) {
        assert.ok(Date.now() < deadline, 'the child started its first attempt');
        await delay(10);
      }
      // The intake holds its answer for 3 s: the request is on the wire when Ctrl-C comes.
      await delay(200);
      run.child.kill('SIGINT');
      const result = await run.done;
      assert.equal(result.code, 130, result.stderr);
      assert.match(
        result.stdout,
        /^\.alloy\/requests\/checkout-payment\.json: cancelled during attempt 1; Foundry may have received it\n$/,
      );
      assert.match(result.stderr, /alloy: interrupted; stopping \(press Ctrl-C again to quit at once\)\n/);
      const outcome = ledgerEntries(ws).find((e) => e.type === 'outcome');
      assert.deepEqual([outcome?.type, (outcome as { outcome?: string }).outcome], ['outcome', 'cancelled']);
    },
    { faults: ['slow-response=3000'] },
  );
});

test('--wait when the callback port is taken (an editor receiver listens there): it says so and follows the report files instead', async () => {
  await withIntake(async (ws, intake) => {
    const editor = createCallbackReceiver({
      address: { name: '127.0.0.1', port: ws.callbackPort },
      isKnownRequest: (id) => id === PAYMENT_ID,
      sink: reportFileSink(() => ws.root),
    });
    assert.equal((await editor.start()).ok, true);
    try {
      const runtime = cliRuntime({ ALLOY_LEDGER: ws.ledger });
      const run = await runInProcess(
        ['submit', PAYMENT, '--endpoint', intake.endpoint, '--wait', '--wait-timeout', '20000'],
        ws.root,
        runtime,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        lines(run.stderr)[0],
        `alloy: port ${ws.callbackPort} on 127.0.0.1 is in use by another program; reports will arrive only as files or by import — ` +
          'watching the report files under .alloy/reports/ instead (an editor listening there files them)',
      );
      assert.deepEqual(lines(run.stdout).slice(0, 5), [
        `${PAYMENT}: accepted (202)`,
        `${PAYMENT_ID}: accepted`,
        `${PAYMENT_ID}: started`,
        `${PAYMENT_ID}: completed`,
        `run ${intake.resultFor(PAYMENT_KEY)!.foundry_run_id} completed: status completed`,
      ]);
    } finally {
      await editor.stop();
    }
  });
});
