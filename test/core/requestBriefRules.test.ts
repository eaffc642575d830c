// The rules that compare a request with its brief (SPEC §6), each on its exact range, and the
// valid pair that gives no diagnostic at all.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlloyDiagnostic } from '../../server/src/core/document/diagnostic';
import {
  BRIEF_DIGEST,
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  assertDiagnostics,
  assertOnly,
  briefDataOf,
  briefYaml,
  checkBriefText,
  checkRequestText,
  expectedBriefDigest,
  requestJson,
  requestValue,
  requestWith,
  type RangeTuple,
  type RequestValue,
} from './fixtures';

/** The request after `change` (key re-derived), checked next to the brief after `briefEdit`. */
function check(change: (v: RequestValue) => void, briefEdit?: (t: string) => string): AlloyDiagnostic[] {
  const brief = briefYaml(briefEdit);
  return checkRequestText(requestJson(requestWith(change, expectedBriefDigest(briefDataOf(brief)))), brief);
}

function assertRelated(d: AlloyDiagnostic, range: RangeTuple): void {
  assert.equal(d.related?.length, 1);
  const [r] = d.related!;
  assert.equal(r.file, BRIEF_PATH);
  assert.deepEqual([r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character], range);
}

test('the valid request and the valid brief give no diagnostics', () => {
  assertDiagnostics(checkRequestText(REQUEST_JSON, BRIEF_YAML), []);
  assertDiagnostics(checkBriefText(BRIEF_YAML), []);
});

describe('request against brief', () => {
  test("brief-id-mismatch is on the request's brief.id, related to the brief's id", () => {
    const d = assertOnly(
      check((v) => (v.brief.id = 'brief_checkout_other')),
      'brief-id-mismatch',
      'error',
      [13, 10, 13, 32],
    );
    assert.equal(d.message, 'brief.id "brief_checkout_other" differs from the brief\'s "brief_checkout_payment".');
    assertRelated(d, [2, 4, 2, 26]);
  });

  test("brief-version-mismatch is on the request's brief.version", () => {
    const d = assertOnly(
      check((v) => (v.brief.version = 4)),
      'brief-version-mismatch',
      'error',
      [14, 15, 14, 16],
    );
    assertRelated(d, [3, 9, 3, 10]);
  });

  test("project-mismatch is on the request's project_id", () => {
    const d = assertOnly(
      check((v) => (v.project_id = 'billing-service')),
      'project-mismatch',
      'error',
      [4, 16, 4, 33],
    );
    assertRelated(d, [5, 12, 5, 28]);
  });

  test('digest-mismatch is on brief.digest and carries the right digest', () => {
    const d = assertOnly(
      check((v) => (v.brief.digest = 'sha256:' + 'a'.repeat(64))),
      'digest-mismatch',
      'error',
      [15, 14, 15, 87],
    );
    assert.equal(d.data?.expected, BRIEF_DIGEST);
    assert.ok(d.message.includes(BRIEF_DIGEST));
  });

  test('a brief edited after the request was written is a digest-mismatch', () => {
    const edited = briefYaml((t) => t.replace('A customer can pay by card.', 'A customer can pay by card or wallet.'));
    const d = assertOnly(checkRequestText(REQUEST_JSON, edited), 'digest-mismatch', 'error', [15, 14, 15, 87]);
    assert.equal(d.data?.expected, expectedBriefDigest(briefDataOf(edited)));
    assert.notEqual(d.data?.expected, BRIEF_DIGEST);
  });

  test('throttle-exceeds-brief: full against a dry_run brief is a warning on the throttle', () => {
    const d = assertOnly(
      check((v) => (v.foundry.throttle = 'full')),
      'throttle-exceeds-brief',
      'warning',
      [20, 16, 20, 22],
    );
    assertRelated(d, [22, 12, 22, 19]);
  });

  test('dry_run against a full brief is fine', () => {
    assertDiagnostics(
      check(
        () => {},
        (t) => t.replace('  throttle: dry_run', '  throttle: full'),
      ),
      [],
    );
  });

  test('brief-runtime-differs: another entry_event is a warning on it', () => {
    const d = assertOnly(
      check((v) => (v.foundry.entry_event = 'execution_requested')),
      'brief-runtime-differs',
      'warning',
      [19, 19, 19, 40],
    );
    assert.match(d.message, /entry_event "execution_requested" differs from the brief's "iteration_requested"/);
    assertRelated(d, [21, 15, 21, 34]);
  });

  test('brief-runtime-differs: another payload is a warning on the payload key', () => {
    const d = assertOnly(
      check((v) => (v.foundry.payload.max_iterations = 5)),
      'brief-runtime-differs',
      'warning',
      [21, 4, 21, 13],
    );
    assert.match(d.message, /payload differs/);
    assert.equal(d.related?.[0].file, BRIEF_PATH);
    assert.equal(d.related?.[0].range.start.line, 24);
  });

  test('the same payload in another key order does not differ', () => {
    assertDiagnostics(
      check((v) => (v.foundry.payload = { strategic: true, max_iterations: 3 })),
      [],
    );
  });
});

describe('brief-not-executable', () => {
  for (const [status, end] of [
    ['draft', 13],
    ['archived', 16],
    ['reviewable', 18],
    ['approved', 16],
  ] as const) {
    test(`status ${status}: the brief cannot run; an error on local_path, related to the status`, () => {
      const d = assertOnly(
        check(
          () => {},
          (t) => t.replace('status: compiled', `status: ${status}`),
        ),
        'brief-not-executable',
        'error',
        [16, 18, 16, 47],
      );
      assert.match(d.message, new RegExp(`status is "${status}"`));
      assertRelated(d, [8, 8, 8, end]);
    });
  }

  for (const status of ['compiled', 'queued', 'accepted', 'executing', 'completed', 'analyzed']) {
    test(`status ${status}: the brief can run`, () => {
      assertDiagnostics(
        check(
          () => {},
          (t) => t.replace('status: compiled', `status: ${status}`),
        ),
        [],
      );
    });
  }
});

describe('brief-digest-stale', () => {
  test('a wrong own digest is a warning on it in the brief, carrying the right digest', () => {
    const wrong = 'sha256:' + 'b'.repeat(64);
    const d = assertOnly(checkBriefText(briefYaml(undefined, wrong)), 'brief-digest-stale', 'warning', [4, 8, 4, 79]);
    assert.equal(d.data?.expected, BRIEF_DIGEST);
  });

  test('a brief without its own digest is fine', () => {
    assertDiagnostics(checkBriefText(BRIEF_YAML.replace(/^digest: .*\n/m, '')), []);
  });

  test('a request naming a brief with a stale own digest is judged by the content, not by that member', () => {
    const brief = briefYaml(undefined, 'sha256:' + 'b'.repeat(64));
    assertDiagnostics(checkRequestText(requestJson(requestValue()), brief), []);
    const trusting = requestWith((v) => (v.brief.digest = 'sha256:' + 'b'.repeat(64)));
    assertOnly(checkRequestText(requestJson(trusting), brief), 'digest-mismatch', 'error', [15, 14, 15, 87]);
  });
});
