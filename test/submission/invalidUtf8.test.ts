// Bytes that are not UTF-8 are never sent: not in the request (refused on its own bytes), and not
// through its brief (the brief is refused too, where a lossy read once hashed U+FFFD and let the
// request through). The fake transport proves nothing reached the wire and nothing was recorded.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { analyzeFile } from '../../server/src/core';
import { submitRequest, submitResultText } from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { fakePorts } from './fakePorts';

const ENDPOINT = 'https://foundry.example.test/api/projects/{project_id}/run-requests';
const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';

let example: ExampleCopy;
beforeEach(() => (example = copyExample()));
afterEach(() => example.remove());

test('a request with a 0xFF byte inside a string is refused before anything is sent, naming the byte', async () => {
  const text = example.readRequest('checkout-payment.json');
  const at = text.indexOf('stacey');
  const offset = Buffer.byteLength(text.slice(0, at));
  example.writeRequest('ff.json', Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]));
  const fakes = fakePorts();
  const result = await submitRequest(example.request('ff.json'), { endpoint: ENDPOINT }, fakes.ports);
  assert.equal(result.kind, 'refused');
  assert.equal(
    submitResultText(result, { cwd: example.root }),
    `Not sent: .alloy/requests/ff.json is not valid UTF-8 (byte ${offset} on line 6 is not part of a UTF-8 character); save it as UTF-8.`,
  );
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(fakes.ledger.text, '');
});

test('a request whose brief is not UTF-8 is refused, even when its digest and key match the lossy reading', async () => {
  // The brief with a 0xE9 (Latin-1 "é") in created_by, and a request whose digest and key were
  // computed over the brief read as U+FFFD: exactly what a lossy read accepted and sent.
  const briefFile = path.join(example.root, BRIEF);
  const good = fs.readFileSync(briefFile, 'utf8');
  const at = good.indexOf('stacey');
  const lossyWithOldDigest = good.slice(0, at) + '\uFFFD' + good.slice(at);
  const lossyDigest = analyzeFile(briefFile, lossyWithOldDigest)!.digest!;
  const lossy = lossyWithOldDigest.replace(/^digest: sha256:[0-9a-f]{64}$/m, `digest: ${lossyDigest}`);
  assert.equal(analyzeFile(briefFile, lossy)!.digest, lossyDigest, 'the own digest is not hashed');
  const bytes = Buffer.from(lossy.replace('\uFFFD', '\u0000'));
  bytes[bytes.indexOf(0)] = 0xe9;
  fs.writeFileSync(briefFile, bytes);

  const request = JSON.parse(example.readRequest('checkout-payment.json'));
  request.brief.digest = lossyDigest;
  const requestFile = example.request('checkout-payment.json');
  request.idempotency_key = analyzeFile(requestFile, JSON.stringify(request))!.derivedKey;
  example.writeRequest('checkout-payment.json', JSON.stringify(request, null, 2) + '\n');

  const fakes = fakePorts();
  const result = await submitRequest(requestFile, { endpoint: ENDPOINT }, fakes.ports);
  assert.equal(result.kind, 'refused', 'a brief that is not UTF-8 blocks the request');
  assert.equal(fakes.transport.calls.length, 0);
  assert.equal(fakes.ledger.text, '');
  const lines = submitResultText(result, { cwd: example.root }).split('\n');
  assert.match(lines[0], /^Not sent: \.alloy\/requests\/checkout-payment\.json has \d errors? \(the same ones `alloy check` reports\):$/);
  assert.ok(
    lines.includes(
      `  ${BRIEF}:10:13: error file-not-utf8 The file is not valid UTF-8 (byte ${Buffer.byteLength(good.slice(0, at))} on line 10 ` +
        'is not part of a UTF-8 character), so it is not analysed.',
    ),
    lines.join('\n'),
  );
});
