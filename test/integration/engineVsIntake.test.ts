// The submission engine against the real local Foundry intake, over real HTTP on 127.0.0.1 (SPEC
// §7.2 is the contract; neither was written against the other): the exact wire under each fault
// alone, seen by a recording proxy; a seeded schedule of thousands of fault combinations run in
// child processes against a model of the contract; and, last, the token searched for everywhere.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { INTAKE_PATH_TEMPLATE, startIntake, type AttemptEntry, type Intake } from '../../server/src/devIntake';
import {
  parseLedger,
  progressText,
  submitRequest,
  submitResultText,
  type LedgerEntry,
  type SentResult,
  type SubmitOptions,
  type SubmitProgress,
  type SubmitResult,
} from '../../server/src/submission';
import { CallbackCounter, enginePorts, intakeSleep, sharedTime, START, type SharedTime } from './engineVsIntakePorts';
import { startRecordingProxy, type Exchange, type RecordingProxy } from './engineVsIntakeProxy';
import { OutputWitness } from './engineVsIntakeWitness';
import {
  copyExampleWorkspace,
  editBrief,
  sha256Hex,
  withRecomputedKey,
  type IntegrationWorkspace,
  type RequestVariant,
} from './engineVsIntakeWorkspace';
import { judgeCombination, predictFirstSubmit, type Combination, type CombinationRun } from './faultCombinations';
import { runSlices } from './faultCombinationSlices';

const TOKEN = 'tok_SECRET_engine_vs_intake_7Qx2Lm';
const WRONG_TOKEN = 'tok_SECRET_not_this_intake_9Zk4Rw';
const INTAKE_PATH = '/v1/projects/checkout-service/execution-requests';
const SEED = 20261201;

const witness = new OutputWitness();
const intakeLog: string[] = [];
let workspace: IntegrationWorkspace;
let time: SharedTime;
let intake: Intake;
let openIntake: Intake;
let proxy: RecordingProxy;
let openProxy: RecordingProxy;
const callbacks = new CallbackCounter();
const openCallbacks = new CallbackCounter();
let variants = 0;
let ledgers = 0;
let submits = 0;
const ledgerFiles: string[] = [];

before(async () => {
  workspace = copyExampleWorkspace('alloy-engine-vs-intake-');
  time = sharedTime();
  const common = { root: workspace.root, port: 0, clock: time.clock, sleep: intakeSleep, log: (line: string) => intakeLog.push(line) };
  intake = await startIntake({ ...common, stateDir: workspace.folder('intake-state'), token: TOKEN, callbackTransport: callbacks });
  openIntake = await startIntake({ ...common, stateDir: workspace.folder('open-intake-state'), callbackTransport: openCallbacks });
  proxy = await startRecordingProxy(intake.port, INTAKE_PATH_TEMPLATE);
  openProxy = await startRecordingProxy(openIntake.port, INTAKE_PATH_TEMPLATE);
});

after(async () => {
  await Promise.all([proxy?.close(), openProxy?.close()]);
  await Promise.all([intake?.close(), openIntake?.close()]);
  workspace?.remove();
});

function nextVariant(edit?: (text: string) => string): RequestVariant {
  return workspace.variant(variants++, { tag: 'WIRE', ...(edit ? { edit } : {}) });
}

function nextLedger(): string {
  const file = path.join(workspace.base, 'ledgers', `ledger-${ledgers++}.jsonl`);
  ledgerFiles.push(file);
  return file;
}

interface Submitted {
  result: SubmitResult;
  sent: SentResult;
  /** What the proxy saw for this key during this submit. */
  exchanges: Exchange[];
  /** The intake's attempts for this key during this submit. */
  attempts: AttemptEntry[];
  sleeps: number[];
  progress: SubmitProgress[];
  ledger: string;
}

/** One engine submit through `via` (default: the proxy in front of the token intake), on the shared fake time. */
async function submit(
  variant: RequestVariant,
  options: Partial<SubmitOptions> & { via?: RecordingProxy; ledger?: string } = {},
): Promise<Omit<Submitted, 'sent'> & { sent?: SentResult }> {
  const via = options.via ?? proxy;
  const behind = via === openProxy ? openIntake : intake;
  const ledger = options.ledger ?? nextLedger();
  const exchangesBefore = via.exchanges.length;
  const attemptsBefore = behind.attempts().length;
  time.sleeps = [];
  const progress: SubmitProgress[] = [];
  const { via: _via, ledger: _ledger, ...engineOptions } = options;
  const result = await submitRequest(
    variant.file,
    {
      endpoint: via.endpoint,
      ...engineOptions,
      onProgress: (p) => {
        progress.push(p);
        witness.record('progress', progressText(p));
      },
    },
    // A seed per submit: the engine draws its submission ids from this random.
    enginePorts(ledger, time, SEED + submits++),
  );
  witness.record('result', result);
  witness.record('result text', submitResultText(result));
  const ledgerText = fs.existsSync(ledger) ? fs.readFileSync(ledger, 'utf8') : '';
  witness.record('ledger', ledgerText);
  return {
    result,
    ...(result.kind === 'sent' ? { sent: result } : {}),
    exchanges: via.exchanges.slice(exchangesBefore).filter((e) => header(e, 'idempotency-key') === variant.key),
    attempts: behind
      .attempts()
      .slice(attemptsBefore)
      .filter((a) => a.key === variant.key),
    sleeps: time.sleeps,
    progress,
    ledger: ledgerText,
  };
}

function sent(s: Omit<Submitted, 'sent'> & { sent?: SentResult }): Submitted {
  assert.equal(s.result.kind, 'sent', submitResultText(s.result));
  return s as Submitted;
}

function header(e: Exchange, name: string): string | undefined {
  const found = e.rawHeaders.filter(([n]) => n.toLowerCase() === name);
  assert.ok(found.length <= 1, `${name} was sent ${found.length} times`);
  return found[0]?.[1];
}

/** Every attempt: the documented headers and nothing else, the file's exact bytes. */
function assertWire(exchanges: Exchange[], variant: RequestVariant, via: RecordingProxy, token: string | undefined): void {
  assert.ok(exchanges.length > 0, 'nothing reached the proxy');
  for (const e of exchanges) {
    assert.equal(e.method, 'POST');
    assert.equal(e.target, INTAKE_PATH);
    const expected = ['connection', 'content-length', 'content-type', 'host', 'idempotency-key', 'x-alloy-request-id'];
    if (token !== undefined) expected.push('authorization');
    assert.deepEqual(e.rawHeaders.map(([n]) => n.toLowerCase()).sort(), expected.sort());
    assert.equal(header(e, 'content-type'), 'application/json');
    assert.equal(header(e, 'idempotency-key'), variant.key);
    assert.equal(header(e, 'x-alloy-request-id'), variant.requestId);
    assert.equal(header(e, 'authorization'), token === undefined ? undefined : `Bearer ${token}`);
    assert.equal(header(e, 'content-length'), String(variant.bytes.length));
    assert.equal(header(e, 'host'), new URL(via.url).host);
    assert.equal(header(e, 'connection'), 'close');
    assert.equal(sha256Hex(e.body), variant.sha256Hex);
    assert.ok(e.body.equals(variant.bytes), 'the body is the file, byte for byte');
  }
}

/** The ledger of one submit: every line parses, pending → attempts 1…n → one outcome per submission. */
function assertLedger(text: string, variant: RequestVariant, shapes: { attempts: number; outcome: string }[]): LedgerEntry[] {
  const parsed = parseLedger(Buffer.from(text, 'utf8'));
  assert.deepEqual(parsed.warnings, []);
  for (const line of text.split('\n').filter((l) => l !== '')) JSON.parse(line);
  const entries = parsed.entries.map((e) => e.entry);
  const submissions = [...new Set(entries.map((e) => e.submission))];
  assert.equal(submissions.length, shapes.length);
  submissions.forEach((id, i) => {
    const mine = entries.filter((e) => e.submission === id);
    assert.deepEqual(
      mine.map((e) => (e.type === 'attempt' ? `attempt ${e.attempt}` : e.type === 'outcome' ? `outcome ${e.outcome}` : e.type)),
      ['pending', ...Array.from({ length: shapes[i].attempts }, (_, n) => `attempt ${n + 1}`), `outcome ${shapes[i].outcome}`],
    );
    const pending = mine[0];
    assert.ok(pending.type === 'pending');
    assert.equal(pending.sha256, variant.sha256);
    assert.ok(Buffer.from(pending.bytes, 'base64').equals(variant.bytes));
    assert.equal(pending.key, variant.key);
  });
  return entries;
}

function problemOf(e: Exchange): { code?: string; errors?: { code: string }[] } {
  return JSON.parse(e.responseBody ?? '{}') as { code?: string; errors?: { code: string }[] };
}

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---------------------------------------------------------------------------------------------
// 1. One fault at a time, the exact wire.

test('no fault: one POST with exactly the documented headers and the file bytes; 202 accepted; one run', async () => {
  intake.setFaults([]);
  const v = nextVariant();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.status, 202);
  assert.equal(s.sent.attempts, 1);
  assert.equal(s.sent.sha256, v.sha256);
  assert.equal(submitResultText(s.result), 'accepted (202)');
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.equal(s.exchanges[0].status, 202);
  assert.deepEqual(
    s.attempts.map((a) => [a.key, a.request_id, a.body_sha256, a.answer]),
    [[v.key, v.requestId, v.sha256Hex, '202']],
  );
  assert.deepEqual(s.sleeps, []);
  assertLedger(s.ledger, v, [{ attempts: 1, outcome: 'accepted' }]);
  await intake.idle();
  assert.equal(intake.runsFor(v.key), 1);
  assert.equal(callbacks.runsOf(v.requestId), 1);
});

test('the same bytes again: the ledger answers "already submitted" and nothing is sent; a fresh ledger gets the replay', async () => {
  intake.setFaults([]);
  const v = nextVariant();
  const ledger = nextLedger();
  sent(await submit(v, { token: TOKEN, ledger }));
  const again = await submit(v, { token: TOKEN, ledger });
  assert.equal(again.result.kind, 'already-submitted');
  assert.match(submitResultText(again.result), /^already submitted at 2026-12-01 14:\d\d UTC \(answer 202\)$/);
  assert.deepEqual(again.exchanges, []);
  assert.deepEqual(again.attempts, []);

  const elsewhere = sent(await submit(v, { token: TOKEN }));
  assert.equal(elsewhere.sent.outcome, 'already-submitted');
  assert.equal(elsewhere.sent.status, 200);
  assert.equal(elsewhere.sent.replayed, true);
  assert.equal(elsewhere.sent.attempts, 1);
  assertWire(elsewhere.exchanges, v, proxy, TOKEN);
  assert.equal(elsewhere.exchanges[0].responseHeaders?.['idempotent-replayed'], 'true');
  assert.deepEqual(
    elsewhere.attempts.map((a) => a.answer),
    ['200'],
  );
  await intake.idle();
  assert.equal(intake.runsFor(v.key), 1);
  assert.equal(callbacks.runsOf(v.requestId), 1);
});

test('no token given: no Authorization header at all, and an intake without a token accepts', async () => {
  openIntake.setFaults([]);
  const v = nextVariant();
  const s = sent(await submit(v, { via: openProxy }));
  assert.equal(s.sent.outcome, 'accepted');
  assertWire(s.exchanges, v, openProxy, undefined);
  await openIntake.idle();
  assert.equal(openIntake.runsFor(v.key), 1);
  assert.equal(openCallbacks.runsOf(v.requestId), 1);
});

test('unavailable=2 (503, Retry-After: 3): waits exactly 3 s twice, same key and bytes three times, one run', async () => {
  intake.setFaults(['unavailable=2', 'retry-after=3']);
  const v = nextVariant();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.attempts, 3);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(
    s.exchanges.map((e) => [e.status, e.responseHeaders?.['retry-after']]),
    [
      [503, '3'],
      [503, '3'],
      [202, undefined],
    ],
  );
  assert.deepEqual(s.sleeps, [3000, 3000]);
  for (const [i, e] of s.exchanges.slice(0, 2).entries()) assert.ok(s.sleeps[i] >= Number(e.responseHeaders?.['retry-after']) * 1000);
  assert.deepEqual(
    s.progress.filter((p) => p.kind === 'waiting').map((p) => progressText(p)),
    ['waiting 3 s (Retry-After) before attempt 2 of 5', 'waiting 3 s (Retry-After) before attempt 3 of 5'],
  );
  assert.deepEqual(
    s.attempts.map((a) => [a.body_sha256, a.answer]),
    [
      [v.sha256Hex, '503'],
      [v.sha256Hex, '503'],
      [v.sha256Hex, '202'],
    ],
  );
  assertLedger(s.ledger, v, [{ attempts: 3, outcome: 'accepted' }]);
  assert.equal(intake.runsFor(v.key), 1);
});

test('unavailable-http-date=1 (Retry-After as an HTTP date 7 s ahead): the engine waits until that instant', async () => {
  intake.setFaults(['unavailable-http-date=1', 'retry-after=7']);
  const v = nextVariant();
  const answeredAt = time.clock.now();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.attempts, 2);
  assertWire(s.exchanges, v, proxy, TOKEN);
  const date = s.exchanges[0].responseHeaders?.['retry-after'] ?? '';
  assert.match(date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  assert.equal(s.sleeps.length, 1);
  assert.ok(s.sleeps[0] >= 7000, `waited ${s.sleeps[0]} ms`);
  assert.equal(s.sleeps[0], Date.parse(date) - answeredAt);
  assert.equal(intake.runsFor(v.key), 1);
});

test('throttled=2 (429, Retry-After: 2): waits exactly 2 s twice, then accepted', async () => {
  intake.setFaults(['throttled=2', 'retry-after=2']);
  const v = nextVariant();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.attempts, 3);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(
    s.exchanges.map((e) => [e.status, e.responseHeaders?.['retry-after']]),
    [
      [429, '2'],
      [429, '2'],
      [202, undefined],
    ],
  );
  assert.deepEqual(s.sleeps, [2000, 2000]);
  assert.equal(intake.runsFor(v.key), 1);
});

test('Retry-After past the total budget (503, Retry-After: 200 s): given up after 1 attempt; the next submit runs it once', async () => {
  intake.setFaults(['unavailable', 'retry-after=200']);
  const v = nextVariant();
  const ledger = nextLedger();
  const s = sent(await submit(v, { token: TOKEN, ledger }));
  assert.equal(s.sent.outcome, 'given-up');
  assert.equal(s.sent.attempts, 1);
  assert.equal(s.sent.status, 503);
  assert.equal(s.sent.detail, "the server's Retry-After (3 min 20 s) would pass the total budget of 2 min; last: answer 503");
  assert.deepEqual(s.sleeps, []);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.equal(intake.runsFor(v.key), 0);

  intake.setFaults([]);
  const again = sent(await submit(v, { token: TOKEN, ledger }));
  assert.equal(again.sent.outcome, 'accepted');
  assert.equal(again.sent.resendOf, s.sent.submission);
  assertWire(again.exchanges, v, proxy, TOKEN);
  assertLedger(again.ledger, v, [
    { attempts: 1, outcome: 'given-up' },
    { attempts: 1, outcome: 'accepted' },
  ]);
  assert.equal(intake.runsFor(v.key), 1);
});

test('error=2 (500): backoff with full jitter under 1 s, then under 2 s; three identical attempts', async () => {
  intake.setFaults(['error=2']);
  const v = nextVariant();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.attempts, 3);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(
    s.exchanges.map((e) => e.status),
    [500, 500, 202],
  );
  assert.equal(s.sleeps.length, 2);
  assert.ok(Number.isInteger(s.sleeps[0]) && s.sleeps[0] >= 0 && s.sleeps[0] < 1000, String(s.sleeps[0]));
  assert.ok(Number.isInteger(s.sleeps[1]) && s.sleeps[1] >= 0 && s.sleeps[1] < 2000, String(s.sleeps[1]));
  assert.deepEqual(
    s.progress.filter((p) => p.kind === 'waiting').map((p) => p.kind === 'waiting' && p.reason),
    ['backoff', 'backoff'],
  );
  assert.equal(intake.runsFor(v.key), 1);
});

test('error on every attempt: five attempts (the default limit), given up, nothing ran; the next submit runs it once', async () => {
  intake.setFaults(['error']);
  const v = nextVariant();
  const ledger = nextLedger();
  const s = sent(await submit(v, { token: TOKEN, ledger }));
  assert.equal(s.sent.outcome, 'given-up');
  assert.equal(s.sent.attempts, 5);
  assert.equal(s.sent.detail, '5 attempts made (the limit); last: answer 500');
  assert.equal(s.exchanges.length, 5);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.equal(s.sleeps.length, 4);
  assert.equal(intake.runsFor(v.key), 0);
  intake.setFaults([]);
  const again = sent(await submit(v, { token: TOKEN, ledger }));
  assert.equal(again.sent.outcome, 'accepted');
  assert.equal(intake.runsFor(v.key), 1);
});

test('reset-before-read=2: two resets (the intake never read the body), then accepted; three identical attempts', async () => {
  intake.setFaults(['reset-before-read=2']);
  const v = nextVariant();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.attempts, 3);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(
    s.attempts.map((a) => [a.key, a.body_sha256, a.answer]),
    [
      [v.key, null, 'reset'],
      [v.key, null, 'reset'],
      [v.key, v.sha256Hex, '202'],
    ],
  );
  assert.ok(s.exchanges[0].upstreamError !== undefined && s.exchanges[1].upstreamError !== undefined);
  assert.equal(s.sleeps.length, 2);
  const entries = assertLedger(s.ledger, v, [{ attempts: 3, outcome: 'accepted' }]);
  const errors = entries.filter((e) => e.type === 'attempt').map((e) => (e.type === 'attempt' ? e.error : undefined));
  assert.deepEqual(errors.slice(0, 2), [
    `the connection to ${new URL(proxy.url).host} was reset before an answer came`,
    `the connection to ${new URL(proxy.url).host} was reset before an answer came`,
  ]);
  assert.equal(intake.runsFor(v.key), 1);
});

test('drop-after-processing=1: the run happened but the answer was lost; the retry is replayed (200), still one run', async () => {
  intake.setFaults(['drop-after-processing=1']);
  const v = nextVariant();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'already-submitted');
  assert.equal(s.sent.status, 200);
  assert.equal(s.sent.replayed, true);
  assert.equal(s.sent.attempts, 2);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(
    s.attempts.map((a) => [a.body_sha256, a.answer]),
    [
      [v.sha256Hex, 'dropped'],
      [v.sha256Hex, '200'],
    ],
  );
  await intake.idle();
  assert.equal(intake.runsFor(v.key), 1);
  assert.equal(callbacks.runsOf(v.requestId), 1);
});

test('slow-response=60 (under the attempt timeout): one slow attempt, accepted', async () => {
  intake.setFaults(['slow-response=60']);
  const v = nextVariant();
  const t0 = performance.now();
  const s = sent(await submit(v, { token: TOKEN }));
  assert.ok(performance.now() - t0 >= 55);
  assert.equal(s.sent.outcome, 'accepted');
  assert.equal(s.sent.attempts, 1);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.equal(intake.runsFor(v.key), 1);
});

test('slow-response=700 past a 150 ms attempt timeout: two timeouts, given up, yet it ran; the next submit is replayed', async () => {
  intake.setFaults(['slow-response=700']);
  const v = nextVariant();
  const ledger = nextLedger();
  const s = sent(await submit(v, { token: TOKEN, ledger, retry: { maxAttempts: 2, attemptTimeoutMs: 150 } }));
  assert.equal(s.sent.outcome, 'given-up');
  assert.equal(s.sent.attempts, 2);
  assert.match(s.sent.detail ?? '', /^2 attempts made \(the limit\); last: no answer from 127\.0\.0\.1:\d+ within 150 ms$/);
  assertWire(s.exchanges, v, proxy, TOKEN);
  // The first attempt was recorded before the intake's wait; the second found the key in flight (409).
  await until(() => intake.attempts().filter((a) => a.key === v.key).length === 2, 'the intake to answer both slow attempts');
  assert.deepEqual(
    intake
      .attempts()
      .filter((a) => a.key === v.key)
      .map((a) => a.answer),
    ['202', '409'],
  );
  assert.equal(intake.runsFor(v.key), 1);

  intake.setFaults([]);
  const again = sent(await submit(v, { token: TOKEN, ledger }));
  assert.equal(again.sent.outcome, 'already-submitted');
  assert.equal(again.sent.replayed, true);
  assert.equal(again.sent.resendOf, s.sent.submission);
  assertWire(again.exchanges, v, proxy, TOKEN);
  assertLedger(again.ledger, v, [
    { attempts: 2, outcome: 'given-up' },
    { attempts: 1, outcome: 'already-submitted' },
  ]);
  await intake.idle();
  assert.equal(intake.runsFor(v.key), 1);
  assert.equal(callbacks.runsOf(v.requestId), 1);
});

const CALLBACK_FAULTS: [string, string[]][] = [
  ['slow-callbacks=15', ['accepted', 'started', 'completed:completed']],
  ['duplicate-callbacks', ['accepted', 'accepted', 'started', 'started', 'completed:completed', 'completed:completed']],
  ['out-of-order-callbacks', ['accepted', 'completed:completed', 'started']],
  ['findings', ['accepted', 'started', 'completed:completed_with_findings']],
  ['fail-run', ['accepted', 'started', 'failed:failed']],
];

for (const [fault, phases] of CALLBACK_FAULTS) {
  test(`${fault}: the submission is untouched (one exact POST, 202, one run); only the run's callbacks change`, async () => {
    intake.setFaults([fault]);
    const v = nextVariant();
    const s = sent(await submit(v, { token: TOKEN }));
    assert.equal(s.sent.outcome, 'accepted');
    assert.equal(s.sent.status, 202);
    assert.equal(s.sent.attempts, 1);
    assertWire(s.exchanges, v, proxy, TOKEN);
    await intake.idle();
    assert.equal(intake.runsFor(v.key), 1);
    assert.deepEqual(callbacks.sequenceOf(v.requestId), phases);
  });
}

test('401 (no token for an intake that needs one): not retried, "set the API token"; with the token the same bytes run once', async () => {
  intake.setFaults([]);
  const v = nextVariant();
  const ledger = nextLedger();
  const s = sent(await submit(v, { ledger }));
  assert.equal(s.sent.outcome, 'rejected');
  assert.equal(s.sent.status, 401);
  assert.equal(s.sent.authNeeded, true);
  assert.equal(s.sent.attempts, 1);
  assert.deepEqual(s.sent.problem, {
    title: 'Missing or wrong token',
    detail: 'This intake requires a token: send Authorization: Bearer <token>.',
  });
  assert.equal(submitResultText(s.result), 'not authorised (401): set the API token, then submit again (the same bytes and key are sent)');
  assertWire(s.exchanges, v, proxy, undefined);
  assert.equal(s.exchanges[0].responseHeaders?.['www-authenticate'], 'Bearer realm="foundry-dev-intake"');
  assert.deepEqual(s.sleeps, []);

  const wrong = sent(await submit(v, { ledger, token: WRONG_TOKEN }));
  assert.equal(wrong.sent.status, 401);
  assert.equal(wrong.sent.attempts, 1);
  assert.equal(wrong.sent.problem?.detail, "The bearer token is not this intake's token.");
  assertWire(wrong.exchanges, v, proxy, WRONG_TOKEN);
  assert.equal(intake.runsFor(v.key), 0);

  const right = sent(await submit(v, { ledger, token: TOKEN }));
  assert.equal(right.sent.outcome, 'accepted');
  assert.equal(right.sent.resendOf, undefined);
  assertWire(right.exchanges, v, proxy, TOKEN);
  assertLedger(right.ledger, v, [
    { attempts: 1, outcome: 'rejected' },
    { attempts: 1, outcome: 'rejected' },
    { attempts: 1, outcome: 'accepted' },
  ]);
  assert.equal(intake.runsFor(v.key), 1);
});

test('403 (a proxy that forwards the engine’s Host, which the intake refuses): not retried, nothing ran', async () => {
  intake.setFaults([]);
  const v = nextVariant();
  proxy.keepHost = true;
  try {
    const s = sent(await submit(v, { token: TOKEN }));
    assert.equal(s.sent.outcome, 'rejected');
    assert.equal(s.sent.status, 403);
    assert.equal(s.sent.authNeeded, true);
    assert.equal(s.sent.attempts, 1);
    assert.equal(s.sent.problem?.title, 'Host refused');
    assertWire(s.exchanges, v, proxy, TOKEN);
    assert.equal(problemOf(s.exchanges[0]).code, 'host-refused');
  } finally {
    proxy.keepHost = false;
  }
  assert.equal(intake.runsFor(v.key), 0);
});

test('422 (the intake reads another version of the brief: digest mismatch): not retried, the problem is shown, nothing ran', async () => {
  intake.setFaults([]);
  const elsewhere = copyExampleWorkspace('alloy-engine-vs-intake-brief-');
  try {
    const edited = editBrief(elsewhere);
    const v = elsewhere.variant(0, { tag: 'BRIEF', edit: edited.requestEdit });
    const s = sent(await submit(v, { token: TOKEN }));
    assert.equal(s.sent.outcome, 'rejected');
    assert.equal(s.sent.status, 422);
    assert.equal(s.sent.attempts, 1);
    assert.equal(s.sent.authNeeded, undefined);
    assert.equal(s.sent.problem?.title, 'The request is not valid');
    assert.match(s.sent.problem?.detail ?? '', /^1 error, nothing was run: digest-mismatch: /);
    const text = submitResultText(s.result);
    assert.ok(text.startsWith('rejected (422): The request is not valid — 1 error, nothing was run: digest-mismatch: '), text);
    assert.ok(text.endsWith('; nothing ran, fix the request and submit again'), text);
    assertWire(s.exchanges, v, proxy, TOKEN);
    assert.deepEqual(
      problemOf(s.exchanges[0]).errors?.map((e) => e.code),
      ['digest-mismatch'],
    );
    assert.deepEqual(s.sleeps, []);
    assert.equal(intake.runsFor(v.key), 0);
  } finally {
    elsewhere.remove();
  }
});

test('422 key reuse (same key, other bytes, a ledger that never saw the first): not retried; the first run stays the one', async () => {
  intake.setFaults([]);
  const v = nextVariant();
  const ledger = nextLedger();
  sent(await submit(v, { token: TOKEN, ledger }));
  const reworded = v.bytes
    .toString('utf8')
    .replace('"requested_at": "2026-06-06T10:05:00-04:00"', '"requested_at": "2026-06-07T09:00:00-04:00"');
  assert.notEqual(reworded, v.bytes.toString('utf8'));
  assert.equal(withRecomputedKey(reworded).key, v.key, 'requested_at is outside the key');
  const file = path.join(workspace.root, '.alloy', 'requests', 'reworded.json');
  fs.writeFileSync(file, reworded);
  const other: RequestVariant = {
    ...v,
    file,
    bytes: Buffer.from(reworded),
    sha256: `sha256:${sha256Hex(reworded)}`,
    sha256Hex: sha256Hex(reworded),
  };

  // The engine's own ledger refuses it before the network (SPEC §7.1)...
  const local = await submit(other, { token: TOKEN, ledger });
  assert.equal(local.result.kind, 'refused');
  assert.equal(local.result.kind === 'refused' && local.result.refusal.kind, 'key-reused');
  assert.deepEqual(local.exchanges, []);
  // ...and the intake refuses it when the ledger does not know the first bytes.
  const s = sent(await submit(other, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'rejected');
  assert.equal(s.sent.status, 422);
  assert.equal(s.sent.attempts, 1);
  assert.equal(s.sent.problem?.title, 'Idempotency key reused with a different body');
  assertWire(s.exchanges, other, proxy, TOKEN);
  assert.equal(problemOf(s.exchanges[0]).code, 'key-reused');
  assert.equal(intake.runsFor(v.key), 1);
});

test('431 (a valid request whose request_id is too long for the intake’s header limit): not retried, nothing ran', async () => {
  intake.setFaults([]);
  const v = nextVariant((text) => text.replace('"request_id": "runreq_', `"request_id": "runreq_${'A'.repeat(17_000)}`));
  assert.ok(v.requestId.length > 17_000);
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'rejected');
  assert.equal(s.sent.status, 431);
  assert.equal(s.sent.attempts, 1);
  assert.match(submitResultText(s.result), /^rejected \(431\)/);
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(
    s.exchanges.map((e) => e.status),
    [431],
  );
  assert.deepEqual(s.sleeps, []);
  assert.equal(intake.runsFor(v.key), 0);
});

test('413 (a valid 2 MiB request, over the intake’s 1 MiB body limit): not retried, the problem is shown, nothing ran', async () => {
  intake.setFaults([]);
  const notes = 'x'.repeat(2 * 1024 * 1024);
  const v = nextVariant((text) => text.replace('"strategic": true,', `"strategic": true,\n      "notes": "${notes}",`));
  assert.ok(v.bytes.length > 2 * 1024 * 1024);
  const s = sent(await submit(v, { token: TOKEN }));
  assert.equal(s.sent.outcome, 'rejected');
  assert.equal(s.sent.status, 413);
  assert.equal(s.sent.attempts, 1);
  assert.deepEqual(s.sent.problem, { title: 'Body too large', detail: 'The body is larger than 1048576 bytes.' });
  assertWire(s.exchanges, v, proxy, TOKEN);
  assert.deepEqual(s.sleeps, []);
  assert.equal(intake.runsFor(v.key), 0);
});

test('an endpoint named localhost, and one on [::1]: the engine reaches the intake and the intake accepts its Host header', async () => {
  openIntake.setFaults([]);
  const v = nextVariant();
  // Straight to the intake (not through the proxy), so the intake sees the engine's own Host header.
  const s = sent(await submit(v, { via: openProxy, endpoint: openIntake.endpoint.replace('127.0.0.1', 'localhost') }));
  assert.equal(s.sent.outcome, 'accepted');
  assert.deepEqual(
    openIntake
      .attempts()
      .filter((a) => a.key === v.key)
      .map((a) => [a.request_id, a.body_sha256, a.answer]),
    [[v.requestId, v.sha256Hex, '202']],
  );
  let v6: Intake | undefined;
  try {
    v6 = await startIntake({
      root: workspace.root,
      port: 0,
      host: '::1',
      clock: time.clock,
      log: (line) => intakeLog.push(line),
      callbackTransport: new CallbackCounter(),
    });
  } catch (error) {
    // A machine without IPv6 loopback: the localhost half above still ran.
    assert.match((error as Error).message, /::1/);
    return;
  }
  try {
    const w = nextVariant();
    const r = await submitRequest(w.file, { endpoint: v6.endpoint }, enginePorts(nextLedger(), time, SEED + submits++));
    witness.record('result', r);
    assert.equal(submitResultText(r), 'accepted (202)');
    assert.ok(v6.endpoint.startsWith('http://[::1]:'));
    assert.equal(v6.runsFor(w.key), 1);
  } finally {
    await v6.close();
  }
});

// Two disagreements this suite found between the engine and the intake, fixed, kept as regression tests.

test('a token node:http cannot put in a header (a typographic quote) is refused before anything is sent or recorded', async () => {
  openIntake.setFaults([]);
  const v = nextVariant();
  // Each failed attempt leaves its attempt timer armed: keep it short, or this process lives on that long.
  const s = await submit(v, { via: openProxy, token: 'tok’pasted_from_a_document', retry: { maxAttempts: 2, attemptTimeoutMs: 100 } });
  assert.deepEqual(s.exchanges, []);
  assert.equal(s.result.kind, 'refused', submitResultText(s.result));
  assert.equal(s.ledger, '');
});

test('a request whose headers exceed the intake’s limit gets a 431 problem document, not retried', async () => {
  openIntake.setFaults([]);
  const v = nextVariant((text) => text.replace('"request_id": "runreq_', `"request_id": "runreq_${'B'.repeat(17_000)}`));
  const before = openIntake.stats().requests;
  const s = sent(await submit(v, { via: openProxy }));
  assert.equal(s.sent.outcome, 'rejected');
  assert.match(s.exchanges[0]?.responseHeaders?.['content-type'] ?? '', /^application\/problem\+json/);
  assert.notEqual(s.sent.problem?.detail, undefined);
  assert.equal(s.sent.status, 431);
  assert.equal(s.exchanges.length, 1);
  // Not counted: node:http never handed it over as a request.
  assert.equal(openIntake.stats().requests, before);
});

// ---------------------------------------------------------------------------------------------
// 2. The seeded schedule of fault combinations.

/** A whole number from the environment, or the default; anything else is an error naming the variable. */
function envNumber(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0 || n > max)
    throw new Error(`${name} must be a whole number from 0 to ${max}, not ${JSON.stringify(raw)}`);
  return n;
}

test('the model behind the schedule flags a short Retry-After wait, an extra attempt, a second run and a bad ledger', () => {
  const c: Combination = { index: 0, faults: ['unavailable', 'error'], retryAfterSeconds: 3, maxAttempts: 5, token: 'right' };
  const good = predictFirstSubmit(c, [3000, 420], START);
  assert.deepEqual(
    { outcome: good.outcome, attempts: good.attempts, status: good.status, answers: good.intakeAnswers, violations: good.violations },
    { outcome: 'accepted', attempts: 3, status: 202, answers: ['503', '500', '202'], violations: [] },
  );
  assert.deepEqual(predictFirstSubmit(c, [2999, 420], START).violations, [
    'attempt 1 (unavailable, Retry-After 3000 ms): the engine waited 2999 ms',
  ]);
  assert.deepEqual(predictFirstSubmit(c, [3000, 2000], START).violations, ['attempt 2 (error): a backoff of 2000 ms is outside [0, 2000)']);
  // Budget: a second Retry-After of 100 s would end past 120 s, so the engine must stop after attempt 2.
  const long: Combination = { ...c, faults: ['throttled', 'throttled', 'throttled'], retryAfterSeconds: 100 };
  assert.deepEqual((({ outcome, attempts, status }) => ({ outcome, attempts, status }))(predictFirstSubmit(long, [100_000], START)), {
    outcome: 'given-up',
    attempts: 2,
    status: 429,
  });

  const v = nextVariant();
  const line = (entry: Record<string, unknown>) =>
    JSON.stringify({ v: 1, submission: 'sub_a', at: new Date(START).toISOString(), key: v.key, requestId: v.requestId, ...entry });
  const ledgerText =
    [
      line({
        type: 'pending',
        requestFile: v.file,
        root: workspace.root,
        bytes: v.bytes.toString('base64'),
        sha256: v.sha256,
        transport: 'http',
      }),
      line({ type: 'attempt', attempt: 1, status: 503, retryInMs: 3000 }),
      line({ type: 'attempt', attempt: 2, status: 500, retryInMs: 420 }),
      line({ type: 'attempt', attempt: 3, status: 202 }),
      line({ type: 'outcome', outcome: 'accepted', status: 202 }),
    ].join('\n') + '\n';
  const attempt = (answer: string): AttemptEntry => ({
    at: '',
    key: v.key,
    request_id: v.requestId,
    body_sha256: v.sha256Hex,
    answer,
  });
  const run: CombinationRun = {
    combination: c,
    key: v.key,
    requestId: v.requestId,
    sha256Hex: v.sha256Hex,
    bytes: v.bytes,
    startedAt: START,
    first: { kind: 'sent', outcome: 'accepted', status: 202, attempts: 3, submission: 'sub_a' },
    firstSleeps: [3000, 420],
    ledgerText,
  };
  const intakeView = { attempts: ['503', '500', '202'].map(attempt), runs: 1, callbackRuns: 1 };
  assert.deepEqual(judgeCombination(run, intakeView), []);
  assert.deepEqual(judgeCombination({ ...run, first: { ...run.first, attempts: 4 } }, intakeView).slice(0, 1), [
    'first submit: got {"kind":"sent","outcome":"accepted","attempts":4,"status":202}, the model says ' +
      '{"kind":"sent","outcome":"accepted","attempts":3,"status":202}',
  ]);
  assert.ok(judgeCombination(run, { ...intakeView, runs: 2, callbackRuns: 2 }).includes('the intake ran the key 2 times'));
  assert.ok(judgeCombination(run, { ...intakeView, callbackRuns: 0 }).includes('the callback sink saw 0 runs, the intake says 1'));
  const other = { ...intakeView, attempts: [attempt('503'), { ...attempt('500'), body_sha256: '0'.repeat(64) }, attempt('202')] };
  assert.ok(judgeCombination(run, other).includes(`an attempt (answer 500) carried a body of sha256 ${'0'.repeat(64)}`));
  assert.ok(judgeCombination({ ...run, ledgerText: ledgerText.replace('"attempt":2,', '') }, intakeView).length > 0);
  assert.ok(judgeCombination({ ...run, ledgerText: ledgerText + '{"torn\n' }, intakeView).includes('ledger line 6 is not JSON'));
});

test('the token witness finds the token raw, URL-encoded, in base64 at any alignment and in URL-safe base64', () => {
  const planted = new OutputWitness();
  planted.record('raw', `Authorization: Bearer ${TOKEN}`);
  planted.record('url', `?t=${encodeURIComponent(TOKEN)}`);
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.from(`${'x'.repeat(shift)}${TOKEN}!`).toString('base64');
    planted.record(`base64+${shift}`, encoded);
    planted.record(`base64url+${shift}`, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  planted.record('clean', 'nothing secret here: tok_SECRET_ and an ordinary sentence');
  const labels = new Set(planted.leaks(TOKEN).map((l) => l.label));
  assert.deepEqual([...labels].sort(), ['base64+0', 'base64+1', 'base64+2', 'base64url+0', 'base64url+1', 'base64url+2', 'raw', 'url']);
});

let combinationReport: Awaited<ReturnType<typeof runSlices>> | undefined;

// ALLOY_FAULT_COMBINATIONS=20000 (and ALLOY_FAULT_SEED=n for another schedule) runs more.
const combinations = Math.max(1, envNumber('ALLOY_FAULT_COMBINATIONS', 2000, 1_000_000));
const combinationSeed = envNumber('ALLOY_FAULT_SEED', SEED, 2 ** 32 - 1);
const combinationLimitMs = Math.max(240_000, combinations * 120);

test('seeded fault combinations against the real intake: the model and every invariant hold', { timeout: combinationLimitMs }, async () => {
  const total = combinations;
  const seed = combinationSeed;
  const children = Math.max(1, Math.min(4, os.availableParallelism()));
  const t0 = performance.now();
  const report = await runSlices({
    total,
    seed,
    children,
    lanesPerChild: 8,
    token: TOKEN,
    wrongToken: WRONG_TOKEN,
    timeoutMs: combinationLimitMs - 10_000,
  });
  combinationReport = report;
  const wall = Math.round(performance.now() - t0);
  const distribution = Object.entries(report.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const met = Object.entries(report.faultsMet)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`[figure] fault combinations: ${report.combinations} (seed ${seed}, ${report.children} processes × 8 lanes) in ${wall} ms`);
  console.log(`[figure] fault combinations outcomes: ${distribution}`);
  console.log(
    `[figure] fault combinations: ${report.engineAttempts} engine attempts, ${report.runs} runs at the intake; faults met: ${met}`,
  );
  assert.equal(report.combinations, total);
  assert.deepEqual(report.violations, [], `${report.violationCount} broken invariants`);
  assert.equal(report.violationCount, 0);
  assert.equal(report.runs, total, 'every key ran exactly once in the end');
  const expected = ['accepted', 'already-submitted', 'given-up → accepted', 'given-up → already-submitted', 'rejected → accepted'];
  for (const outcome of expected) {
    if (total >= 500) assert.ok((report.outcomes[outcome] ?? 0) > 0, `no combination ended ${outcome}`);
  }
});

// ---------------------------------------------------------------------------------------------
// 3. The token, nowhere.

test('the token appears in no engine result, text, progress line, ledger line or intake log line (raw, URL-encoded or base64)', () => {
  for (const line of intakeLog) witness.record('intake log', line);
  for (const file of ledgerFiles) if (fs.existsSync(file)) witness.record('ledger file', fs.readFileSync(file, 'utf8'));
  assert.ok(witness.count > 100, `only ${witness.count} texts collected`);
  assert.deepEqual([...witness.labels()].sort(), ['intake log', 'ledger', 'ledger file', 'progress', 'result', 'result text']);
  assert.deepEqual(witness.leaks(TOKEN), []);
  assert.deepEqual(witness.leaks(WRONG_TOKEN), []);
  assert.ok(combinationReport !== undefined, 'the combination suite ran');
  assert.deepEqual(combinationReport.scanned.labels, ['intake log', 'ledger', 'progress', 'result', 'result text']);
  assert.ok(combinationReport.scanned.texts > combinationReport.combinations * 5);
  assert.deepEqual(combinationReport.leaks, []);
  console.log(
    `[figure] token scan: ${witness.count + combinationReport.scanned.texts} texts, ` +
      `${((witness.characters + combinationReport.scanned.characters) / 1e6).toFixed(1)} M characters, no token`,
  );
});
