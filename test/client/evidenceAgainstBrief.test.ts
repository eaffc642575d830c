// evidenceAgainstBrief: required evidence with its observation status (or "not reported"),
// protected capabilities preserved / at risk / not mentioned, and what the brief did not ask for.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceAgainstBrief, type BriefExpectations } from '../../client/src/reports/evidenceAgainstBrief';
import { CAPABILITY, CONTRACT_TESTS, DECLINED_CARD, sampleBrief, sampleRunResult } from './reportsFixtures';

const brief: BriefExpectations = sampleBrief();

function observation(id: unknown, status: unknown, extra: Record<string, unknown> = {}) {
  return { evidence_definition_id: id, status, ...extra };
}

test('the example run: one required item satisfied, one not reported, the capability at risk, one observation unasked', () => {
  const result = evidenceAgainstBrief(brief, sampleRunResult());
  assert.deepEqual(
    result.required.map((r) => [r.id, r.status, r.attention, r.observations.length, r.conflicting]),
    [
      [CONTRACT_TESTS, 'satisfied', 'ok', 1, false],
      [DECLINED_CARD, 'not-reported', 'warning', 0, false],
    ],
  );
  assert.deepEqual(result.required[0].observations[0], {
    index: 0,
    status: 'satisfied',
    observedBy: 'foundry',
    notes: 'Gateway contract tests pass against the test double.',
    artifacts: ['trace://foundry_run_01HZ_CHECKOUT_PAYMENT/gates/tests'],
  });
  assert.deepEqual(
    result.capabilities.map((c) => [c.id, c.status, c.attention, c.severity, c.conflicting]),
    [[CAPABILITY, 'at-risk', 'problem', 'high', false]],
  );
  assert.deepEqual(
    result.unasked.map((u) => [u.id, u.observation.status, u.observation.index, u.attention]),
    [['evidence.checkout.timeouts', 'partially_satisfied', 1, 'warning']],
  );
  assert.deepEqual(result.unlistedCapabilities, []);
  assert.deepEqual(result.counts, { missing: 0, failing: 0, notReported: 1, atRisk: 1 });
});

test('each of the six observation statuses maps to its attention', () => {
  const statuses = ['satisfied', 'partially_satisfied', 'missing', 'failing', 'waived', 'unknown'];
  const ids = statuses.map((s) => `e.${s}`);
  const result = evidenceAgainstBrief(
    { requiredEvidence: ids, protectedCapabilities: [] },
    { evidence_observations: statuses.map((s, i) => observation(ids[i], s)) },
  );
  assert.deepEqual(
    result.required.map((r) => [r.status, r.attention]),
    [
      ['satisfied', 'ok'],
      ['partially_satisfied', 'warning'],
      ['missing', 'problem'],
      ['failing', 'problem'],
      ['waived', 'neutral'],
      ['unknown', 'warning'],
    ],
  );
  assert.deepEqual(result.counts, { missing: 1, failing: 1, notReported: 0, atRisk: 0 });
});

test('several observations of one id: the worst is shown and the disagreement flagged', () => {
  const result = evidenceAgainstBrief(
    { requiredEvidence: ['e.one', 'e.two'], protectedCapabilities: [] },
    {
      evidence_observations: [
        observation('e.one', 'satisfied'),
        observation('e.one', 'failing'),
        observation('e.one', 'missing'),
        observation('e.two', 'waived'),
        observation('e.two', 'waived'),
      ],
    },
  );
  assert.deepEqual(
    result.required.map((r) => [r.id, r.status, r.conflicting, r.observations.map((o) => o.index)]),
    [
      ['e.one', 'failing', true, [0, 1, 2]],
      ['e.two', 'waived', false, [3, 4]],
    ],
  );
});

test('a status outside the six is "unrecognised" and keeps the raw value; a non-object observation is kept too', () => {
  const result = evidenceAgainstBrief(
    { requiredEvidence: ['e.one'], protectedCapabilities: [] },
    { evidence_observations: [observation('e.one', 'PASSED'), 'just text', observation(42, 'satisfied'), { status: 'missing' }] },
  );
  assert.deepEqual(
    [result.required[0].status, result.required[0].attention, result.required[0].observations[0].rawStatus],
    ['unrecognised', 'warning', 'PASSED'],
  );
  assert.deepEqual(
    result.unasked.map((u) => [u.id, u.observation.status, u.observation.rawStatus ?? null, u.observation.index]),
    [
      ['', 'unrecognised', 'just text', 1],
      ['42', 'satisfied', null, 2],
      ['', 'missing', null, 3],
    ],
  );
});

test('capabilities are matched by id or by statement; both lists → at risk and conflicting; unlisted ones are kept', () => {
  const capabilities = [
    { id: 'cap.a', statement: 'A keeps working.' },
    { id: 'cap.b', statement: 'B keeps working.', severity: 'low' },
    { id: 'cap.c', statement: 'C keeps working.' },
    { id: 'cap.d', statement: 'D keeps working.' },
  ];
  const result = evidenceAgainstBrief(
    { requiredEvidence: [], protectedCapabilities: capabilities },
    {
      summary: {
        capabilities_preserved: ['cap.a', 'B keeps working.', 'cap.d', 'cap.unknown.kept'],
        capabilities_at_risk: ['cap.d', 'cap.unknown.risk', 'cap.unknown.risk'],
      },
    },
  );
  assert.deepEqual(
    result.capabilities.map((c) => [c.id, c.status, c.attention, c.conflicting]),
    [
      ['cap.a', 'preserved', 'ok', false],
      ['cap.b', 'preserved', 'ok', false],
      ['cap.c', 'not-mentioned', 'warning', false],
      ['cap.d', 'at-risk', 'problem', true],
    ],
  );
  assert.deepEqual(result.unlistedCapabilities, [
    { text: 'cap.unknown.risk', status: 'at-risk', attention: 'problem' },
    { text: 'cap.unknown.kept', status: 'preserved', attention: 'neutral' },
  ]);
  assert.equal(result.counts.atRisk, 2);
});

test('a run result of the wrong shape gives "not reported" and "not mentioned", never a crash', () => {
  for (const run of [
    undefined,
    null,
    'text',
    42,
    [],
    { evidence_observations: 'no', summary: [] },
    { summary: { capabilities_at_risk: {} } },
  ]) {
    const result = evidenceAgainstBrief(brief, run);
    assert.deepEqual(
      result.required.map((r) => r.status),
      ['not-reported', 'not-reported'],
      JSON.stringify(run),
    );
    assert.deepEqual(
      result.capabilities.map((c) => c.status),
      ['not-mentioned'],
    );
    assert.deepEqual(result.unasked, []);
  }
});

test('no brief: every observation is unasked and every named capability unlisted', () => {
  const result = evidenceAgainstBrief(undefined, sampleRunResult());
  assert.deepEqual(result.required, []);
  assert.deepEqual(result.capabilities, []);
  assert.deepEqual(
    result.unasked.map((u) => u.id),
    [CONTRACT_TESTS, 'evidence.checkout.timeouts'],
  );
  assert.deepEqual(result.unlistedCapabilities, [{ text: CAPABILITY, status: 'at-risk', attention: 'problem' }]);
});

test('prototype names are data: ids such as __proto__ and constructor match only themselves', () => {
  const run = JSON.parse(
    '{"evidence_observations":[{"evidence_definition_id":"__proto__","status":"failing"},' +
      '{"evidence_definition_id":"toString","status":"satisfied"}],' +
      '"summary":{"capabilities_at_risk":["constructor"]},"__proto__":{"status":"polluted"}}',
  );
  const result = evidenceAgainstBrief(
    { requiredEvidence: ['__proto__', 'constructor', 'hasOwnProperty'], protectedCapabilities: [{ id: 'constructor', statement: 'x' }] },
    run,
  );
  assert.deepEqual(
    result.required.map((r) => [r.id, r.status]),
    [
      ['__proto__', 'failing'],
      ['constructor', 'not-reported'],
      ['hasOwnProperty', 'not-reported'],
    ],
  );
  assert.deepEqual(
    result.unasked.map((u) => u.id),
    ['toString'],
  );
  assert.equal(result.capabilities[0].status, 'at-risk');
  assert.equal(({} as Record<string, unknown>).status, undefined);
});

test('duplicate required ids and capability ids in the brief are listed once', () => {
  const result = evidenceAgainstBrief(
    {
      requiredEvidence: ['e.one', 'e.one'],
      protectedCapabilities: [
        { id: 'cap.a', statement: 'first' },
        { id: 'cap.a', statement: 'second' },
      ],
    },
    { evidence_observations: [observation('e.one', 'missing')] },
  );
  assert.deepEqual(
    result.required.map((r) => [r.id, r.status]),
    [['e.one', 'missing']],
  );
  assert.deepEqual(
    result.capabilities.map((c) => c.statement),
    ['first'],
  );
});
