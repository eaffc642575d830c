// Local dedupe and the refusals before the network (SPEC §7.1): already submitted, same key with
// other bytes (formatting only, requested_at), rejected does not block, in flight elsewhere, a
// racing submitter, throttle full, unsaved, untrusted, endpoints, an unreadable ledger.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { idempotencyKey, keyInputs, type JsonValue } from '../../server/src/core';
import { submitRequest, submitResultText, type PendingEntry, type SubmitOptions, type SubmitResult } from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { fakePorts, response, START, type Fakes } from './fakePorts';
import { TokenWitness } from './tokenWitness';

const ENDPOINT = 'https://foundry.example.test/api/projects/{project_id}/run-requests';
const KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
const TOKEN = 'tok_S3CRET_dedupe_77aa';
const witness = new TokenWitness(TOKEN);

let example: ExampleCopy;
let original: string;
let file: string;

before(() => {
  example = copyExample();
  file = example.request('checkout-payment.json');
  original = example.readRequest('checkout-payment.json');
});
beforeEach(() => example.writeRequest('checkout-payment.json', original));
afterEach(() => example.writeRequest('checkout-payment.json', original));
after(() => {
  example.remove();
  witness.assertClean();
});

async function submit(fakes: Fakes, options: Partial<SubmitOptions> = {}, target = file): Promise<SubmitResult> {
  const result = await submitRequest(target, { endpoint: ENDPOINT, token: TOKEN, ...options }, fakes.ports);
  witness.record(result, submitResultText(result), fakes.ledger.text);
  return result;
}

/** The request with a change applied and its key recomputed, so it has no errors. */
interface EditableRequest {
  idempotency_key: string;
  requested_at: string;
  reporting: { trace_summary_required: boolean };
  foundry: { throttle: string; payload: { max_iterations?: number; prompt?: string } };
}

function edited(change: (data: EditableRequest) => void, indent = 2): string {
  const data = JSON.parse(original) as EditableRequest;
  change(data);
  data.idempotency_key = idempotencyKey(keyInputs(data as unknown as JsonValue)!);
  return JSON.stringify(data, null, indent) + '\n';
}

test('same key and same bytes after an accepted submission: "already submitted", nothing sent', async () => {
  const fakes = fakePorts([response(202)]);
  await submit(fakes);
  fakes.clock.advance(3_600_000);
  const again = await submit(fakes);
  assert.equal(again.kind, 'already-submitted');
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(submitResultText(again), 'already submitted at 2026-12-01 14:02 UTC (answer 202)');
  assert.equal(fakes.ledger.entries().length, 3, 'nothing is recorded for a dedupe');
});

test('only whitespace changed: refused as "formatting only", nothing sent', async () => {
  const fakes = fakePorts([response(202)]);
  await submit(fakes);
  example.writeRequest('checkout-payment.json', JSON.stringify(JSON.parse(original), null, 4) + '\n');
  const again = await submit(fakes);
  assert.equal(again.kind, 'refused');
  if (again.kind !== 'refused') return;
  assert.equal(again.refusal.kind, 'key-reused');
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(
    submitResultText(again),
    `Not sent: the key ${KEY} was already submitted at 2026-12-01 14:02 UTC (answer 202) with other bytes; ` +
      'formatting only (the data is the same, the bytes are not). A server would call this a key reuse, and once it forgets the key ' +
      'it would run the request twice. Restore the submitted bytes (compare with them), or: To run the same intent again on purpose, ' +
      'change an input of the key (for example foundry.payload or repo.revision) and recompute the key.',
  );
});

test('requested_at and reporting changed (outside the key): refused naming those fields', async () => {
  const fakes = fakePorts([response(202)]);
  await submit(fakes);
  example.writeRequest(
    'checkout-payment.json',
    edited((d) => {
      d.requested_at = '2026-06-07T09:00:00-04:00';
      d.reporting.trace_summary_required = false;
    }),
  );
  const again = await submit(fakes);
  assert.equal(again.kind === 'refused' && again.refusal.kind, 'key-reused');
  if (again.kind !== 'refused' || again.refusal.kind !== 'key-reused') return;
  assert.deepEqual(again.refusal.fields, ['requested_at', 'reporting.trace_summary_required']);
  assert.equal(again.refusal.formattingOnly, false);
  assert.match(submitResultText(again), /with other bytes; fields that differ: requested_at, reporting\.trace_summary_required\. /);
  assert.equal(fakes.transport.calls.length, 1);
});

test('a rejected submission does not block: the fixed file (same key) is sent', async () => {
  const fakes = fakePorts([response(422), response(202)]);
  const first = await submit(fakes);
  assert.equal(first.kind === 'sent' && first.outcome, 'rejected');
  example.writeRequest(
    'checkout-payment.json',
    edited((d) => (d.requested_at = '2026-06-07T09:00:00-04:00')),
  );
  const second = await submit(fakes);
  assert.equal(second.kind === 'sent' && second.outcome, 'accepted');
  assert.equal(fakes.transport.calls.length, 2);
  assert.equal(fakes.transport.calls[0].idempotencyKey, fakes.transport.calls[1].idempotencyKey);
});

test('a changed key input makes a new submission (the way to run the same intent again)', async () => {
  const fakes = fakePorts([response(202)]);
  await submit(fakes);
  example.writeRequest(
    'checkout-payment.json',
    edited((d) => (d.foundry.payload.max_iterations = 4)),
  );
  const again = await submit(fakes);
  assert.equal(again.kind === 'sent' && again.outcome, 'accepted');
  assert.notEqual(fakes.transport.calls[0].idempotencyKey, fakes.transport.calls[1].idempotencyKey);
});

function foreignPending(overrides: Partial<PendingEntry> = {}): PendingEntry {
  return {
    v: 1,
    submission: 'sub_elsewhere00000000000',
    at: new Date(START - 5000).toISOString(),
    key: KEY,
    requestId: 'runreq_01HZ_CHECKOUT_PAYMENT',
    type: 'pending',
    requestFile: file,
    root: example.root,
    bytes: Buffer.from(original).toString('base64'),
    sha256: 'sha256:0000',
    transport: 'http',
    endpoint: 'https://foundry.example.test/api/projects/checkout-service/run-requests',
    endpointHost: 'foundry.example.test',
    owner: { pid: 999, until: new Date(START + 200_000).toISOString() },
    ...overrides,
  };
}

test('the same key in flight in another process: "already sending", nothing sent', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.owners.alive.add(999);
  fakes.ledger.text = JSON.stringify(foreignPending()) + '\n';
  const result = await submit(fakes);
  assert.equal(result.kind, 'refused');
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(
    submitResultText(result),
    `Not sent: the key ${KEY} is already being sent (by process 999, another window or the CLI, since ` +
      '2026-12-01 14:01 UTC). Wait for its answer.',
  );
});

test('the same key in flight in this process (a second click): "already sending … by this window"', async () => {
  let inner: SubmitResult | undefined;
  let clicks = 0;
  const fakes: Fakes = fakePorts([
    async () => {
      // The second click arrives while the first request is on the wire.
      if (clicks++ === 0) inner = await submit(fakes);
      return response(202);
    },
  ]);
  const outer = await submit(fakes);
  assert.equal(outer.kind === 'sent' && outer.outcome, 'accepted');
  assert.equal(fakes.transport.calls.length, 1);
  assert.equal(inner?.kind === 'refused' && inner.refusal.kind, 'in-flight');
  assert.match(submitResultText(inner!), /is already being sent \(by this window, since 2026-12-01 14:02 UTC\)/);
});

test('a racing submitter that got its pending line in first (a broken lock) wins; ours is closed unsent', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.owners.alive.add(999);
  const append = fakes.ledger.append.bind(fakes.ledger);
  let raced = false;
  fakes.ledger.append = async (line: string) => {
    if (!raced && line.includes('"type":"pending"')) {
      raced = true;
      await append(JSON.stringify(foreignPending({ at: new Date(START).toISOString() })));
    }
    await append(line);
  };
  const result = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(result.kind === 'refused' && result.refusal.kind, 'in-flight');
  const ours = fakes.ledger.entries().filter((e) => e.submission !== 'sub_elsewhere00000000000');
  assert.deepEqual(
    ours.map((e) => (e.type === 'outcome' ? [e.type, e.outcome, e.detail] : [e.type])),
    [['pending'], ['outcome', 'cancelled', 'not sent: another submitter recorded the same key first']],
  );
});

test('throttle full asks for confirmation naming project, branch and brief; confirmed, it is sent', async () => {
  example.writeRequest(
    'checkout-payment.json',
    edited((d) => (d.foundry.throttle = 'full')),
  );
  const fakes = fakePorts([response(202)]);
  const refused = await submit(fakes);
  assert.equal(
    submitResultText(refused),
    'Not sent: runreq_01HZ_CHECKOUT_PAYMENT runs with throttle "full" (mutators change the repository): project checkout-service, ' +
      'branch alloy/checkout-payment, brief brief_01HZ_CHECKOUT_PAYMENT (.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml). ' +
      'Confirm to send it (the CLI takes --yes).',
  );
  assert.equal(fakes.ledger.text, '');
  const sent = await submit(fakes, { confirmedFull: true });
  assert.equal(sent.kind === 'sent' && sent.outcome, 'accepted');
});

test('unsaved request or brief, and an untrusted workspace, refuse before anything is read from the ledger', async () => {
  const fakes = fakePorts();
  fakes.ledger.failRead = 'should not be read';
  const brief = `${example.root}/.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml`;
  assert.equal(
    submitResultText(await submit(fakes, { unsavedFiles: [file] }), { cwd: example.root }),
    'Not sent: unsaved changes in .alloy/requests/checkout-payment.json. Save first: the saved bytes are what is sent.',
  );
  assert.equal(
    submitResultText(await submit(fakes, { unsavedFiles: [brief] }), { cwd: example.root }),
    'Not sent: unsaved changes in .alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml. Save first: the saved bytes are what is sent.',
  );
  assert.equal(
    submitResultText(await submit(fakes, { untrusted: true })),
    'Not sent: this workspace is not trusted. Trust it first (submitting can run Foundry on a repository).',
  );
  assert.equal(fakes.transport.calls.length, 0);
});

test('endpoints: {project_id} filled in; non-http(s), plain http to a remote host, user info and none at all are refused', async () => {
  const fakes = fakePorts([response(202)]);
  const sent = await submit(fakes, { endpoint: 'http://127.0.0.1:8787/p/{project_id}/runs?x=1' });
  assert.equal(sent.kind, 'sent');
  assert.equal(fakes.transport.calls[0].url, 'http://127.0.0.1:8787/p/checkout-service/runs?x=1');
  const cases: [string | undefined, string][] = [
    [
      'ftp://foundry.example.test/x',
      'Not sent: the endpoint ftp://foundry.example.test/x cannot be used: only http and https are supported, not ftp:.',
    ],
    [
      'http://foundry.example.test/x',
      'Not sent: the endpoint http://foundry.example.test/x cannot be used: plain http is allowed only to a ' +
        'loopback host (127.0.0.1, localhost, [::1]), not foundry.example.test: use https.',
    ],
    [
      'https://bob:hunter2@foundry.example.test/x',
      'Not sent: the endpoint https://foundry.example.test/x cannot be used: it carries user info ' +
        '(user:password@); give the API token instead, it is never recorded.',
    ],
    [
      undefined,
      'Not sent: the endpoint (empty) cannot be used: no endpoint is set (the editor setting ' +
        'alloy.submit.endpoint; the CLI takes --endpoint or ALLOY_ENDPOINT).',
    ],
    ['not a url', 'Not sent: the endpoint not a url cannot be used: it is not an absolute URL.'],
  ];
  for (const [endpoint, text] of cases) {
    const fresh = fakePorts();
    const result = await submitRequest(file, { endpoint, token: TOKEN }, fresh.ports);
    assert.equal(submitResultText(result), text);
    assert.equal(fresh.ledger.text, '');
  }
});

test('an unreadable ledger blocks submitting: never an empty start', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.ledger.failRead = 'permission denied';
  const result = await submit(fakes);
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(
    submitResultText(result),
    'Not sent: the submission ledger /fake/state/alloy/ledger.jsonl cannot be read (permission denied). ' +
      'Without it an earlier submission of this key could not be recognised, so nothing is sent until it is readable again.',
  );
});

test('torn and corrupt ledger lines are skipped with their line numbers; the submit goes on', async () => {
  const fakes = fakePorts([response(202)]);
  fakes.ledger.text =
    'this is not json\n\n{"v":1,"submission":"s","at":"x","key":"k","requestId":"r","type":"gossip"}\n{"v":1,"submission":"t","at';
  const result = await submit(fakes);
  assert.equal(result.kind === 'sent' && result.outcome, 'accepted');
  assert.deepEqual(result.warnings, [
    '/fake/state/alloy/ledger.jsonl:1: ledger line skipped: not valid JSON (a corrupt line)',
    '/fake/state/alloy/ledger.jsonl:3: ledger line skipped: not a ledger entry: unknown entry type "gossip"',
    '/fake/state/alloy/ledger.jsonl:4: ledger line skipped: torn: it ends without a newline (an interrupted write)',
  ]);
  const lines = fakes.ledger.text.split('\n');
  assert.equal(lines[3], '{"v":1,"submission":"t","at', 'the torn line is left as it was');
  assert.equal(JSON.parse(lines[4]).type, 'pending', 'our line starts on a fresh line');
});

test('the token inside the request file is refused (it would be sent and recorded)', async () => {
  const fakes = fakePorts();
  const secret = 'tok_inside_the_file_123';
  example.writeRequest(
    'checkout-payment.json',
    edited((d) => (d.foundry.payload.prompt = secret)),
  );
  const result = await submitRequest(file, { endpoint: ENDPOINT, token: secret }, fakes.ports);
  assert.equal(result.kind === 'refused' && result.refusal.kind, 'bad-setting');
  assert.ok(!submitResultText(result).includes(secret));
  assert.equal(fakes.ledger.text, '');
});

test('bad settings are refused by name: retry limits, a token with a line break', async () => {
  const fakes = fakePorts();
  assert.equal(
    submitResultText(await submitRequest(file, { endpoint: ENDPOINT, retry: { maxAttempts: 0 } }, fakes.ports)),
    'Not sent: the retry setting maxAttempts must be a whole number from 1 to 20, not 0.',
  );
  const broken = await submitRequest(file, { endpoint: ENDPOINT, token: 'abc\r\nX-Evil: 1' }, fakes.ports);
  assert.equal(
    submitResultText(broken),
    'Not sent: the API token contains a line break, a control character or surrounding blanks (it would ' +
      'corrupt the Authorization header); set it again.',
  );
  assert.equal(fakes.transport.calls.length, 0);
});
