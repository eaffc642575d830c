// The real clock and sleep behind the ports, for the program and for tests that do not fake them.

import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, Sleep } from './ports';

export const systemClock: Clock = { now: () => Date.now() };

export const systemSleep: Sleep = async (ms, signal) => {
  if (ms <= 0 || signal?.aborted) return;
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the caller looks at the signal.
  }
};
