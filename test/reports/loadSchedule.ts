// A seeded schedule of callbacks for the load test and the benchmark: ~100 run requests, each
// going accepted → started (progress updates) → completed, with 10% of the callbacks sent out of
// order and 10% more that repeat an earlier one byte for byte.

import type { ReportPhase } from '../../server/src/reports';

export interface Callback {
  requestId: string;
  phase: ReportPhase;
  body: string;
  /** Whether this callback repeats an earlier one exactly. */
  duplicate: boolean;
}

/** A small deterministic PRNG (mulberry32), so a failing schedule can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function runResult(requestId: string): string {
  return JSON.stringify({
    schema_version: 'alloy.foundry_run_result.v1',
    run_request_id: requestId,
    foundry_run_id: `foundry_run_${requestId.slice(7)}`,
    brief_id: 'brief_LOAD',
    brief_digest: 'sha256:' + 'e'.repeat(64),
    project_id: 'load-test',
    status: 'completed',
    retry_count: 0,
    gates: [{ name: 'unit tests', phase: 'verify', status: 'passed' }],
  });
}

/** `ids` requests × (accepted, `progress` started updates, completed), shuffled 10%, plus 10% duplicates. */
export function loadSchedule(options: { ids?: number; progress?: number; seed?: number } = {}): { ids: string[]; callbacks: Callback[] } {
  const random = seededRandom(options.seed ?? 47311);
  const count = options.ids ?? 100;
  const progress = options.progress ?? 7;
  const ids = Array.from({ length: count }, (_, i) => `runreq_LOAD_${String(i).padStart(3, '0')}`);
  const callbacks: Callback[] = [];
  for (let round = 0; round < progress + 2; round++) {
    for (const requestId of ids) {
      const phase: ReportPhase = round === 0 ? 'accepted' : round === progress + 1 ? 'completed' : 'started';
      const body =
        phase === 'completed'
          ? runResult(requestId)
          : JSON.stringify({ run_request_id: requestId, state: phase, step: round, of: progress });
      callbacks.push({ requestId, phase, body, duplicate: false });
    }
  }
  const unique = callbacks.length;
  // 10% out of order: moved to a later place (a started may land after its completed).
  for (let n = 0; n < Math.round(unique / 10); n++) {
    const from = Math.floor(random() * (callbacks.length - 1));
    const [moved] = callbacks.splice(from, 1);
    const to = from + 1 + Math.floor(random() * (callbacks.length - from));
    callbacks.splice(to, 0, moved);
  }
  // 10% duplicates: an exact repeat somewhere after the original.
  for (let n = 0; n < Math.round(unique / 9); n++) {
    const from = Math.floor(random() * callbacks.length);
    const original = callbacks[from];
    const to = from + 1 + Math.floor(random() * (callbacks.length - from));
    callbacks.splice(to, 0, { ...original, duplicate: true });
  }
  return { ids, callbacks };
}
