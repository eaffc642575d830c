// What a stored report's bytes are judged to be (SPEC §8.2: kept even when they fail the schema,
// but flagged): run results for completed/failed, any object for accepted/started, the id check,
// and the phase-against-status warning.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeReport, phaseOfRunStatus } from '../../server/src/reports';

const RESULT = {
  schema_version: 'alloy.foundry_run_result.v1',
  run_request_id: 'runreq_A',
  foundry_run_id: 'foundry_run_1',
  brief_id: 'brief_A',
  brief_digest: 'sha256:' + 'd'.repeat(64),
  project_id: 'checkout-service',
  status: 'completed',
};
const text = (value: unknown): string => JSON.stringify(value, null, 2);
const codes = (j: ReturnType<typeof judgeReport>): string[] => j.problems.map((p) => `${p.severity}:${p.code}`);

test('a valid run result for completed has no problems and carries its status', () => {
  assert.deepEqual(judgeReport('runreq_A', 'completed', text(RESULT)), { problems: [], flagged: false, runStatus: 'completed' });
  assert.deepEqual(judgeReport('runreq_A', 'failed', text({ ...RESULT, status: 'failed' })), {
    problems: [],
    flagged: false,
    runStatus: 'failed',
  });
  assert.deepEqual(judgeReport('runreq_A', 'completed', text({ ...RESULT, status: 'completed_with_findings' })).flagged, false);
});

test('completed and failed bodies must be run results; the message says what was found', () => {
  const noVersion = judgeReport('runreq_A', 'completed', '{"state":"done"}');
  assert.equal(noVersion.flagged, true);
  assert.deepEqual(noVersion.problems, [
    {
      code: 'not-a-run-result',
      severity: 'error',
      message: 'A completed report is expected to be a run result (alloy.foundry_run_result.v1), but it has no schema_version.',
    },
  ]);
  const other = judgeReport('runreq_A', 'failed', text({ schema_version: 'alloy.something_else.v1' }));
  assert.equal(
    other.problems[0].message,
    'A failed report is expected to be a run result (alloy.foundry_run_result.v1), but its schema_version is "alloy.something_else.v1".',
  );
});

test('schema errors from the core are kept with their line; warnings do not flag', () => {
  const broken = judgeReport('runreq_A', 'completed', text({ ...RESULT, status: 'finished', retry_count: -1 }));
  assert.equal(broken.flagged, true);
  assert.deepEqual(codes(broken), ['error:schema', 'error:schema']);
  assert.deepEqual(
    broken.problems.map((p) => p.line),
    [8, 9],
  );
  const extra = judgeReport('runreq_A', 'completed', text({ ...RESULT, colour: 'blue' }));
  assert.equal(extra.flagged, false);
  assert.deepEqual(codes(extra), ['warning:unknown-property']);
  const v2 = judgeReport('runreq_A', 'completed', text({ ...RESULT, schema_version: 'alloy.foundry_run_result.v2' }));
  assert.deepEqual(codes(v2), ['error:unsupported-version']);
});

test('accepted and started may be small status objects; a run result among them is still checked', () => {
  assert.deepEqual(judgeReport('runreq_A', 'accepted', '{"state":"accepted","queue":3}'), {
    problems: [],
    flagged: false,
    runStatus: undefined,
  });
  assert.deepEqual(codes(judgeReport('runreq_A', 'started', text({ ...RESULT, status: 'nope' }))), ['error:schema']);
});

test('a body that names another run request is flagged', () => {
  const j = judgeReport('runreq_A', 'started', '{"run_request_id":"runreq_B"}');
  assert.deepEqual(j.problems, [
    { code: 'request-mismatch', severity: 'error', message: 'The report names run request "runreq_B", but it is filed under runreq_A.' },
  ]);
});

test('a run status that contradicts the phase is a warning', () => {
  const j = judgeReport('runreq_A', 'completed', text({ ...RESULT, status: 'failed' }));
  assert.deepEqual(j, {
    problems: [
      { code: 'phase-status-mismatch', severity: 'warning', message: 'The report was sent as completed, but its run status is "failed".' },
    ],
    flagged: false,
    runStatus: 'failed',
  });
});

test('a file without a phase may be a run result or an evidence observation; anything else is flagged', () => {
  const evidence = {
    schema_version: 'alloy.evidence_observation.v1',
    evidence_definition_id: 'evidence_1',
    run_request_id: 'runreq_A',
    brief_id: 'brief_A',
    status: 'satisfied',
    observed_by: 'foundry',
  };
  assert.equal(judgeReport('runreq_A', undefined, text(RESULT)).flagged, false);
  assert.deepEqual(codes(judgeReport('runreq_A', undefined, text(evidence))), []);
  assert.deepEqual(codes(judgeReport('runreq_A', undefined, '{"hello":1}')), ['error:not-a-run-result']);
  assert.deepEqual(codes(judgeReport('runreq_A', undefined, '{"a":1,"a":2}')), ['error:syntax', 'error:not-a-run-result']);
  assert.deepEqual(codes(judgeReport('runreq_A', undefined, '[1,2]')), ['error:not-an-object', 'error:not-a-run-result']);
});

test('the phase a run status implies', () => {
  assert.deepEqual(
    ['completed', 'completed_with_findings', 'failed', 'rejected', 'cancelled', 'running', undefined].map(phaseOfRunStatus),
    ['completed', 'completed', 'failed', 'failed', 'failed', undefined, undefined],
  );
});
