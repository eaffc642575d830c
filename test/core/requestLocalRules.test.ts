// The request's own rules (SPEC §5–6): idempotency key, callback, branch, reporting.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertDiagnostics,
  assertOnly,
  briefDataOf,
  briefYaml,
  checkRequestText,
  expectedBriefDigest,
  expectedKey,
  requestJson,
  requestValue,
  requestWith,
} from './fixtures';

describe('idempotency-key-mismatch', () => {
  test('a key that does not match the seven inputs is an error on the key, carrying the right one', () => {
    const value = requestValue();
    const right = value.idempotency_key;
    value.idempotency_key = 'sha256:' + 'c'.repeat(64);
    const d = assertOnly(checkRequestText(requestJson(value)), 'idempotency-key-mismatch', 'error', [3, 21, 3, 94]);
    assert.equal(d.data?.expected, right);
    assert.ok(d.message.includes(right));
  });

  test('changing any one of the seven inputs without the key is a mismatch', () => {
    const changes: [string, (v: ReturnType<typeof requestValue>) => void][] = [
      ['payload', (v) => (v.foundry.payload.strategic = false)],
      ['repo.revision', (v) => (v.repo.revision = 'def456')],
      ['requested_by', (v) => (v.requested_by = 'sam')],
    ];
    for (const [label, change] of changes) {
      const value = requestValue();
      change(value);
      const d = checkRequestText(requestJson(value)).filter((x) => x.code === 'idempotency-key-mismatch');
      assert.equal(d.length, 1, label);
      assert.equal(d[0].data?.expected, expectedKey(value), label);
    }
  });

  test('fields outside the seven inputs do not change the key', () => {
    const value = requestValue();
    value.request_id = 'runreq_OTHER';
    value.requested_at = '2027-01-01T00:00:00Z';
    value.repo.branch = 'alloy/other';
    value.reporting = { trace_summary_required: false };
    assertDiagnostics(checkRequestText(requestJson(value)), []);
  });

  test('an absent requested_by counts as null', () => {
    const value = requestWith((v) => delete v.requested_by);
    assertDiagnostics(checkRequestText(requestJson(value)), []);
  });
});

describe('callback-mismatch', () => {
  test('a callback URL naming another run request is a warning on the URL', () => {
    const text = requestJson(
      requestWith((v) => (v.reporting!.callback_url = 'http://127.0.0.1:7878/api/run-requests/runreq_OTHER/completed')),
    );
    const d = assertOnly(checkRequestText(text), 'callback-mismatch', 'warning', [27, 20, 27, 83]);
    assert.match(d.message, /"runreq_OTHER"/);
  });

  test('a callback URL without a run-request id is fine', () => {
    assertDiagnostics(
      checkRequestText(requestJson(requestWith((v) => (v.reporting!.callback_url = 'https://alloy.example.com/hooks/foundry')))),
      [],
    );
  });

  test('a percent-encoded id that decodes to request_id is fine', () => {
    const text = requestJson(
      requestWith(
        (v) => (v.reporting!.callback_url = 'https://alloy.example.com/api/run-requests/runreq%5F01HZ_CHECKOUT_PAYMENT/completed'),
      ),
    );
    assertDiagnostics(checkRequestText(text), []);
  });
  test('a malformed percent-escape in the id is compared as written, not a crash', () => {
    const text = requestJson(
      requestWith((v) => (v.reporting!.callback_url = 'https://alloy.example.com/api/run-requests/runreq%E0%A4%A/completed')),
    );
    const d = assertOnly(checkRequestText(text), 'callback-mismatch', 'warning', [27, 20, 27, 89]);
    assert.match(d.message, /"runreq%E0%A4%A"/);
  });
});

describe('mutating-on-shared-branch', () => {
  const fullBrief = briefYaml((t) => t.replace('  throttle: dry_run', '  throttle: full'));
  const fullDigest = expectedBriefDigest(briefDataOf(fullBrief));

  test('throttle full on a branch outside alloy/ is a warning on the branch', () => {
    const value = requestWith((v) => {
      v.foundry.throttle = 'full';
      v.repo.branch = 'main';
    }, fullDigest);
    const d = assertOnly(checkRequestText(requestJson(value), fullBrief), 'mutating-on-shared-branch', 'warning', [10, 14, 10, 20]);
    assert.match(d.message, /"main"/);
  });

  test('a branch that only looks like alloy/ is still shared', () => {
    const value = requestWith((v) => {
      v.foundry.throttle = 'full';
      v.repo.branch = 'alloy-fix';
    }, fullDigest);
    assertOnly(checkRequestText(requestJson(value), fullBrief), 'mutating-on-shared-branch', 'warning', [10, 14, 10, 25]);
  });

  test('throttle full on an alloy/ branch, or dry_run anywhere, is fine', () => {
    assertDiagnostics(checkRequestText(requestJson(requestWith((v) => (v.foundry.throttle = 'full'), fullDigest)), fullBrief), []);
    assertDiagnostics(checkRequestText(requestJson(requestWith((v) => (v.repo.branch = 'main')))), []);
  });
});

describe('no-reporting', () => {
  test('a request without a reporting block is a warning on the opening brace', () => {
    const d = assertOnly(checkRequestText(requestJson(requestWith((v) => delete v.reporting))), 'no-reporting', 'warning', [0, 0, 0, 1]);
    assert.match(d.message, /will not send results back/);
  });
});
