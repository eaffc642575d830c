// The `foundry emit` transport: the pure argv, a fake `foundry` executable (a node script written
// to a temp folder) that records its argv and stdin, proof that no shell read the payload, output
// caps, timeouts, missing or non-executable CLIs, and the engine's recording of a CLI run.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { idempotencyKey, keyInputs } from '../../server/src/core';
import {
  emitPayload,
  foundryEmitArgs,
  nodeFoundryCli,
  submitRequest,
  submitResultText,
  type EmitFields,
  type FoundryRunRequest,
} from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { fakePorts } from './fakePorts';

let dir: string;
let fakeFoundry: string;
let log: string;
let example: ExampleCopy;

const FAKE = `#!/usr/bin/env node
const fs = require('node:fs');
let stdin = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (stdin += c));
process.stdin.on('end', () => {
  fs.writeFileSync(process.env.FAKE_FOUNDRY_LOG, JSON.stringify({ argv: process.argv.slice(2), stdin }));
  if (process.env.FAKE_FOUNDRY_SLEEP) return setTimeout(() => {}, Number(process.env.FAKE_FOUNDRY_SLEEP));
  if (process.env.FAKE_FOUNDRY_BIG) process.stderr.write('e'.repeat(Number(process.env.FAKE_FOUNDRY_BIG)));
  if (process.env.FAKE_FOUNDRY_STDERR) process.stderr.write(process.env.FAKE_FOUNDRY_STDERR);
  process.stdout.write('emitted\\n');
  process.exitCode = Number(process.env.FAKE_FOUNDRY_EXIT || 0);
});
`;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-foundry-'));
  fakeFoundry = path.join(dir, 'foundry');
  log = path.join(dir, 'log.json');
  fs.writeFileSync(fakeFoundry, FAKE);
  fs.chmodSync(fakeFoundry, 0o755);
  example = copyExample();
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  example.remove();
});

const FIELDS: EmitFields = {
  requestId: 'runreq_01HZ_CHECKOUT_PAYMENT',
  key: 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b',
  projectId: 'checkout-service',
  entryEvent: 'execution_requested',
  throttle: 'dry_run',
  briefId: 'brief_01HZ_CHECKOUT_PAYMENT',
  briefDigest: 'sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa',
  briefPath: '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
  payload: { prompt: 'x' },
};

test('the argv is `emit <entry_event> <project_id> --throttle <throttle> --payload <json>` with the alloy member', () => {
  const args = foundryEmitArgs({ ...FIELDS, callbackUrl: 'http://127.0.0.1:7777/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed' });
  assert.deepEqual(args.slice(0, 6), ['emit', 'execution_requested', 'checkout-service', '--throttle', 'dry_run', '--payload']);
  assert.deepEqual(JSON.parse(args[6]), {
    prompt: 'x',
    alloy: {
      request_id: 'runreq_01HZ_CHECKOUT_PAYMENT',
      brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
      brief_digest: 'sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa',
      brief_path: '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
      idempotency_key: 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b',
      callback_url: 'http://127.0.0.1:7777/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed',
    },
  });
  assert.equal(emitPayload(FIELDS).alloy && (emitPayload(FIELDS).alloy as Record<string, unknown>).callback_url, null, 'no callback: null');
});

function run(request: Partial<FoundryRunRequest>, env: Record<string, string> = {}, options: { maxOutputBytes?: number } = {}) {
  const cli = nodeFoundryCli({ env: { ...process.env, FAKE_FOUNDRY_LOG: log, ...env }, ...options });
  return cli.run({ cliPath: fakeFoundry, args: [], timeoutMs: 10_000, signal: new AbortController().signal, ...request });
}

test('no shell reads the arguments: $(…), ;, backticks and quotes arrive as they are; stdin is empty', async () => {
  const marker = path.join(dir, 'pwned');
  const hostile = `$(touch ${marker}); touch ${marker} \`touch ${marker}\` "quoted" 'single' | & > ${marker}`;
  const args = foundryEmitArgs({ ...FIELDS, payload: { prompt: hostile } });
  const answer = await run({ args });
  assert.deepEqual(answer, { kind: 'exited', exitCode: 0, stdout: 'emitted\n', stderr: '' });
  const seen = JSON.parse(fs.readFileSync(log, 'utf8')) as { argv: string[]; stdin: string };
  assert.deepEqual(seen.argv, args);
  assert.equal((JSON.parse(seen.argv[6]) as { prompt: string }).prompt, hostile);
  assert.equal(seen.stdin, '');
  assert.equal(fs.existsSync(marker), false, 'nothing ran the payload as shell code');
});

test('a non-zero exit comes back with its stderr; big output is capped', async () => {
  assert.deepEqual(await run({ args: ['emit'] }, { FAKE_FOUNDRY_EXIT: '3', FAKE_FOUNDRY_STDERR: 'foundryd is not running' }), {
    kind: 'exited',
    exitCode: 3,
    stdout: 'emitted\n',
    stderr: 'foundryd is not running',
  });
  const big = await run({ args: [] }, { FAKE_FOUNDRY_BIG: '300000' }, { maxOutputBytes: 1000 });
  assert.equal(big.kind === 'exited' && big.stderr, 'e'.repeat(1000) + '\n[output cut at 1000 bytes]');
});

test('a run past its timeout is stopped and reported', async () => {
  const started = Date.now();
  const answer = await run({ timeoutMs: 500 }, { FAKE_FOUNDRY_SLEEP: '20000' });
  assert.deepEqual(answer, {
    kind: 'failed',
    reason: 'timeout',
    message: 'foundry emit did not finish within 500 ms and was stopped',
    stderr: '',
  });
  assert.ok(Date.now() - started < 5000);
});

test('cancelling stops the run', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const answer = await run({ signal: controller.signal }, { FAKE_FOUNDRY_SLEEP: '20000' });
  assert.equal(answer.kind === 'failed' && answer.reason, 'aborted');
});

test('a missing or non-executable CLI says so', async () => {
  assert.deepEqual(await run({ cliPath: path.join(dir, 'nope') }), {
    kind: 'failed',
    reason: 'not-found',
    message: `the foundry CLI was not found at "${path.join(dir, 'nope')}" (set alloy.foundry.cliPath)`,
    stderr: '',
  });
  const plain = path.join(dir, 'plain');
  fs.writeFileSync(plain, '#!/bin/sh\n');
  fs.chmodSync(plain, 0o644);
  assert.deepEqual(await run({ cliPath: plain }), {
    kind: 'failed',
    reason: 'not-executable',
    message: `"${plain}" is not executable`,
    stderr: '',
  });
});

test('the engine runs foundry emit once, records the command, and maps exit codes; never retried', async () => {
  const file = example.request('checkout-payment.json');
  const ok = fakePorts();
  ok.ports.foundry = nodeFoundryCli({ env: { ...process.env, FAKE_FOUNDRY_LOG: log } });
  const accepted = await submitRequest(file, { transport: 'foundry-cli', foundryCliPath: fakeFoundry }, ok.ports);
  assert.equal(submitResultText(accepted), 'accepted (foundry emit exited 0)');
  const argv = (JSON.parse(fs.readFileSync(log, 'utf8')) as { argv: string[] }).argv;
  assert.deepEqual(argv.slice(0, 6), ['emit', 'iteration_requested', 'checkout-service', '--throttle', 'dry_run', '--payload']);
  const [pending, attempt, outcome] = ok.ledger.entries();
  assert.equal(pending.type === 'pending' && pending.transport, 'foundry-cli');
  assert.deepEqual(pending.type === 'pending' && pending.command, argv);
  assert.equal(pending.type === 'pending' && pending.endpoint, undefined);
  assert.deepEqual(attempt.type === 'attempt' && [attempt.attempt, attempt.status], [1, 0]);
  assert.deepEqual(outcome.type === 'outcome' && [outcome.outcome, outcome.status], ['accepted', 0]);

  const failing = fakePorts([], { foundry: { kind: 'exited', exitCode: 3, stdout: '', stderr: 'foundryd is not running\n' } });
  const rejected = await submitRequest(file, { transport: 'foundry-cli' }, failing.ports);
  assert.equal(failing.foundry.calls.length, 1);
  assert.equal(submitResultText(rejected), 'rejected: foundry emit exited 3: foundryd is not running');

  const stopped = fakePorts([], {
    foundry: { kind: 'failed', reason: 'timeout', message: 'foundry emit did not finish within 2 min and was stopped', stderr: '' },
  });
  const givenUp = await submitRequest(file, { transport: 'foundry-cli' }, stopped.ports);
  assert.equal(stopped.foundry.calls.length, 1);
  assert.equal(
    submitResultText(givenUp),
    'given up: foundry emit did not finish within 2 min and was stopped; it may have emitted — check Foundry',
  );
});

test('a payload that already has an "alloy" member is refused for the CLI transport', async () => {
  const text = example.readRequest('checkout-payment.json');
  const data = JSON.parse(text) as { foundry: { payload: Record<string, unknown> } };
  data.foundry.payload.alloy = { mine: true };
  // The payload is a key input: a changed payload needs its key recomputed.
  const withKey = { ...data, idempotency_key: idempotencyKey(keyInputs(data as never)!) };
  const file = example.writeRequest('with-alloy.json', JSON.stringify(withKey, null, 2));
  const fakes = fakePorts();
  const result = await submitRequest(file, { transport: 'foundry-cli' }, fakes.ports);
  assert.equal(
    submitResultText(result, { cwd: example.root }),
    'Not sent: foundry.payload in .alloy/requests/with-alloy.json has a member "alloy", which `foundry emit` ' +
      'submissions fill with the request ids; rename that member.',
  );
  assert.equal(fakes.foundry.calls.length, 0);
});
