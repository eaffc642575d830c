// The simulated run result: a valid alloy.foundry_run_result.v1 (zero diagnostics from the core)
// for every outcome and entry event, with the brief's evidence, capabilities and the request's ids.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core';
import { runIdOf, simulateRun, type RequestFacts, type RunOutcome, type RunResult } from '../../server/src/devIntake';
import { PAYMENT_DIGEST, PAYMENT_ID, PAYMENT_KEY } from './exampleRoot';
import { answered, getJson, submit } from './httpClient';
import { startHarness } from './intakeHarness';

const EVIDENCE = ['evidence.checkout.payment-gateway-contract-tests', 'evidence.checkout.declined-card-recovery'];
const CAPABILITY = 'alloy.capability.replace-payment-provider';

function diagnosticsOf(result: RunResult): string[] {
  const analysis = analyzeFile('x.json', JSON.stringify(result, null, 2))!;
  assert.equal(analysis.kind, 'run-result');
  return analysis.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

const FACTS: RequestFacts = {
  requestId: PAYMENT_ID,
  idempotencyKey: PAYMENT_KEY,
  projectId: 'checkout-service',
  revision: 'abc123',
  branch: 'alloy/checkout-payment',
  briefId: 'brief_01HZ_CHECKOUT_PAYMENT',
  briefVersion: 1,
  briefDigest: PAYMENT_DIGEST,
  briefPath: '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
  entryEvent: 'iteration_requested',
  throttle: 'dry_run',
  callbackUrl: undefined,
};
const BRIEF = { capabilities: [CAPABILITY], requiredEvidence: EVIDENCE, threats: ['Provider SDK calls leaking into LiveView modules'] };

test('an accepted request gets a completed dry-run result built from the request and its brief, valid against the schema', async () => {
  const h = await startHarness();
  try {
    const accepted = answered(await submit(h.port, h.example.paymentRequest(null)));
    assert.equal(accepted.status, 202);
    const result = h.intake.resultFor(PAYMENT_KEY)!;
    assert.deepEqual(diagnosticsOf(result), []);
    const runId = runIdOf(PAYMENT_KEY);
    assert.match(runId, /^run_[0-9a-f]{24}$/);
    assert.equal((accepted.json as { run_id: string }).run_id, runId);
    assert.deepEqual(
      { ...result, gates: undefined, trace: undefined, evidence_observations: undefined },
      {
        schema_version: 'alloy.foundry_run_result.v1',
        run_request_id: PAYMENT_ID,
        foundry_run_id: runId,
        brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
        brief_digest: PAYMENT_DIGEST,
        project_id: 'checkout-service',
        status: 'completed',
        repo_revision_before: 'abc123',
        repo_revision_after: 'abc123',
        throttle: 'dry_run',
        entry_event: 'iteration_requested',
        retry_count: 0,
        gates: undefined,
        summary: { capabilities_preserved: [CAPABILITY], capabilities_at_risk: [], threats_observed: [], follow_up_questions: [] },
        trace: undefined,
        evidence_observations: undefined,
        errors: [],
      },
    );
    assert.deepEqual(
      result.gates.map((g) => [g.name, g.phase, g.status]),
      [['alloy preflight', 'preflight', 'passed'], ...EVIDENCE.map((id) => [id, 'verify', 'passed'])],
    );
    assert.deepEqual(result.trace.summary, {
      root_event: 'iteration_requested',
      terminal_event: 'iteration_completed',
      blocks_executed: ['Assess Project', 'Create Plan', 'Run Verify Gates'],
      blocks_skipped_by_throttle: ['Commit and Push'],
      mutators_simulated: ['Execute Plan'],
      mutators_executed: [],
      retries: 0,
    });
    assert.equal(result.trace.trace_uri, `trace://${runId}`);
    assert.match(result.trace.trace_id, /^[0-9a-f]{32}$/);
    assert.deepEqual(
      result.evidence_observations.map((o) => [o.evidence_definition_id, o.run_request_id, o.brief_id, o.status, o.supporting_artifacts]),
      EVIDENCE.map((id) => [id, PAYMENT_ID, 'brief_01HZ_CHECKOUT_PAYMENT', 'satisfied', [`trace://${runId}/gates/${id}`]]),
    );

    const run = await getJson(h.port, `/v1/runs/${runId}`);
    assert.equal(run.status, 200);
    const view = run.json as { status: string; request_id: string; idempotency_key: string; result: RunResult };
    assert.equal(view.status, 'completed');
    assert.equal(view.idempotency_key, PAYMENT_KEY);
    assert.deepEqual(view.result, result);
    assert.equal((await getJson(h.port, '/v1/runs/run_nothing')).status, 404);
  } finally {
    await h.dispose();
  }
});

test('the findings fault gives completed_with_findings: the last evidence gate fails, its capability is at risk', async () => {
  const h = await startHarness({ faults: ['findings'] });
  try {
    assert.equal(answered(await submit(h.port, h.example.paymentRequest(null))).status, 202);
    const result = h.intake.resultFor(PAYMENT_KEY)!;
    assert.deepEqual(diagnosticsOf(result), []);
    assert.equal(result.status, 'completed_with_findings');
    assert.deepEqual(
      result.gates.map((g) => g.status),
      ['passed', 'passed', 'failed'],
    );
    assert.deepEqual(
      result.evidence_observations.map((o) => o.status),
      ['satisfied', 'failing'],
    );
    assert.deepEqual(result.summary, {
      capabilities_preserved: [],
      capabilities_at_risk: [CAPABILITY],
      threats_observed: ['Provider SDK calls leaking into LiveView modules'],
      follow_up_questions: ['Should "evidence.checkout.declined-card-recovery" block the change?'],
    });
  } finally {
    await h.dispose();
  }
});

test('a failed run stops at its first mutator: verify gates skipped, evidence missing, one execution error', () => {
  const result = simulateRun({ request: FACTS, brief: BRIEF, outcome: 'failed' });
  assert.deepEqual(diagnosticsOf(result), []);
  assert.equal(result.status, 'failed');
  assert.deepEqual(result.errors, [
    { message: 'Simulated failure (fault "fail-run"): block "Execute Plan" stopped the run.', category: 'execution' },
  ]);
  assert.deepEqual(
    result.gates.map((g) => [g.phase, g.status]),
    [
      ['preflight', 'passed'],
      ['verify', 'skipped'],
      ['verify', 'skipped'],
    ],
  );
  assert.deepEqual(
    result.evidence_observations.map((o) => o.status),
    ['missing', 'missing'],
  );
  assert.deepEqual(result.trace.summary.blocks_executed, ['Assess Project', 'Create Plan']);
  assert.deepEqual(result.trace.summary.mutators_simulated, ['Execute Plan']);
  assert.equal(result.trace.summary.terminal_event, 'iteration_failed');
});

test('every entry event and outcome gives a valid result, the same for the same key', () => {
  const events = ['iteration_requested', 'execution_requested', 'maintenance_requested', 'validation_requested', 'scan_requested'];
  const outcomes: RunOutcome[] = ['completed', 'completed_with_findings', 'failed'];
  for (const entryEvent of events) {
    for (const outcome of outcomes) {
      for (const throttle of ['dry_run', 'full']) {
        const input = { request: { ...FACTS, entryEvent, throttle }, brief: BRIEF, outcome };
        const result = simulateRun(input);
        assert.deepEqual(diagnosticsOf(result), [], `${entryEvent} ${outcome} ${throttle}`);
        assert.equal(
          result.trace.summary.terminal_event,
          entryEvent.replace('_requested', outcome === 'failed' ? '_failed' : '_completed'),
        );
        assert.deepEqual(result.trace.summary.mutators_executed, []);
        assert.deepEqual(simulateRun(input), result);
      }
    }
  }
  // The check can fail: an unknown status or an extra member is reported.
  const valid = simulateRun({ request: FACTS, brief: BRIEF, outcome: 'completed' });
  assert.equal(diagnosticsOf({ ...valid, status: 'done' } as unknown as RunResult).length, 1);
  assert.equal(diagnosticsOf({ ...valid, extra: 1 } as unknown as RunResult).length, 1);
  // A brief without evidence or capabilities still gives a valid result; findings get a gate of their own.
  const bare = simulateRun({
    request: FACTS,
    brief: { capabilities: [], requiredEvidence: [], threats: [] },
    outcome: 'completed_with_findings',
  });
  assert.deepEqual(diagnosticsOf(bare), []);
  assert.deepEqual(
    bare.gates.map((g) => [g.name, g.status]),
    [
      ['alloy preflight', 'passed'],
      ['simulated finding', 'failed'],
    ],
  );
});
