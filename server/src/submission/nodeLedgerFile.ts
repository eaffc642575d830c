// The ledger on disk: one JSON line appended with a single write on an O_APPEND descriptor, then
// fsync (and the folder fsynced when the file or folder is created; folder 0700, file 0600), and a
// cross-process lock file in the ledger's folder (exclusive create, owner pid inside, a dead
// owner's lock taken over, bounded waiting).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { processIsAlive, processStartToken } from './nodeProcessOwner';
import { LedgerBusyError, type LedgerStore } from './ports';
import { durationWords } from './timeWords';

export interface NodeLedgerFileOptions {
  /** How long `withLock` waits for another submitter (default 10 s). */
  lockTimeoutMs?: number;
  /** Pause between two tries (default 20 ms, with jitter). */
  lockPollMs?: number;
}

interface LockOwner {
  pid: number;
  start?: string;
  nonce: string;
  at: string;
}

/** A lock file that cannot be parsed (its writer died between create and write) is stale after this. */
const UNREADABLE_LOCK_STALE_MS = 5000;

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    default:
      return e.message ?? String(error);
  }
}

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await fs.promises.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates the folder (0700) and fsyncs the parents of what was created. */
async function ensureFolder(folder: string): Promise<void> {
  const first = await fs.promises.mkdir(folder, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let dir = folder; ; dir = path.dirname(dir)) {
    await fs.promises.chmod(dir, 0o700);
    await fsyncFolder(path.dirname(dir));
    if (dir === first || path.dirname(dir) === dir) break;
  }
}

async function writeAll(handle: fs.promises.FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    if (bytesWritten <= 0) throw new Error('the disk accepted no bytes');
    offset += bytesWritten;
  }
}

/**
 * The whole file in one read of the size fstat gives (then on until end of file, for a line
 * appended meanwhile). `readFile` reads in 512 KiB chunks, one thread-pool trip each: for an 8 MiB
 * ledger that was 10–17 ms against 3–5 ms, and a submit reads the ledger three times.
 */
async function readWhole(file: string): Promise<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe((await handle.stat()).size + 4096);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
      length += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

export function nodeLedgerFile(ledgerPath: string, options: NodeLedgerFileOptions = {}): LedgerStore {
  const file = path.resolve(ledgerPath);
  const folder = path.dirname(file);
  const lockFile = file + '.lock';
  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  const lockPollMs = options.lockPollMs ?? 20;

  async function readLock(): Promise<{ owner?: LockOwner; text: string; mtimeMs: number } | undefined> {
    try {
      const [text, stat] = await Promise.all([fs.promises.readFile(lockFile, 'utf8'), fs.promises.stat(lockFile)]);
      try {
        const owner = JSON.parse(text) as LockOwner;
        return Number.isInteger(owner.pid) ? { owner, text, mtimeMs: stat.mtimeMs } : { text, mtimeMs: stat.mtimeMs };
      } catch {
        return { text, mtimeMs: stat.mtimeMs };
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Removes the lock file when it still holds exactly `text` (a dead owner's lock). */
  async function removeStale(text: string): Promise<void> {
    const again = await readLock();
    if (again?.text !== text) return;
    await fs.promises.unlink(lockFile).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async function acquire(): Promise<LockOwner> {
    await ensureFolder(folder);
    const start = processStartToken(process.pid);
    const mine: LockOwner = {
      pid: process.pid,
      ...(start === undefined ? {} : { start }),
      nonce: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      at: new Date().toISOString(),
    };
    const deadline = Date.now() + lockTimeoutMs;
    let holder: number | undefined;
    for (;;) {
      try {
        const handle = await fs.promises.open(lockFile, 'wx', 0o600);
        try {
          await writeAll(handle, Buffer.from(JSON.stringify(mine)));
        } finally {
          await handle.close();
        }
        return mine;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readLock();
      if (current) {
        holder = current.owner?.pid;
        const stale = current.owner
          ? !processIsAlive(current.owner.pid, current.owner.start)
          : Date.now() - current.mtimeMs > UNREADABLE_LOCK_STALE_MS;
        if (stale) {
          await removeStale(current.text);
          continue;
        }
      }
      if (Date.now() >= deadline) {
        const who = holder === undefined ? 'another submitter' : `another submitter (process ${holder})`;
        throw new LedgerBusyError(`${who} has held the ledger lock for more than ${durationWords(lockTimeoutMs)}`, holder);
      }
      await wait(lockPollMs + Math.floor(Math.random() * lockPollMs));
    }
  }

  async function release(mine: LockOwner): Promise<void> {
    const current = await readLock().catch(() => undefined);
    if (current?.owner?.nonce === mine.nonce) await fs.promises.unlink(lockFile).catch(() => undefined);
  }

  return {
    location: file,

    async read() {
      try {
        return await readWhole(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(reasonOf(error), { cause: error });
      }
    },

    async append(line) {
      if (line.includes('\n')) throw new Error('a ledger entry must be one line');
      try {
        await ensureFolder(folder);
        let created = true;
        let handle: fs.promises.FileHandle;
        try {
          handle = await fs.promises.open(file, 'ax+', 0o600);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          created = false;
          handle = await fs.promises.open(file, 'a+');
        }
        try {
          if (created) await handle.chmod(0o600);
          // A line torn by a crash has no newline: start ours on a fresh line so it stays whole.
          let prefix = '';
          const { size } = await handle.stat();
          if (size > 0) {
            const last = Buffer.alloc(1);
            await handle.read(last, 0, 1, size - 1);
            if (last[0] !== 0x0a) prefix = '\n';
          }
          await writeAll(handle, Buffer.from(prefix + line + '\n', 'utf8'));
          await handle.sync();
        } finally {
          await handle.close();
        }
        if (created) await fsyncFolder(folder);
      } catch (error) {
        throw new Error(reasonOf(error), { cause: error });
      }
    },

    async withLock(fn) {
      let mine: LockOwner;
      try {
        mine = await acquire();
      } catch (error) {
        if (error instanceof LedgerBusyError) throw error;
        throw new Error(`the lock ${lockFile} cannot be created: ${reasonOf(error)}`, { cause: error });
      }
      try {
        return await fn();
      } finally {
        await release(mine);
      }
    },
  };
}
