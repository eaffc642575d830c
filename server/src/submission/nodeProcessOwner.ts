// Who is sending, for real processes: this process's pid and start token (the boot id and the
// start time from /proc on Linux, so a reused pid is not mistaken for the writer), whether a
// recorded process still runs, and which of this process's own submissions are being sent.

import * as fs from 'node:fs';
import type { SubmissionOwner } from './ledgerEntry';
import type { SubmissionOwners } from './ports';

/** Submissions this process has begun and not ended: shared by every set of ports in the process. */
const active = new Set<string>();

/** `<boot id>:<start time in clock ticks>`, or undefined where /proc is not available. */
export function processStartToken(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTime = fields[19];
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTime === undefined || startTime === '' ? undefined : `${bootId}:${startTime}`;
  } catch {
    return undefined;
  }
}

let ownStart: string | undefined | null = null;

function selfStart(): string | undefined {
  if (ownStart === null) ownStart = processStartToken(process.pid);
  return ownStart;
}

/** Whether the process that recorded (pid, start) is still running. */
export function processIsAlive(pid: number, start: string | undefined): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === undefined) return true;
  const now = processStartToken(pid);
  return now === undefined ? true : now === start;
}

export const nodeSubmissionOwners: SubmissionOwners = {
  self() {
    const start = selfStart();
    return start === undefined ? { pid: process.pid } : { pid: process.pid, start };
  },
  begin(submission) {
    active.add(submission);
  },
  end(submission) {
    active.delete(submission);
  },
  isSending(owner: SubmissionOwner, submission: string) {
    if (owner.pid === process.pid && owner.start === selfStart()) return active.has(submission);
    return processIsAlive(owner.pid, owner.start);
  },
};
