// Time and ports for driving the real engine against the real intake: one fake clock shared by both
// (so an HTTP-date Retry-After means the same instant to each), an engine sleep that records every
// wait and moves that clock, short real sleeps for the intake, and a callback sink that counts runs.

import { setTimeout as delay } from 'node:timers/promises';
import type { CallbackTransport, Sleep as IntakeSleep } from '../../server/src/devIntake';
import { createNodeSubmissionPorts, type SubmissionPorts } from '../../server/src/submission';
import { seededRandom } from './faultCombinations';

/** 2026-12-01 14:00:00 UTC: a whole second, so HTTP dates round exactly. */
export const START = Date.UTC(2026, 11, 1, 14, 0, 0);

export interface SharedTime {
  clock: { now(): number };
  /** Every wait the engine asked for, in order. */
  sleeps: number[];
  /** Called before each engine wait returns (the fault schedule moves on here). */
  onSleep: ((ms: number, index: number) => void) | undefined;
  /** The engine's sleep: records, calls onSleep, moves the clock, returns at once. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function sharedTime(start = START): SharedTime {
  let now = start;
  const time: SharedTime = {
    clock: { now: () => now },
    sleeps: [],
    onSleep: undefined,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      time.sleeps.push(ms);
      time.onSleep?.(ms, time.sleeps.length - 1);
      now += ms;
      return Promise.resolve();
    },
  };
  return time;
}

/** The engine's real Node ports (ledger file, node:http, this process as owner) on the shared fake time. */
export function enginePorts(ledgerPath: string, time: SharedTime, seed: number): SubmissionPorts {
  return {
    ...createNodeSubmissionPorts({ ledgerPath, env: {} }),
    clock: time.clock,
    sleep: (ms, signal) => time.sleep(ms, signal),
    random: seededRandom(seed),
  };
}

/** The intake's sleep: real, so that slow-response really outlasts the engine's attempt timeout; never rejects. */
export const intakeSleep: IntakeSleep = async (ms, signal) => {
  if (ms <= 0 || signal?.aborted) return;
  await delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
};

/** Receives every callback without a socket and counts them by request id and phase. */
export class CallbackCounter implements CallbackTransport {
  private readonly counts = new Map<string, number>();
  private readonly sequences = new Map<string, string[]>();

  async post(url: string, body: string): Promise<number> {
    const phase = url.slice(url.lastIndexOf('/') + 1);
    const parsed = JSON.parse(body) as { run_request_id?: unknown; status?: unknown };
    const requestId = String(parsed.run_request_id);
    const id = `${requestId} ${phase}`;
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    const seen = this.sequences.get(requestId) ?? [];
    seen.push(typeof parsed.status === 'string' ? `${phase}:${parsed.status}` : phase);
    this.sequences.set(requestId, seen);
    return 202;
  }

  /** Runs started for a request id: its `accepted` callbacks (one per run, unless duplicate-callbacks is on). */
  runsOf(requestId: string): number {
    return this.counts.get(`${requestId} accepted`) ?? 0;
  }

  /** The phases received for a request id, in order; a run result's status after the phase (`completed:completed`). */
  sequenceOf(requestId: string): string[] {
    return [...(this.sequences.get(requestId) ?? [])];
  }
}
