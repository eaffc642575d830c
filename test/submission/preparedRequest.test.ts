// What may be sent at all: the exact bytes, refused with a byte order mark or invalid UTF-8, and
// refused with the same error diagnostics `alloy check` reports for the request and its brief.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { nodeFileSystem } from '../../server/src/core';
import { decodeUtf8, nodeReadBytes, prepareRequest, refusalText, submitRequest, submitResultText } from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { fakePorts } from './fakePorts';

let example: ExampleCopy;
const ports = { readBytes: nodeReadBytes, files: nodeFileSystem };

before(() => (example = copyExample()));
after(() => example.remove());

async function refusal(name: string): Promise<string> {
  const prepared = await prepareRequest(example.request(name), {}, ports);
  assert.equal(prepared.ok, false, `${name} should be refused`);
  return prepared.ok ? '' : refusalText(prepared.refusal, { cwd: example.root });
}

test('the valid example is prepared from its exact bytes, with its fields', async () => {
  const file = example.request('checkout-payment.json');
  const prepared = await prepareRequest(file, {}, ports);
  assert.ok(prepared.ok);
  if (!prepared.ok) return;
  const r = prepared.request;
  const bytes = fs.readFileSync(file);
  assert.deepEqual(Buffer.from(r.bytes), bytes);
  assert.equal(r.sha256, 'sha256:' + createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(
    [r.requestId, r.key, r.projectId, r.entryEvent, r.throttle, r.branch, r.briefId, r.briefVersion, r.briefPath, r.callbackUrl, r.root],
    [
      'runreq_01HZ_CHECKOUT_PAYMENT',
      'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b',
      'checkout-service',
      'iteration_requested',
      'dry_run',
      'alloy/checkout-payment',
      'brief_01HZ_CHECKOUT_PAYMENT',
      1,
      '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
      'http://127.0.0.1:47311/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed',
      example.root,
    ],
  );
  assert.deepEqual(r.notes, []);
});

test('a request with errors is refused with the diagnostics `alloy check` prints, line for line', async () => {
  assert.equal(
    await refusal('broken-key-mismatch.json'),
    'Not sent: .alloy/requests/broken-key-mismatch.json has 1 error (the same ones `alloy check` reports):\n' +
      '  .alloy/requests/broken-key-mismatch.json:4:22: error idempotency-key-mismatch The idempotency key does not match the request: ' +
      'its seven key inputs hash to sha256:985d239c1e019f560c4b29051ef85286a26b25cb588879572ab28253885ecc77.',
  );
  assert.equal(
    await refusal('broken-placeholders.json'),
    'Not sent: .alloy/requests/broken-placeholders.json has 2 errors (the same ones `alloy check` reports):\n' +
      '  .alloy/requests/broken-placeholders.json:4:22: error placeholder "sha256:example" is a placeholder: ' +
      'replace it with the real sha-256 digest.\n' +
      '  .alloy/requests/broken-placeholders.json:16:15: error placeholder "sha256:example" is a placeholder: ' +
      'replace it with the real sha-256 digest.',
  );
  assert.equal(
    await refusal('broken-syntax.json'),
    'Not sent: .alloy/requests/broken-syntax.json has 1 error (the same ones `alloy check` reports):\n' +
      '  .alloy/requests/broken-syntax.json:6:29: error syntax Comments are not allowed in JSON',
  );
});

test("a brief's own errors are listed too (the request's brief-invalid and the brief's schema error)", async () => {
  const text = await refusal('broken-brief-invalid.json');
  const lines = text.split('\n');
  assert.equal(lines[0], 'Not sent: .alloy/requests/broken-brief-invalid.json has 2 errors (the same ones `alloy check` reports):');
  assert.match(lines[1], /^ {2}\.alloy\/requests\/broken-brief-invalid\.json:17:19: error brief-invalid The brief has 1 error of its own/);
  assert.equal(
    lines[2],
    '  .alloy/briefs/broken-compiled-without-evidence.yaml:4:1: error schema Missing property "evidence_plan". ' +
      'Required when status is "compiled".',
  );
});

test('every broken example request is refused for errors (the byte order mark before analysis); warnings alone never refuse', async () => {
  const names = fs.readdirSync(`${example.root}/.alloy/requests`).filter((n) => n.startsWith('broken-'));
  const warningsOnly = new Set(['broken-reporting-missing.json', 'broken-callback-mismatch.json']);
  assert.equal(names.length, 14);
  for (const name of names) {
    const prepared = await prepareRequest(example.request(name), {}, ports);
    if (name === 'broken-byte-order-mark.json') {
      assert.equal(prepared.ok ? 'ok' : prepared.refusal.kind, 'byte-order-mark', name);
    } else if (warningsOnly.has(name)) {
      assert.ok(prepared.ok, `${name} has warnings only`);
      assert.ok(prepared.ok && prepared.request.notes.every((n) => n.severity === 'warning') && prepared.request.notes.length > 0);
    } else {
      assert.equal(prepared.ok ? 'ok' : prepared.refusal.kind, 'has-errors', name);
    }
  }
});

test('a UTF-8 byte order mark is refused before any analysis', async () => {
  const text = example.readRequest('checkout-payment.json');
  example.writeRequest('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  assert.equal(
    await refusal('bom.json'),
    'Not sent: .alloy/requests/bom.json starts with a UTF-8 byte order mark. Foundry reads the bytes as JSON ' +
      'and strict parsers reject the mark; ' +
      'save the file as UTF-8 without BOM.',
  );
});

test('bytes that are not UTF-8 are refused, naming the first bad byte and its line', async () => {
  const text = example.readRequest('checkout-payment.json');
  const at = text.indexOf('stacey');
  example.writeRequest('latin1.json', Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9]), Buffer.from(text.slice(at))]));
  assert.equal(
    await refusal('latin1.json'),
    `Not sent: .alloy/requests/latin1.json is not valid UTF-8 (byte ${Buffer.byteLength(text.slice(0, at))} on ` +
      'line 6 is not part of a UTF-8 character); save it as UTF-8.',
  );
});

test('the UTF-8 check rejects overlongs, surrogates and truncated sequences, and accepts the rest', () => {
  const bad: [number[], number][] = [
    [[0x41, 0xc0, 0xaf], 1],
    [[0xed, 0xa0, 0x80], 0],
    [[0x61, 0x62, 0xe2, 0x82], 2],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x80], 0],
  ];
  for (const [bytes, offset] of bad) {
    const decoded = decodeUtf8(new Uint8Array(bytes));
    assert.equal(decoded.ok ? -1 : decoded.offset, offset, bytes.join(','));
  }
  const good = decodeUtf8(new Uint8Array(Buffer.from('é€😀', 'utf8')));
  assert.deepEqual(good, { ok: true, text: 'é€😀' });
});

test('a missing file, a folder, a brief and a non-JSON file are refused with clear words', async () => {
  assert.equal(await refusal('nope.json'), 'Not sent: .alloy/requests/nope.json does not exist.');
  fs.mkdirSync(example.request('folder.json'));
  assert.equal(await refusal('folder.json'), 'Not sent: .alloy/requests/folder.json is a folder, not a file.');
  const brief = `${example.root}/.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml`;
  const prepared = await prepareRequest(brief, {}, ports);
  assert.equal(
    prepared.ok ? '' : refusalText(prepared.refusal),
    `Not sent: ${brief} is not a Foundry Execution Request (requests are .json files).`,
  );
  fs.writeFileSync(example.request('other.json'), '{"schema_version":"alloy.formation_brief.v1"}');
  assert.match(await refusal('other.json'), /^Not sent: \.alloy\/requests\/other\.json has \d+ errors?/);
});

test('submitting a broken request sends nothing and records nothing', async () => {
  const fakes = fakePorts();
  const result = await submitRequest(
    example.request('broken-digest-mismatch.json'),
    { endpoint: 'https://foundry.example.test/x' },
    fakes.ports,
  );
  assert.equal(result.kind, 'refused');
  assert.match(submitResultText(result), /error digest-mismatch brief\.digest does not match the brief/);
  assert.equal(fakes.ledger.text, '');
  assert.equal(fakes.transport.calls.length, 0);
});

test('a FIFO named like a request is refused at once, never read; a link out of the repository is refused, and its bytes are not read', async () => {
  const fifo = example.request('fifo.json');
  const made = spawnSync('mkfifo', [fifo]);
  assert.equal(made.status, 0, 'mkfifo');
  const started = Date.now();
  assert.equal(await refusal('fifo.json'), 'Not sent: .alloy/requests/fifo.json is not a regular file.');
  assert.ok(Date.now() - started < 5000, 'the read did not block on the FIFO');

  // A copy of the valid request outside the repository, linked from inside it.
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-outside-'));
  try {
    const target = path.join(outside, 'request.json');
    fs.copyFileSync(example.request('checkout-payment.json'), target);
    fs.symlinkSync(target, example.request('linked-out.json'));
    assert.equal(
      await refusal('linked-out.json'),
      'Not sent: .alloy/requests/linked-out.json leads through a symbolic link to a place outside its repository root.',
    );
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
