// Page states for the reports page tests: the example checkout brief and a run result for it, a
// three-request list, and a large run result for the 5 MB figure.

import type { ReportsPageState, RequestRow } from '../../client/src/reports/reportsPageState';

export const PAYMENT_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
export const REFUND_ID = 'runreq_01HZ_CHECKOUT_REFUND';
export const RETRY_ID = 'runreq_01HZ_CHECKOUT_RETRY';
export const BRIEF_DIGEST = 'sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa';
export const OTHER_DIGEST = 'sha256:29a8825bd242f14386ee528d76e0e8f1e38f3c8c4047d7b2d6df7493368a17d0';
export const CAPABILITY = 'alloy.capability.replace-payment-provider';
export const CONTRACT_TESTS = 'evidence.checkout.payment-gateway-contract-tests';
export const DECLINED_CARD = 'evidence.checkout.declined-card-recovery';

export function sampleRunResult(): Record<string, unknown> {
  return {
    schema_version: 'alloy.foundry_run_result.v1',
    run_request_id: PAYMENT_ID,
    foundry_run_id: 'foundry_run_01HZ_CHECKOUT_PAYMENT',
    brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
    brief_digest: BRIEF_DIGEST,
    project_id: 'checkout-service',
    status: 'completed_with_findings',
    repo_revision_before: 'abc123',
    repo_revision_after: 'def456',
    throttle: 'dry_run',
    entry_event: 'iteration_requested',
    retry_count: 1,
    gates: [
      { name: 'mix test', phase: 'verify', status: 'passed' },
      { name: 'vendor_sdk_import_boundary', phase: 'verify', status: 'failed', details: 'Stripe SDK imported in CheckoutLive.' },
      { name: 'credo', phase: 'preflight', status: 'skipped', details: 'Skipped by throttle.' },
    ],
    summary: {
      capabilities_preserved: [],
      capabilities_at_risk: [CAPABILITY],
      threats_observed: ['Provider SDK imported in a LiveView module.'],
      follow_up_questions: ['Should timeouts be retried automatically?'],
    },
    trace: {
      trace_id: 'trace_01HZ_CHECKOUT_PAYMENT',
      trace_uri: 'trace://foundry_run_01HZ_CHECKOUT_PAYMENT',
      summary: {
        root_event: 'iteration_requested',
        terminal_event: 'iteration_completed',
        blocks_executed: ['Assess Project', 'Create Plan', 'Run Verify Gates'],
        blocks_skipped_by_throttle: ['Commit and Push'],
        mutators_simulated: ['Execute Plan'],
        mutators_executed: [],
        retries: 1,
      },
    },
    evidence_observations: [
      {
        evidence_definition_id: CONTRACT_TESTS,
        run_request_id: PAYMENT_ID,
        brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
        status: 'satisfied',
        observed_by: 'foundry',
        supporting_artifacts: ['trace://foundry_run_01HZ_CHECKOUT_PAYMENT/gates/tests'],
        notes: 'Gateway contract tests pass against the test double.',
      },
      {
        evidence_definition_id: 'evidence.checkout.timeouts',
        status: 'partially_satisfied',
        observed_by: 'foundry',
        supporting_artifacts: [],
        notes: 'Declined and successful payments are tested; timeouts are not.',
      },
    ],
    errors: [
      { message: 'Gate vendor_sdk_import_boundary failed after retry.', category: 'execution' },
      { message: 'Gate mix test was slow.', category: 'execution' },
      { message: 'Provider SDK called from a LiveView.', category: 'safety' },
    ],
  };
}

export function sampleRows(): RequestRow[] {
  return [
    {
      requestId: PAYMENT_ID,
      state: 'completed',
      projectId: 'checkout-service',
      file: '.alloy/requests/checkout-payment.json',
      submittedAt: '2026-06-06T14:05:01.000Z',
      keyPrefix: 'sha256:7833fa03',
      answer: '202 accepted',
      reportedAt: '2026-06-06T14:09:30.000Z',
    },
    {
      requestId: REFUND_ID,
      state: 'pending',
      projectId: 'checkout-service',
      file: '.alloy/requests/checkout-refund.json',
      submittedAt: '2026-06-06T15:00:00.000Z',
      keyPrefix: 'sha256:1f2e3d4c',
    },
    {
      requestId: RETRY_ID,
      state: 'failed',
      projectId: 'checkout-service',
      file: '.alloy/requests/checkout-retry.json',
      submittedAt: '2026-06-05T09:00:00.000Z',
      keyPrefix: 'sha256:aa00bb11',
      answer: '202 accepted',
      reportedAt: '2026-06-05T09:30:00.000Z',
    },
  ];
}

export function sampleBrief() {
  return {
    id: 'brief_01HZ_CHECKOUT_PAYMENT',
    path: '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
    currentDigest: BRIEF_DIGEST,
    requiredEvidence: [CONTRACT_TESTS, DECLINED_CARD],
    protectedCapabilities: [
      { id: CAPABILITY, statement: 'The payment provider can be replaced without touching checkout screens.', severity: 'high' },
    ],
  };
}

export function sampleState(seq = 1, runResult: unknown = sampleRunResult()): ReportsPageState {
  return {
    seq,
    requests: sampleRows(),
    selectedId: PAYMENT_ID,
    selected: {
      requestId: PAYMENT_ID,
      submittedDigest: BRIEF_DIGEST,
      report: {
        runResult,
        problems: [],
        phase: 'completed',
        receivedAt: '2026-06-06T14:09:30.000Z',
        file: '.alloy/reports/runreq_01HZ_CHECKOUT_PAYMENT/completed-20260606T140930Z-1a2b3c4d.json',
      },
      brief: sampleBrief(),
    },
  };
}

/** A run result of about `bytes` bytes of JSON: many gates and observations. */
export function largeRunResult(bytes: number): Record<string, unknown> {
  const result = sampleRunResult();
  const gates: unknown[] = [];
  const observations: unknown[] = [];
  let size = JSON.stringify(result).length;
  for (let i = 0; size < bytes; i++) {
    const gate = {
      name: `gate ${i}`,
      phase: i % 2 ? 'verify' : 'preflight',
      status: i % 7 ? 'passed' : 'failed',
      details: `Details of gate ${i}. `.repeat(4),
    };
    const observation = {
      evidence_definition_id: `evidence.generated.${i}`,
      status: i % 5 ? 'satisfied' : 'missing',
      observed_by: 'foundry',
      supporting_artifacts: [`trace://run/gates/${i}`],
      notes: `Observation ${i}. `.repeat(4),
    };
    gates.push(gate);
    observations.push(observation);
    size += JSON.stringify(gate).length + JSON.stringify(observation).length + 2;
  }
  result.gates = gates;
  result.evidence_observations = observations;
  return result;
}
