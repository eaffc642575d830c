// Where and in which order run reports are called back (SPEC §8.1). The phase URL rule: take the
// request's callback_url, drop a trailing /accepted, /started, /completed or /failed path segment,
// and append /<phase>; the query, if any, is kept.

import type { RunResult } from './dryRunSimulation';

export type CallbackPhase = 'accepted' | 'started' | 'completed' | 'failed';

const PHASE_SEGMENT = /\/(accepted|started|completed|failed)\/?$/;

export function phaseUrl(callbackUrl: string, phase: CallbackPhase): string {
  const url = new URL(callbackUrl);
  const base = url.pathname.replace(PHASE_SEGMENT, '').replace(/\/$/, '');
  url.pathname = `${base}/${phase}`;
  return url.toString();
}

export interface SequenceFaults {
  duplicate: boolean;
  outOfOrder: boolean;
}

/** accepted → started → completed|failed; out of order puts the end before started; duplicates repeat each. */
export function callbackSequence(end: 'completed' | 'failed', faults: SequenceFaults): CallbackPhase[] {
  const order: CallbackPhase[] = faults.outOfOrder ? ['accepted', end, 'started'] : ['accepted', 'started', end];
  return faults.duplicate ? order.flatMap((phase) => [phase, phase]) : order;
}

export interface PhaseNotice {
  run_request_id: string;
  foundry_run_id: string;
  phase: 'accepted' | 'started';
  at: string;
}

/** The body of a phase: a notice for accepted and started, the run result for completed and failed. */
export function phaseBody(phase: CallbackPhase, result: RunResult, at: string): PhaseNotice | RunResult {
  if (phase === 'completed' || phase === 'failed') return result;
  return { run_request_id: result.run_request_id, foundry_run_id: result.foundry_run_id, phase, at };
}
