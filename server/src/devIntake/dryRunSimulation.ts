// The simulated run of a checked request: a complete alloy.foundry_run_result.v1 built from the
// request and its brief, deterministic in the idempotency key. Nothing runs and nothing changes.

import { createHash } from 'node:crypto';
import type { BriefFacts, RequestFacts } from './requestFacts';
import { formationBlocks, terminalEvent, type FormationBlock } from './formationBlocks';

export type RunOutcome = 'completed' | 'completed_with_findings' | 'failed';

export interface GateResult {
  name: string;
  phase: 'preflight' | 'verify';
  status: 'passed' | 'failed' | 'skipped';
  details: string;
}

export interface EvidenceObservation {
  evidence_definition_id: string;
  run_request_id: string;
  brief_id: string;
  status: 'satisfied' | 'failing' | 'missing';
  observed_by: string;
  supporting_artifacts: string[];
  notes: string;
}

export interface RunResult {
  schema_version: 'alloy.foundry_run_result.v1';
  run_request_id: string;
  foundry_run_id: string;
  brief_id: string;
  brief_digest: string;
  project_id: string;
  status: RunOutcome;
  repo_revision_before: string;
  repo_revision_after: string;
  throttle: string;
  entry_event: string;
  retry_count: number;
  gates: GateResult[];
  summary: {
    capabilities_preserved: string[];
    capabilities_at_risk: string[];
    threats_observed: string[];
    follow_up_questions: string[];
  };
  trace: {
    trace_id: string;
    trace_uri: string;
    summary: {
      root_event: string;
      terminal_event: string;
      blocks_executed: string[];
      blocks_skipped_by_throttle: string[];
      mutators_simulated: string[];
      mutators_executed: string[];
      retries: number;
    };
  };
  evidence_observations: EvidenceObservation[];
  errors: { message: string; category: 'execution' }[];
}

export interface SimulationInput {
  request: RequestFacts;
  brief: BriefFacts;
  outcome: RunOutcome;
}

export const OBSERVER = 'foundry-dev-intake';

function hexOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The run id for a key: `run_` and 24 hex digits, the same on every replay and every restart. */
export function runIdOf(idempotencyKey: string): string {
  return `run_${hexOf(`run:${idempotencyKey}`).slice(0, 24)}`;
}

export function simulateRun({ request, brief, outcome }: SimulationInput): RunResult {
  const runId = runIdOf(request.idempotencyKey);
  const failed = outcome === 'failed';
  const findings = outcome === 'completed_with_findings';
  const blocks = formationBlocks(request.entryEvent);
  const trace = traceOf(blocks, request, failed);
  const flawed = findings ? brief.requiredEvidence[brief.requiredEvidence.length - 1] : undefined;
  const atRisk = findings && brief.capabilities.length > 0 ? [brief.capabilities[0]] : [];

  const gates: GateResult[] = [preflightGate(request)];
  for (const id of brief.requiredEvidence) gates.push(verifyGate(id, failed, id === flawed));
  if (findings && flawed === undefined) {
    gates.push({ name: 'simulated finding', phase: 'verify', status: 'failed', details: 'Simulated finding (fault "findings").' });
  }

  return {
    schema_version: 'alloy.foundry_run_result.v1',
    run_request_id: request.requestId,
    foundry_run_id: runId,
    brief_id: request.briefId,
    brief_digest: request.briefDigest,
    project_id: request.projectId,
    status: outcome,
    repo_revision_before: request.revision,
    // Every mutator is simulated, so the repository never moves.
    repo_revision_after: request.revision,
    throttle: request.throttle,
    entry_event: request.entryEvent,
    retry_count: 0,
    gates,
    summary: {
      capabilities_preserved: failed ? [] : brief.capabilities.filter((id) => !atRisk.includes(id)),
      capabilities_at_risk: atRisk,
      threats_observed: findings ? [brief.threats[0] ?? 'Simulated threat (fault "findings").'] : [],
      follow_up_questions: followUps(outcome, flawed, trace.failedBlock),
    },
    trace: {
      trace_id: hexOf(`trace:${request.idempotencyKey}`).slice(0, 32),
      trace_uri: `trace://${runId}`,
      summary: {
        root_event: request.entryEvent,
        terminal_event: terminalEvent(request.entryEvent, failed),
        blocks_executed: trace.executed,
        blocks_skipped_by_throttle: trace.skipped,
        mutators_simulated: trace.simulated,
        mutators_executed: [],
        retries: 0,
      },
    },
    evidence_observations: brief.requiredEvidence.map((id) => ({
      evidence_definition_id: id,
      run_request_id: request.requestId,
      brief_id: request.briefId,
      status: failed ? 'missing' : id === flawed ? 'failing' : 'satisfied',
      observed_by: OBSERVER,
      supporting_artifacts: [`trace://${runId}/gates/${id}`],
      notes: failed
        ? 'Not observed: the simulated run failed before verification.'
        : id === flawed
          ? 'Simulated finding (fault "findings"): this evidence is reported as failing.'
          : `Simulated by the Foundry dev intake (${request.throttle}): no check really ran.`,
    })),
    errors: failed
      ? [{ message: `Simulated failure (fault "fail-run"): block "${trace.failedBlock}" stopped the run.`, category: 'execution' }]
      : [],
  };
}

function preflightGate(request: RequestFacts): GateResult {
  const checked =
    `brief ${request.briefId} v${request.briefVersion} at ${request.briefPath} has digest ${request.briefDigest}; ` +
    'the idempotency key matches its seven inputs';
  const throttle =
    request.throttle === 'full'
      ? 'throttle full was allowed (--allow-full) but the dev intake still only simulates: no mutator ran'
      : 'throttle dry_run: mutators are simulated';
  return { name: 'alloy preflight', phase: 'preflight', status: 'passed', details: `${checked}; ${throttle}.` };
}

function verifyGate(id: string, failed: boolean, flawed: boolean): GateResult {
  if (failed) return { name: id, phase: 'verify', status: 'skipped', details: 'Not run: the simulated run failed before verification.' };
  if (flawed) return { name: id, phase: 'verify', status: 'failed', details: 'Simulated finding (fault "findings").' };
  return { name: id, phase: 'verify', status: 'passed', details: 'Simulated pass: the dev intake runs no real check.' };
}

interface TraceBlocks {
  executed: string[];
  skipped: string[];
  simulated: string[];
  /** The block a failed run stopped at. */
  failedBlock: string;
}

/**
 * Under dry_run observers execute, mutators are simulated and publishing blocks are skipped by the
 * throttle. Under an allowed full every mutator, publishing included, is simulated. A failed run
 * stops at its first mutator (or its last block when it has none); later blocks do not appear.
 */
function traceOf(blocks: FormationBlock[], request: RequestFacts, failed: boolean): TraceBlocks {
  const full = request.throttle === 'full';
  const firstMutator = blocks.findIndex((b) => b.mutates);
  const failIndex = !failed ? -1 : firstMutator >= 0 ? firstMutator : blocks.length - 1;
  const trace: TraceBlocks = { executed: [], skipped: [], simulated: [], failedBlock: failed ? blocks[failIndex].name : '' };
  blocks.forEach((block, index) => {
    if (failed && index > failIndex) return;
    if (!block.mutates) trace.executed.push(block.name);
    else if (block.publishes && !full) trace.skipped.push(block.name);
    else trace.simulated.push(block.name);
  });
  return trace;
}

function followUps(outcome: RunOutcome, flawed: string | undefined, failedBlock: string): string[] {
  if (outcome === 'failed') return [`The simulated run failed at "${failedBlock}": send a changed request to run again?`];
  if (outcome === 'completed_with_findings') return [`Should "${flawed ?? 'the simulated finding'}" block the change?`];
  return [];
}
