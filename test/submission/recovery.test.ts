// Crash recovery (SPEC §7.4): an interrupted `pending` whose writer is gone is re-sent with the
// RECORDED bytes and the same key while younger than 24 h (even when the file changed since);
// older ones, and interrupted CLI runs, are "outcome unknown — check Foundry"; "Resend (same key)".

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, test } from 'node:test';
import { idempotencyKey, keyInputs, type JsonValue } from '../../server/src/core';
import {
  listSubmissions,
  recoverPending,
  resendRecorded,
  submissionLine,
  submitRequest,
  submitResultText,
  unknownOutcomeText,
  type PendingEntry,
} from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { fakePorts, response, START, type Fakes } from './fakePorts';
import { TokenWitness } from './tokenWitness';

const ENDPOINT = 'https://foundry.example.test/api/projects/{project_id}/run-requests';
const SENT_TO = 'https://foundry.example.test/api/projects/checkout-service/run-requests';
const KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
const TOKEN = 'tok_S3CRET_recovery_0b0b';
const HOUR = 3_600_000;
const witness = new TokenWitness(TOKEN);

let example: ExampleCopy;
let original: string;
let file: string;

before(() => {
  example = copyExample();
  file = example.request('checkout-payment.json');
  original = example.readRequest('checkout-payment.json');
});
afterEach(() => example.writeRequest('checkout-payment.json', original));
after(() => {
  example.remove();
  witness.assertClean();
});

function sha(text: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

/** A pending line left by process 999, which crashed `ageMs` ago. */
function crashedPending(ageMs: number, overrides: Partial<PendingEntry> = {}): PendingEntry {
  const at = START - ageMs;
  return {
    v: 1,
    submission: 'sub_crashed0000000000000',
    at: new Date(at).toISOString(),
    key: KEY,
    requestId: 'runreq_01HZ_CHECKOUT_PAYMENT',
    type: 'pending',
    requestFile: file,
    root: example.root,
    bytes: Buffer.from(original).toString('base64'),
    sha256: sha(original),
    transport: 'http',
    endpoint: SENT_TO,
    endpointHost: 'foundry.example.test',
    owner: { pid: 999, start: 'boot:9', until: new Date(at + 210_000).toISOString() },
    ...overrides,
  };
}

function seed(fakes: Fakes, ...entries: object[]): void {
  fakes.ledger.text = entries.map((e) => JSON.stringify(e) + '\n').join('');
}

function changedFile(): void {
  const data = JSON.parse(original) as { requested_at: string; idempotency_key: string };
  data.requested_at = '2026-12-01T09:00:00-05:00';
  data.idempotency_key = idempotencyKey(keyInputs(data as unknown as JsonValue)!);
  example.writeRequest('checkout-payment.json', JSON.stringify(data, null, 2));
}

test('a young pending of a dead process is re-sent with the recorded bytes, even though the file changed', async () => {
  const fakes = fakePorts([response(202)]);
  seed(fakes, crashedPending(HOUR));
  changedFile();
  const report = await recoverPending({ token: TOKEN }, fakes.ports);
  witness.record(report, fakes.ledger.text);
  assert.equal(report.resent.length, 1);
  assert.deepEqual(report.unknown, []);
  const [call] = fakes.transport.calls;
  assert.equal(call.url, SENT_TO);
  assert.equal(call.idempotencyKey, KEY);
  assert.equal(sha(call.body), sha(original), 'the recorded bytes, not the file as it is now');
  const lines = fakes.ledger.entries();
  assert.deepEqual(
    lines.map((e) => [e.type, e.type === 'pending' ? e.resendOf : undefined]),
    [
      ['pending', undefined],
      ['pending', 'sub_crashed0000000000000'],
      ['attempt', undefined],
      ['outcome', undefined],
    ],
  );
  assert.equal(submitResultText({ ...report.resent[0], warnings: [], recovered: [] }), 'recorded bytes re-sent: accepted (202)');
  const again = await recoverPending({ token: TOKEN }, fakes.ports);
  assert.deepEqual([again.resent.length, again.unknown.length], [0, 0], 'a resolved pending is not re-sent twice');
});

test('a pending older than 24 h is reported as outcome unknown, never re-sent automatically', async () => {
  const fakes = fakePorts([response(202)]);
  seed(fakes, crashedPending(25 * HOUR));
  const report = await recoverPending({ token: TOKEN }, fakes.ports);
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(report.unknown.length, 1);
  assert.equal(
    unknownOutcomeText(report.unknown[0]),
    `outcome unknown — check Foundry: runreq_01HZ_CHECKOUT_PAYMENT (key ${KEY}) was submitted at 2026-11-30 13:02 UTC; ` +
      'it was interrupted more than the automatic re-send window ago. If Foundry has no run for it, use "Resend (same key)" ' +
      `(\`alloy resend ${KEY}\`).`,
  );
  const submitted = await submitRequest(file, { endpoint: ENDPOINT, token: TOKEN }, fakes.ports);
  assert.equal(submitted.kind === 'refused' && submitted.refusal.kind, 'outcome-unknown');
  assert.equal(fakes.transport.calls.length, 0);
  const list = await listSubmissions(fakes.ports);
  assert.ok(list.ok);
  assert.equal(list.ok && list.submissions[0].state, 'outcome-unknown');
});

test('the window is a setting: 2 h makes a 3 h old pending unknown, 4 h makes it re-sent', async () => {
  for (const [windowMs, resent] of [
    [2 * HOUR, 0],
    [4 * HOUR, 1],
  ] as const) {
    const fakes = fakePorts([response(202)]);
    seed(fakes, crashedPending(3 * HOUR));
    const report = await recoverPending({ resendWindowMs: windowMs }, fakes.ports);
    assert.equal(report.resent.length, resent);
    assert.equal(fakes.transport.calls.length, resent);
  }
});

test('"Resend (same key)" sends an old interrupted submission again on request, once', async () => {
  const fakes = fakePorts([response(202)]);
  seed(fakes, crashedPending(30 * HOUR));
  const result = await resendRecorded(KEY, { token: TOKEN }, fakes.ports);
  witness.record(result);
  assert.equal(result.kind === 'sent' && result.resendOf, 'sub_crashed0000000000000');
  assert.equal(sha(fakes.transport.calls[0].body), sha(original));
  const list = await listSubmissions(fakes.ports);
  assert.ok(list.ok);
  if (!list.ok) return;
  assert.deepEqual(
    list.submissions.map((s) => [s.state, s.resentBy !== undefined]),
    [
      ['outcome-unknown', true],
      ['accepted', false],
    ],
  );
  assert.equal(
    submissionLine(list.submissions[1]),
    `2026-12-01 14:02 UTC  runreq_01HZ_CHECKOUT_PAYMENT  accepted (202)  → foundry.example.test  ${KEY}`,
  );
  const twice = await resendRecorded(KEY, { token: TOKEN }, fakes.ports);
  assert.equal(twice.kind, 'already-submitted');
  assert.equal(fakes.transport.calls.length, 1);
  const none = await resendRecorded('sha256:' + 'f'.repeat(64), {}, fakes.ports);
  assert.equal(submitResultText(none), `Nothing resent for the key sha256:${'f'.repeat(64)}: the ledger has no submission with its bytes.`);
});

test('a process that is alive and within its budget is left alone; past its budget it counts as interrupted', async () => {
  const alive = fakePorts([response(202)]);
  alive.owners.alive.add(999);
  seed(alive, crashedPending(60_000));
  assert.equal((await recoverPending({}, alive.ports)).resent.length, 0);
  const stalled = fakePorts([response(202)]);
  stalled.owners.alive.add(999);
  seed(stalled, crashedPending(HOUR));
  assert.equal((await recoverPending({}, stalled.ports)).resent.length, 1);
});

test('an interrupted foundry emit run is never repeated automatically', async () => {
  const fakes = fakePorts();
  seed(
    fakes,
    crashedPending(60_000 * 10, { transport: 'foundry-cli', endpoint: undefined, endpointHost: undefined, command: ['emit', 'x'] }),
  );
  const report = await recoverPending({}, fakes.ports);
  assert.equal(fakes.foundry.calls.length, 0);
  assert.equal(report.unknown[0].reason, 'the foundry emit run was interrupted, and a CLI run is never repeated automatically');
});

test('submitting the same file over a young interrupted pending re-sends the recorded bytes: that is the answer', async () => {
  const fakes = fakePorts([response(202)]);
  seed(fakes, crashedPending(HOUR));
  const result = await submitRequest(file, { endpoint: ENDPOINT, token: TOKEN }, fakes.ports);
  witness.record(result);
  assert.equal(result.kind, 'sent');
  assert.equal(result.kind === 'sent' && result.resendOf, 'sub_crashed0000000000000');
  assert.deepEqual(result.recovered, []);
  assert.equal(fakes.transport.calls.length, 1);
});

test('submitting a changed file over a young interrupted pending: the recorded bytes go first, then the change is refused', async () => {
  const fakes = fakePorts([response(202)]);
  seed(fakes, crashedPending(HOUR));
  changedFile();
  const result = await submitRequest(file, { endpoint: ENDPOINT, token: TOKEN }, fakes.ports);
  witness.record(result);
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(sha(fakes.transport.calls[0].body), sha(original));
  assert.equal(result.kind === 'refused' && result.refusal.kind, 'key-reused');
  assert.equal(result.recovered.length, 1);
  const [recoveredLine, refusalLine] = submitResultText(result).split('\n');
  assert.equal(recoveredLine, 'interrupted submission of runreq_01HZ_CHECKOUT_PAYMENT first: recorded bytes re-sent: accepted (202)');
  assert.match(refusalLine, /^Not sent: the key .* fields that differ: requested_at\./);
});

test('given up: the same bytes may be submitted again within the window (same key), not after it', async () => {
  const young = fakePorts([response(503), response(202)]);
  const first = await submitRequest(file, { endpoint: ENDPOINT, retry: { maxAttempts: 1 } }, young.ports);
  assert.equal(first.kind === 'sent' && first.outcome, 'given-up');
  young.clock.advance(HOUR);
  const second = await submitRequest(file, { endpoint: ENDPOINT }, young.ports);
  assert.equal(second.kind === 'sent' && second.outcome, 'accepted');
  assert.equal(second.kind === 'sent' && second.resendOf, first.kind === 'sent' ? first.submission : '');

  const old = fakePorts([response(503)]);
  await submitRequest(file, { endpoint: ENDPOINT, retry: { maxAttempts: 1 } }, old.ports);
  old.clock.advance(25 * HOUR);
  const late = await submitRequest(file, { endpoint: ENDPOINT }, old.ports);
  assert.equal(late.kind === 'refused' && late.refusal.kind, 'outcome-unknown');
  assert.match(submitResultText(late), /its outcome is unknown — check Foundry \(it was given up and may have been received\)/);
});
