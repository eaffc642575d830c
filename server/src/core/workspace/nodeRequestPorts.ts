// The Node request ports: the wall clock, node:crypto's random bytes, and an exclusive create
// (`wx`: an existing file is never overwritten) that flushes the new file before it returns.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CreateFileResult, RequestPorts } from './requestPorts';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(error);
}

function createFile(p: string, text: string): CreateFileResult {
  try {
    fs.mkdirSync(path.dirname(p), { recursive: true });
  } catch (error) {
    // EEXIST here is a file where a folder of the path should be, not the file itself.
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: 'failed', reason: code === 'EEXIST' ? 'a file is in the way of its folder (ENOTDIR)' : reasonOf(error) };
  }
  let fd: number;
  try {
    fd = fs.openSync(p, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ok: false, problem: 'exists' };
    return { ok: false, problem: 'failed', reason: reasonOf(error) };
  }
  let failure: string | undefined;
  try {
    fs.writeFileSync(fd, text, 'utf8');
    fs.fsyncSync(fd);
  } catch (error) {
    failure = reasonOf(error);
  } finally {
    fs.closeSync(fd);
  }
  if (failure === undefined) return { ok: true };
  // The file is ours (created just now): no half-written request is left behind.
  fs.rmSync(p, { force: true });
  return { ok: false, problem: 'failed', reason: failure };
}

export const nodeRequestPorts: RequestPorts = {
  now: () => Date.now(),
  randomBytes: (count) => new Uint8Array(randomBytes(count)),
  createFile,
};
