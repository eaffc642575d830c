// The file-system host backed by node:fs, used by the server, the CLI and the submission engine.
// Every read and write is one open, one fstat and the I/O of that one descriptor, and the
// descriptor itself is checked: a regular file, under the size limit, and really inside the
// repository root of the path (a symbolic link swapped in after the path was checked, or a FIFO
// swapped in after a stat, can neither lead the read outside nor block it).

import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES, type FileRead, type WritableFileSystemHost } from './fileSystemHost';
import { alloyRootOf, isInside, type PathHost } from './repositoryPaths';
import { notUtf8Read } from './utf8Position';
import { resolvedPath } from './normalPaths';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}

/**
 * Opening never blocks on a FIFO or a device (O_NONBLOCK), nor makes a terminal the controlling
 * one (O_NOCTTY): the type is checked (fstat) before anything is read. No O_NOFOLLOW: a link to a
 * file inside the root is allowed; where the descriptor really is, is checked instead.
 */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const WRITE_FLAGS = fs.constants.O_WRONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
/** A new file: never through a link, even a dangling one (O_EXCL fails on any existing name). */
const CREATE_FLAGS = WRITE_FLAGS | fs.constants.O_CREAT | fs.constants.O_EXCL;

/** Where Linux shows the path of each open descriptor; elsewhere the fallback below is used. */
const PROC_FDS = '/proc/self/fd';

/** The folder questions the adapter asks itself (the same answers as the host's). */
const nodePaths: PathHost = {
  realpath: realpathOf,
  isDirectory(p) {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
};

function realpathOf(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/**
 * The real path of the file an open descriptor refers to, or undefined when it cannot be known
 * for sure. Linux names it (`/proc/self/fd/N`); elsewhere (or when the file was deleted since)
 * the name is resolved again and accepted only when it leads to the very file opened (same device
 * and inode as the descriptor's fstat).
 */
export function descriptorRealPath(fd: number, stat: fs.Stats, name: string, procFds: string = PROC_FDS): string | undefined {
  try {
    const shown = fs.readlinkSync(`${procFds}/${fd}`);
    if (path.isAbsolute(shown) && !shown.endsWith(' (deleted)')) return shown;
  } catch {
    // No /proc here (macOS, Windows, a sandbox): resolve the name instead.
  }
  const real = realpathOf(name);
  if (real === undefined) return undefined;
  try {
    const now = fs.statSync(real);
    return now.dev === stat.dev && now.ino === stat.ino ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why an open descriptor may not be used for `name`, or undefined when it may: the file it
 * refers to must lie inside the real repository root of the name (the nearest folder above it
 * holding `.alloy/`). When no link was followed at all (its real path is the name) nothing more
 * is asked; a name with no `.alloy/` above it has no root to leave.
 */
export function descriptorProblem(
  fd: number,
  stat: fs.Stats,
  name: string,
  procFds: string = PROC_FDS,
): Exclude<FileRead, { ok: true }> | undefined {
  const real = descriptorRealPath(fd, stat, name, procFds);
  if (real === undefined) return { ok: false, problem: 'unreadable', reason: 'it was replaced while it was being opened' };
  if (real === name) return undefined;
  const root = alloyRootOf(name, nodePaths);
  if (root === undefined) return undefined;
  const realRoot = realpathOf(root);
  return realRoot !== undefined && isInside(realRoot, real) ? undefined : { ok: false, problem: 'outside-root' };
}

/** The ways a path cannot be opened, as a read's problem. */
function openProblem(name: string, error: unknown): Exclude<FileRead, { ok: true }> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return nameNotUtf8(name) ?? { ok: false, problem: 'missing' };
  if (code === 'EISDIR') return { ok: false, problem: 'unreadable', reason: reasonOf(error), entry: 'folder' };
  return { ok: false, problem: 'unreadable', reason: reasonOf(error) };
}

/** A file's exact bytes, or why they cannot be had (the problems of a read, but for the decoding). */
export type BytesRead = { ok: true; bytes: Buffer } | Exclude<FileRead, { ok: true }>;

/**
 * One open, one fstat and the reads of one file descriptor: the type, size and place checked are
 * those of the file that is read (a path swapped between a check and a read cannot slip past).
 * The bytes as they are: the submission engine sends exactly these.
 */
export function nodeReadFileBytes(p: string): BytesRead {
  const name = resolvedPath(p);
  let fd: number;
  try {
    fd = fs.openSync(name, READ_FLAGS);
  } catch (error) {
    return openProblem(name, error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, problem: 'unreadable', reason: 'it is a folder', entry: 'folder' };
    if (!stat.isFile()) return { ok: false, problem: 'unreadable', reason: 'not a regular file', entry: 'special' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, problem: 'too-large', size: stat.size };
    return descriptorProblem(fd, stat, name) ?? readToEnd(fd, stat.size);
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: reasonOf(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file's text: its bytes read once, never decoded lossily. */
function readFileOnce(p: string): FileRead {
  const read = nodeReadFileBytes(p);
  return read.ok ? textOfBytes(read.bytes) : read;
}

/**
 * Replaces a file's content through one descriptor checked like a read's (a regular file inside
 * the root of the path), so that a link swapped in after the file was read is never written
 * through. A file that does not exist yet is created, never through a link.
 */
function writeFileOnce(p: string, text: string): { ok: true } | { ok: false; reason: string } {
  const name = path.resolve(p);
  let fd: number;
  try {
    fd = fs.openSync(name, WRITE_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: reasonOf(error) };
    try {
      fd = fs.openSync(name, CREATE_FLAGS, 0o666);
    } catch (again) {
      return { ok: false, reason: reasonOf(again) };
    }
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    const problem = descriptorProblem(fd, stat, name);
    if (problem?.problem === 'outside-root') return { ok: false, reason: 'it leads through a symbolic link outside its repository root' };
    if (problem) return { ok: false, reason: 'it was replaced while it was being opened' };
    const bytes = Buffer.from(text, 'utf8');
    fs.ftruncateSync(fd, 0);
    for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * When a path that cannot be opened names an entry whose bytes are not UTF-8, that problem:
 * folder listings give such a name with U+FFFD in place of the bad bytes, and that string names no
 * file. Looked at only when an open failed and the path has a U+FFFD, so a file that is merely
 * gone stays "missing".
 */
function nameNotUtf8(p: string): Exclude<FileRead, { ok: true }> | undefined {
  for (let current = p; current !== path.dirname(current); current = path.dirname(current)) {
    const name = path.basename(current);
    if (!name.includes('\uFFFD')) continue;
    try {
      const entries = fs.readdirSync(path.dirname(current), { encoding: 'buffer' });
      const entry = entries.find((e) => !isUtf8(e) && e.toString('utf8') === name);
      if (entry) {
        const offset = notUtf8Read(entry).offset;
        return { ok: false, problem: 'name-not-utf8', name, offset, byte: entry[offset] };
      }
    } catch {
      // The folder holding it cannot be listed (its own name may be the bad one): look further up.
    }
  }
  return undefined;
}

/** Reads until end of file (it may have grown since fstat), never past the size limit. */
function readToEnd(fd: number, expected: number): BytesRead {
  let buffer = Buffer.allocUnsafe(expected + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_FILE_BYTES) return { ok: false, problem: 'too-large', size: length };
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_FILE_BYTES + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const wanted = buffer.length - length;
    const n = fs.readSync(fd, buffer, length, wanted, null);
    length += n;
    // A short read of a regular file is its end: no second call just to be told so.
    if (n < wanted) break;
  }
  return { ok: true, bytes: buffer.subarray(0, length) };
}

/**
 * The text of a file's bytes, or where they stop being UTF-8: never a lossy decoding (U+FFFD in
 * place of bytes would be hashed, checked and written back as other bytes). A leading byte order
 * mark stays in the text, as U+FEFF (the analysis knows it is not content).
 */
export function textOfBytes(bytes: Buffer): FileRead {
  return isUtf8(bytes) ? { ok: true, text: bytes.toString('utf8') } : notUtf8Read(bytes);
}

/** Whether `p` exists and is not a symbolic link (an error of any kind says no). */
function isPlainEntry(p: string): boolean {
  try {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    return stat !== undefined && !stat.isSymbolicLink();
  } catch {
    return false;
  }
}

export const nodeFileSystem: WritableFileSystemHost = {
  readFile: readFileOnce,
  writeFile: writeFileOnce,
  realpath: realpathOf,
  isDirectory: nodePaths.isDirectory,
  isPlainEntry,
};
