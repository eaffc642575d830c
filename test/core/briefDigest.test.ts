// The brief digest (SPEC §4): known answers, RFC 8785 canonical form in JSON and YAML alike, and
// what a brief must be to be digested.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { briefDigest } from '../../server/src/core/hashing/briefDigest';
import { canonicalJson } from '../../server/src/core/hashing/canonicalHash';
import { analyzeFile } from '../../server/src/core/rules/fileAnalysis';
import { sha256Of } from '../support/independentHash';
import { BRIEF_DIGEST, BRIEF_YAML, briefDataOf, briefYaml, expectedBriefDigest } from './fixtures';

// The canonical (RFC 8785) text of the brief below without its `digest`, written out by hand:
// keys sorted by UTF-16 code units, no whitespace.
const CANONICAL =
  '{"created_at":"2026-06-06T10:00:00-04:00","created_by":"stacey","foundry":{"entry_event":"iteration_requested","payload":{"max_iterations":3},"throttle":"dry_run"},' +
  '"id":"brief_X","mission":{"objective":"Ship it."},"project_id":"checkout-service","schema_version":"alloy.formation_brief.v1","status":"draft","version":1}';

const YAML_BRIEF = `# a comment that does not count
schema_version: alloy.formation_brief.v1
id: brief_X
version: 1
digest: sha256:${'0'.repeat(64)}
project_id: checkout-service
created_at: 2026-06-06T10:00:00-04:00
created_by: stacey
status: draft
mission:
  objective: Ship it.
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload: { max_iterations: 3 }
`;

test('brief digest is the sha-256 of the RFC 8785 form without the digest member', () => {
  const expected = sha256Of(CANONICAL);
  const analysis = analyzeFile('/repo/.alloy/briefs/x.yaml', YAML_BRIEF);
  assert.equal(analysis?.digest, expected);
});

test('the same brief as reordered JSON has the same digest', () => {
  const json = JSON.stringify(
    {
      version: 1,
      status: 'draft',
      schema_version: 'alloy.formation_brief.v1',
      project_id: 'checkout-service',
      mission: { objective: 'Ship it.' },
      id: 'brief_X',
      foundry: { throttle: 'dry_run', payload: { max_iterations: 3 }, entry_event: 'iteration_requested' },
      created_by: 'stacey',
      created_at: '2026-06-06T10:00:00-04:00',
    },
    null,
    4,
  );
  const expected = sha256Of(CANONICAL);
  assert.equal(analyzeFile('/repo/.alloy/briefs/x.json', json)?.digest, expected);
});

// ---------------------------------------------------------------------------------------------
// Pinned known answers (hashes computed outside this code base, with Python's hashlib).

test('the first vector is pinned', () => {
  const expected = 'sha256:8503687e25d7ac0fd258d7b6a9da9d48d21625fbd66480b6ca92f06aa0a30aac';
  assert.equal(sha256Of(CANONICAL), expected);
  assert.equal(analyzeFile('/repo/.alloy/briefs/x.yaml', YAML_BRIEF)?.digest, expected);
});

// A brief whose canonical form exercises RFC 8785: numbers in ECMAScript form (1.0 → 1,
// 1e3 → 1000, 1e21 → 1e+21, -0 → 0), strings as UTF-8 with only `"`, `\` and control
// characters escaped (lower-case \u00xx), keys ordered by UTF-16 code units ("😀" = D83D DE00
// sorts before "ﬁ" = FB01, although its code point is higher).
const UNICODE_JSON = `{
  "version": 1.0,
  "schema_version": "alloy.formation_brief.v1",
  "id": "brief_unicode",
  "project_id": "checkout-service",
  "created_at": "2026-06-06T10:00:00-04:00",
  "created_by": "Zo\\u00eb Ñúñez",
  "status": "draft",
  "mission": { "objective": "Ship «fast» — naïve café ✓ 😀\\tand \\"quoted\\" a\\/b \\u001F" },
  "foundry": {
    "entry_event": "scan_requested",
    "throttle": "dry_run",
    "payload": { "max_iterations": 1e3, "ratio": 1.0, "small": 0.000001, "big": 1E21, "neg": -0, "ﬁ": 1, "😀": 2, "é": 3, "Z": 4, "a": 5 }
  }
}
`;

const UNICODE_YAML = `version: 1.0
schema_version: alloy.formation_brief.v1
id: brief_unicode
project_id: checkout-service
created_at: 2026-06-06T10:00:00-04:00
created_by: Zoë Ñúñez
status: draft
mission:
  objective: "Ship «fast» — naïve café ✓ 😀\\tand \\"quoted\\" a/b \\x1f"
foundry:
  entry_event: scan_requested
  throttle: dry_run
  payload: {max_iterations: 1e3, ratio: 1.0, small: 0.000001, big: 1e21, neg: -0, ﬁ: 1, 😀: 2, é: 3, Z: 4, a: 5}
`;

const UNICODE_CANONICAL =
  '{"created_at":"2026-06-06T10:00:00-04:00","created_by":"Zoë Ñúñez","foundry":{"entry_event":"scan_requested",' +
  '"payload":{"Z":4,"a":5,"big":1e+21,"max_iterations":1000,"neg":0,"ratio":1,"small":0.000001,"é":3,"😀":2,"ﬁ":1},' +
  '"throttle":"dry_run"},"id":"brief_unicode","mission":{"objective":"Ship «fast» — naïve café ✓ 😀\\tand \\"quoted\\" a/b \\u001f"},' +
  '"project_id":"checkout-service","schema_version":"alloy.formation_brief.v1","status":"draft","version":1}';
const UNICODE_DIGEST = 'sha256:1efea181092a228ccfe5eedeb0dfdd937e93df2bd30290667153c95dc2e95713';

test('RFC 8785 numbers, escapes and key order: the JSON brief', () => {
  assert.equal(sha256Of(UNICODE_CANONICAL), UNICODE_DIGEST);
  const analysis = analyzeFile('/repo/.alloy/briefs/unicode.json', UNICODE_JSON);
  assert.deepEqual(analysis?.diagnostics, []);
  assert.equal(canonicalJson(analysis!.value!), UNICODE_CANONICAL);
  assert.equal(analysis?.digest, UNICODE_DIGEST);
});

test('RFC 8785 numbers, escapes and key order: the same brief in YAML', () => {
  const analysis = analyzeFile('/repo/.alloy/briefs/unicode.yaml', UNICODE_YAML);
  assert.deepEqual(analysis?.diagnostics, []);
  assert.equal(analysis?.digest, UNICODE_DIGEST);
});

// ---------------------------------------------------------------------------------------------
// Formatting independence: the fixture brief written in many ways.

const FLOW_AND_COMMENTS = `# The same brief: flow style, other key order, quoted scalars, comments everywhere.
foundry: {throttle: "dry_run", payload: {strategic: true, max_iterations: 3}, entry_event: 'iteration_requested'}  # runtime
evidence_plan: {required: [payment_e2e_test]}
status: 'compiled'   # lifecycle
protected_capabilities:
  - {severity: high, statement: "A customer can pay by card.", id: cap_card_payment}
mission:
  definition_of_done: ["all payment gates pass"]
  # a folded scalar that folds to the same one-line objective
  objective: >-
    Keep card payments working
    while the checkout flow is refactored.
created_by: "stacey"
created_at: "2026-06-06T10:00:00-04:00"
project_id: checkout-service
version: 3
id: "brief_checkout_payment"
schema_version: "alloy.formation_brief.v1"
`;

test('comments, flow style, key order, quoting, line endings and JSON do not change the digest', () => {
  const data = briefDataOf(BRIEF_YAML);
  const { digest: _own, ...content } = data;
  const variants: [string, string][] = [
    ['block YAML', BRIEF_YAML],
    ['flow YAML with comments', FLOW_AND_COMMENTS],
    ['CRLF line endings', BRIEF_YAML.replace(/\n/g, '\r\n')],
    ['a document start marker', '---\n' + BRIEF_YAML],
    ['pretty JSON', JSON.stringify(data, null, 2)],
    ['minified JSON in reverse key order', JSON.stringify(Object.fromEntries(Object.entries(content).reverse()))],
  ];
  for (const [label, text] of variants) {
    const file = text.trimStart().startsWith('{') ? '/repo/.alloy/briefs/b.json' : '/repo/.alloy/briefs/b.yaml';
    const analysis = analyzeFile(file, text);
    assert.deepEqual(
      analysis?.diagnostics.map((d) => d.code),
      [],
      label,
    );
    assert.equal(analysis?.digest, BRIEF_DIGEST, label);
  }
});

test('one character changed in the objective changes the digest', () => {
  const changed = analyzeFile('/repo/.alloy/briefs/b.yaml', BRIEF_YAML.replace('refactored.', 'refactored!'));
  assert.ok(changed?.digest);
  assert.notEqual(changed.digest, BRIEF_DIGEST);
  assert.equal(changed.digest, expectedBriefDigest(briefDataOf(BRIEF_YAML.replace('refactored.', 'refactored!'))));
});

test('a change of type (3 versus "3") changes the digest', () => {
  const quoted = analyzeFile('/repo/.alloy/briefs/b.yaml', BRIEF_YAML.replace('max_iterations: 3', 'max_iterations: "3"'));
  assert.ok(quoted?.digest);
  assert.notEqual(quoted.digest, BRIEF_DIGEST);
});

test("the brief's own digest does not count, wherever it is or whatever it says", () => {
  const withoutOwn = BRIEF_YAML.replace(/^digest: .*\n/m, '');
  for (const text of [
    withoutOwn,
    BRIEF_YAML.replace(/^digest: .*$/m, 'digest: sha256:' + 'f'.repeat(64)),
    withoutOwn + `digest: ${BRIEF_DIGEST}\n`,
  ]) {
    assert.equal(analyzeFile('/repo/.alloy/briefs/b.yaml', text)?.digest, BRIEF_DIGEST);
  }
});

test('a nested digest (not the top-level one) is content', () => {
  const withPack = briefYaml((t) =>
    t.replace('foundry:\n', `prompt_pack:\n  id: pp_checkout\n  digest: sha256:${'1'.repeat(64)}\nfoundry:\n`),
  );
  const otherPack = withPack.replace('1'.repeat(64), '2'.repeat(64));
  const a = analyzeFile('/repo/.alloy/briefs/b.yaml', withPack)?.digest;
  const b = analyzeFile('/repo/.alloy/briefs/b.yaml', otherPack)?.digest;
  assert.ok(a && b);
  assert.notEqual(a, b);
  assert.equal(a, expectedBriefDigest(briefDataOf(withPack)));
});

test('briefDigest() of plain data matches the hand-computed digest', () => {
  assert.equal(briefDigest(briefDataOf(BRIEF_YAML)), BRIEF_DIGEST);
});
