// `schema`, `unknown-property`, `unsupported-version` and `placeholder`: the file checked against
// its v1 schema, each problem on its exact range and nothing else reported.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BRIEF_YAML,
  assertDiagnostics,
  assertOnly,
  briefYaml,
  checkBriefText,
  checkRequestText,
  expectedBriefDigest,
  briefDataOf,
  requestJson,
  requestValue,
  requestWith,
  type RequestValue,
} from './fixtures';

/** Removes a member a RequestValue declares as required. */
function drop<T extends object>(object: T, key: keyof T): void {
  Reflect.deleteProperty(object, key);
}

const withoutCapabilities = (t: string) => t.replace(/protected_capabilities:\n(?: {2}- .*\n| {4}.*\n)+/, '');

describe('schema', () => {
  test('a missing member is reported on the key of the object that should hold it', () => {
    const d = assertOnly(checkRequestText(requestJson(requestWith((v) => drop(v.repo, 'branch')))), 'schema', 'error', [7, 2, 7, 8]);
    assert.equal(d.message, 'Missing property "branch".');
  });

  test('a member missing at the root is reported on the opening brace', () => {
    const d = assertOnly(checkRequestText(requestJson(requestWith((v) => drop(v, 'project_id')))), 'schema', 'error', [0, 0, 0, 1]);
    assert.equal(d.message, 'Missing property "project_id".');
  });

  test('a member missing at the root of a YAML brief is reported on the first character of the root map', () => {
    const brief = briefYaml((t) => t.replace('created_by: stacey\n', ''));
    const d = assertOnly(checkBriefText(brief), 'schema', 'error', [1, 0, 1, 1]);
    assert.equal(d.message, 'Missing property "created_by".');
  });

  test('a wrong type is reported on the value', () => {
    const text = requestJson(requestWith((v) => (v.reporting!.trace_summary_required = 'yes')));
    const d = assertOnly(checkRequestText(text), 'schema', 'error', [28, 30, 28, 35]);
    assert.equal(d.message, 'Incorrect type. Expected boolean.');
  });

  test('a pattern failure is reported on the value', () => {
    const text = requestJson(requestWith((v) => (v.repo.revision = 'ABC123')));
    const d = assertOnly(checkRequestText(text), 'schema', 'error', [9, 16, 9, 24]);
    assert.match(d.message, /^"ABC123" is not a valid value/);
  });

  test('a format failure is reported on the value', () => {
    const text = requestJson(requestWith((v) => (v.requested_at = 'yesterday')));
    const d = assertOnly(checkRequestText(text), 'schema', 'error', [6, 18, 6, 29]);
    assert.match(d.message, /^"yesterday" is not an RFC 3339 date-time/);
  });

  test('a plain-http callback to another host is a schema error on the URL', () => {
    const text = requestJson(requestWith((v) => (v.reporting!.callback_url = 'http://example.com/hook')));
    assertOnly(checkRequestText(text), 'schema', 'error', [27, 20, 27, 45]);
  });

  test('an enum failure is reported on the value and lists the valid values', () => {
    const text = requestJson(requestWith((v) => (v.foundry.throttle = 'fast')));
    const d = assertOnly(checkRequestText(text), 'schema', 'error', [20, 16, 20, 22]);
    assert.match(d.message, /Valid values: "dry_run", "full"\./);
  });

  test('the dropped audit_only throttle says it was dropped', () => {
    const text = requestJson(requestWith((v) => (v.foundry.throttle = 'audit_only')));
    const d = assertOnly(checkRequestText(text), 'schema', 'error', [20, 16, 20, 28]);
    assert.match(d.message, /no longer supports the audit_only throttle/);
  });

  test('a value under its minimum is reported on the value', () => {
    const d = assertOnly(checkBriefText(briefYaml((t) => t.replace('version: 3', 'version: 0'))), 'schema', 'error', [3, 9, 3, 10]);
    assert.equal(d.message, 'Value must be 1 or more.');
  });

  test('a compiled brief without protected capabilities is an error at the root, saying why', () => {
    const d = assertOnly(checkBriefText(briefYaml(withoutCapabilities)), 'schema', 'error', [1, 0, 1, 1]);
    assert.match(d.message, /^Missing property "protected_capabilities"\. Required when status is "compiled"\./);
  });

  test('a compiled brief with an empty capability list is an error on the list', () => {
    const brief = briefYaml((t) => withoutCapabilities(t).replace('evidence_plan:', 'protected_capabilities: []\nevidence_plan:'));
    const d = assertOnly(checkBriefText(brief), 'schema', 'error', [13, 24, 13, 26]);
    assert.match(d.message, /not be empty/);
  });

  test('a draft brief needs no protected capabilities', () => {
    assertDiagnostics(checkBriefText(briefYaml((t) => withoutCapabilities(t).replace('status: compiled', 'status: draft'))), []);
  });
});

describe('unknown-property', () => {
  test('an unknown member at the root is a warning on its key with a close match', () => {
    const value: RequestValue = { ...requestValue(), reportng: {} };
    const d = assertOnly(checkRequestText(requestJson(value)), 'unknown-property', 'warning', [31, 2, 31, 12]);
    assert.equal(d.message, 'Property "reportng" is not defined in v1. Did you mean "reporting"?');
    assert.deepEqual(d.data?.replacementCandidates, ['reporting']);
  });

  test('a misspelt reporting block is also a missing reporting block', () => {
    const value = requestValue();
    const reporting = value.reporting;
    drop(value, 'reporting');
    value.reportng = reporting;
    assertDiagnostics(checkRequestText(requestJson(value)), [
      { code: 'no-reporting', severity: 'warning', range: [0, 0, 0, 1] },
      { code: 'unknown-property', severity: 'warning', range: [26, 2, 26, 12] },
    ]);
  });

  test('a misspelt member of reporting suggests the right name', () => {
    const value = requestValue();
    value.reporting = { callback_url: value.reporting!.callback_url, trace_sumary_required: true, evidence_observations_required: true };
    const d = assertOnly(checkRequestText(requestJson(value)), 'unknown-property', 'warning', [28, 4, 28, 27]);
    assert.match(d.message, /Did you mean "trace_summary_required"\?$/);
  });

  test('a name close to nothing gets no suggestion', () => {
    const value: RequestValue = { ...requestValue(), zebra_stripes: 1 };
    const d = assertOnly(checkRequestText(requestJson(value)), 'unknown-property', 'warning', [31, 2, 31, 17]);
    assert.equal(d.message, 'Property "zebra_stripes" is not defined in v1.');
    assert.equal(d.data, undefined);
  });

  test('payload allows members v1 does not list', () => {
    const brief = briefYaml((t) => t.replace('    strategic: true', '    strategic: true\n    max_iteration: 2'));
    const request = requestWith((v) => (v.foundry.payload.max_iteration = 2), expectedBriefDigest(briefDataOf(brief)));
    assertDiagnostics(checkRequestText(requestJson(request), brief), []);
    assertDiagnostics(checkBriefText(brief), []);
  });
});

describe('unsupported-version', () => {
  test('a request of major version 2 is one error on schema_version', () => {
    const text = requestJson(requestWith((v) => (v.schema_version = 'alloy.foundry_execution_request.v2')));
    const d = assertOnly(checkRequestText(text), 'unsupported-version', 'error', [1, 20, 1, 56]);
    assert.match(d.message, /alloy\.foundry_execution_request\.v2/);
  });

  test('a brief of major version 2 is one error on schema_version', () => {
    const text = BRIEF_YAML.replace('alloy.formation_brief.v1', 'alloy.formation_brief.v2');
    assertOnly(checkBriefText(text), 'unsupported-version', 'error', [1, 16, 1, 40]);
  });
});

describe('placeholder', () => {
  test('"sha256:..." as brief.digest is one placeholder error: no schema, no digest-mismatch', () => {
    const text = requestJson(requestWith((v) => (v.brief.digest = 'sha256:...')));
    const d = assertOnly(checkRequestText(text), 'placeholder', 'error', [15, 14, 15, 26]);
    assert.match(d.message, /^"sha256:\.\.\." is a placeholder/);
  });

  test('"sha256:example" as idempotency_key is one placeholder error: no schema, no key mismatch', () => {
    const value = requestValue();
    value.idempotency_key = 'sha256:example';
    assertOnly(checkRequestText(requestJson(value)), 'placeholder', 'error', [3, 21, 3, 37]);
  });

  test('an id ending in "..." is a placeholder', () => {
    const text = requestJson(
      requestWith((v) => {
        v.request_id = 'runreq_01HZ...';
        v.reporting = { trace_summary_required: true };
      }),
    );
    assertOnly(checkRequestText(text), 'placeholder', 'error', [2, 16, 2, 32]);
  });

  test('a brief.id ending in "…" is one placeholder error, not also a brief-id-mismatch', () => {
    const text = requestJson(requestWith((v) => (v.brief.id = 'brief_checkout…')));
    assertOnly(checkRequestText(text), 'placeholder', 'error', [13, 10, 13, 27]);
  });

  test("a placeholder as the brief's own digest is one placeholder error, not also stale", () => {
    assertOnly(checkBriefText(briefYaml(undefined, 'sha256:...')), 'placeholder', 'error', [4, 8, 4, 18]);
  });
});
