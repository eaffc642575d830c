// A test-only hook for the crash and concurrency tests (test/integration): with
// ALLOY_TEST_PAUSE_AT=<point>[,<point>…] and ALLOY_TEST_PAUSE_DIR=<folder>, the first time this
// process reaches a point it writes `<folder>/reached-<pid>` (the point and a detail) and, for a
// holding point, waits until `<folder>/release` exists (at most 60 s), so a test can kill it at an
// exact step or start many at once. Deliberately left out of the help text; unset, it does nothing.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env } from '../submission';

/** Where a test may stop the CLI. `in-send` and `in-report-write` only mark the moment and go on. */
export const PAUSE_POINTS = [
  'before-lock',
  'before-pending',
  'after-pending',
  'in-send',
  'after-answer',
  'report-write',
  'in-report-write',
] as const;

export type PausePoint = (typeof PAUSE_POINTS)[number];

const MARK_ONLY: readonly PausePoint[] = ['in-send', 'in-report-write'];

const HOLD_LIMIT_MS = 60_000;

export interface TestPause {
  /** Marks (and may hold) the first arrival at `point`; resolves at once for points not asked for. */
  at(point: PausePoint, detail: string): Promise<void>;
}

export function testPauseOf(env: Env): TestPause | undefined {
  const wanted = (env.ALLOY_TEST_PAUSE_AT ?? '').split(',').filter((p): p is PausePoint => (PAUSE_POINTS as readonly string[]).includes(p));
  const dir = env.ALLOY_TEST_PAUSE_DIR;
  if (wanted.length === 0 || dir === undefined || !path.isAbsolute(dir)) return undefined;
  const done = new Set<PausePoint>();
  return {
    async at(point, detail) {
      if (!wanted.includes(point) || done.has(point)) return;
      done.add(point);
      const marker = path.join(dir, `reached-${process.pid}`);
      fs.writeFileSync(`${marker}.tmp`, `${point} ${detail}\n`);
      fs.renameSync(`${marker}.tmp`, marker);
      if (MARK_ONLY.includes(point)) return;
      const release = path.join(dir, 'release');
      const deadline = Date.now() + HOLD_LIMIT_MS;
      while (!fs.existsSync(release) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}
