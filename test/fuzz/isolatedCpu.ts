// Starts isolatedCheck.ts for one file and reads its figures (see there for why).

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { FuzzFile } from './arbitraries';
import type { IsolatedCpu } from './isolatedCheck';

const CHILD = path.join(__dirname, 'isolatedCheck.ts');

/** The check's (and the `yaml` parse's) least CPU time in a process of its own; throws when that process fails. */
export function isolatedCpu(file: FuzzFile): IsolatedCpu {
  const child = spawnSync(process.execPath, ['--single-threaded', '--import', 'tsx', CHILD], {
    input: JSON.stringify(file),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`the isolated measure failed (${child.status ?? child.signal}): ${child.stderr.slice(0, 2000)}`);
  return JSON.parse(child.stdout) as IsolatedCpu;
}
