// Seeded fault schedules (fast-check) over the fake transport: whatever mix of 5xx, 429/503 with
// Retry-After, resets, timeouts, 409, replays, 4xx and 2xx the server answers with, the engine
// sends the same bytes and key every time, stops at the first final answer or the limit, and
// writes pending → attempt 1..n → one outcome, never the token. ALLOY_FAULT_RUNS=10000 runs more.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { classifyResponse, submitRequest, submitResultText, type HttpAnswer, type LedgerEntry } from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';
import { failureAnswer, fakePorts, response } from './fakePorts';
import { TokenWitness } from './tokenWitness';

const TOKEN = 'tok_S3CRET_fuzz_feed';
const witness = new TokenWitness(TOKEN);
let example: ExampleCopy;
let file: string;
let fileSha: string;

before(() => {
  example = copyExample();
  file = example.request('checkout-payment.json');
  fileSha = 'sha256:' + createHash('sha256').update(fs.readFileSync(file)).digest('hex');
});
after(() => {
  example.remove();
  witness.assertClean();
});

const answers: fc.Arbitrary<HttpAnswer> = fc.oneof(
  fc.constantFrom(500, 502, 504, 408).map((s) => response(s)),
  fc.tuple(fc.constantFrom(429, 503), fc.integer({ min: 0, max: 20 })).map(([s, ra]) => response(s, { 'retry-after': String(ra) })),
  fc.constant(response(503, { 'retry-after': '900' })),
  fc.constant(failureAnswer('reset', 'the connection was reset before an answer came')),
  fc.constant(failureAnswer('timeout', 'no answer within 30 s')),
  fc.constant(failureAnswer('refused', 'connection refused', true, true)),
  fc.constantFrom(201, 202, 409, 400, 401, 403, 422, 307).map((s) => response(s, { location: 'https://x.test/' })),
  fc.constant(response(200, { 'idempotent-replayed': 'true' })),
  fc.constant(response(422, { 'content-type': 'application/problem+json' }, JSON.stringify({ title: 'Echo', detail: `Bearer ${TOKEN}` }))),
);

test('every fault schedule: same bytes and key, bounded attempts, a well-formed ledger, the right outcome', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(answers, { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 1000 }), async (schedule, seed) => {
      const fakes = fakePorts(schedule, { seed });
      let pendingFirst = true;
      fakes.transport.onCall = () => {
        const lines = fakes.ledger.entries();
        if (lines[0]?.type !== 'pending') pendingFirst = false;
      };
      const result = await submitRequest(file, { endpoint: 'https://foundry.example.test/intake', token: TOKEN }, fakes.ports);
      witness.record(result, submitResultText(result), fakes.ledger.text);
      const calls = fakes.transport.calls;
      assert.ok(pendingFirst, 'pending was recorded before every call');
      assert.ok(calls.length >= 1 && calls.length <= 5);
      for (const call of calls) {
        assert.equal('sha256:' + createHash('sha256').update(call.body).digest('hex'), fileSha);
        assert.equal(call.idempotencyKey, 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b');
      }
      const lines: LedgerEntry[] = fakes.ledger.entries();
      assert.equal(lines[0].type, 'pending');
      assert.deepEqual(
        lines.slice(1, -1).map((l) => (l.type === 'attempt' ? l.attempt : -1)),
        calls.map((_c, i) => i + 1),
      );
      const last = lines.at(-1)!;
      assert.equal(last.type, 'outcome');
      assert.equal(new Set(lines.map((l) => l.submission)).size, 1);

      const used = schedule.slice(0, calls.length);
      const final = used.at(-1)!;
      const verdict = final.kind === 'response' ? classifyResponse(final.status, final.headers, final.body).kind : 'failure';
      const expected: Record<string, string> = {
        accepted: 'accepted',
        'already-submitted': 'already-submitted',
        rejected: 'rejected',
        'auth-needed': 'rejected',
        redirect: 'rejected',
      };
      assert.equal(last.type === 'outcome' && last.outcome, expected[verdict] ?? 'given-up', JSON.stringify(used));
      // Earlier answers were all retryable (else the loop would have stopped there).
      for (const earlier of used.slice(0, -1)) {
        const kind = earlier.kind === 'response' ? classifyResponse(earlier.status, earlier.headers, earlier.body).kind : 'failure';
        assert.ok(kind === 'retry' || kind === 'retry-after' || kind === 'failure', kind);
      }
      assert.ok(result.kind === 'sent' && result.elapsedMs <= 120_000);
    }),
    { numRuns: Number(process.env.ALLOY_FAULT_RUNS ?? 150), seed: 20261201 },
  );
});
