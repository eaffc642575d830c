// Fake time for the intake tests: a clock that moves only when told, and a sleep that records
// every wait and either returns at once or parks until the test releases it.

import type { Clock, Sleep } from '../../server/src/devIntake';

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 5, 6, 14, 0, 0, 0)): FakeClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export interface FakeSleep {
  sleep: Sleep;
  /** Every wait asked for, in order (0 included). */
  calls: number[];
  /** Resolves once `count` waits of `ms` have been asked for. */
  waitForCalls(ms: number, count: number): Promise<void>;
  /** Releases every parked wait. */
  release(): void;
}

/** Waits of a duration in `park` stay pending until release(); all others return at once. */
export function fakeSleep(park: readonly number[] = []): FakeSleep {
  const calls: number[] = [];
  let parked: (() => void)[] = [];
  const watchers: { ms: number; count: number; resolve: () => void }[] = [];
  const notify = (): void => {
    for (const watcher of [...watchers]) {
      if (calls.filter((c) => c === watcher.ms).length >= watcher.count) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  return {
    calls,
    sleep(ms, signal) {
      calls.push(ms);
      notify();
      if (!park.includes(ms) || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        parked.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    waitForCalls(ms, count) {
      return new Promise<void>((resolve) => {
        watchers.push({ ms, count, resolve });
        notify();
      });
    },
    release() {
      const waiting = parked;
      parked = [];
      for (const resolve of waiting) resolve();
    },
  };
}
