// Where and when a bench run happened: the host (CPU model, cores, memory), the Node version,
// the commit (`git rev-parse HEAD`) and whether the work tree had uncommitted changes, the date.
// Git is only read (rev-parse, status), never changed.

import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function git(args) {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

export function runProvenance() {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain']);
  return {
    date: new Date().toISOString(),
    commit: {
      sha: git(['rev-parse', 'HEAD']) ?? 'unknown',
      dirty: status === undefined ? null : status.length > 0,
      changedFiles: status === undefined ? null : status.split('\n').filter(Boolean).length,
    },
    host: {
      cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
      cores: cpus.length,
      memoryGB: Math.round((os.totalmem() / 1e9) * 10) / 10,
      platform: `${os.platform()} ${os.arch()}`,
    },
    node: process.version,
  };
}
