// The file-system host backed by node:fs, used by the server and the CLI.

import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES, type FileRead, type WritableFileSystemHost } from './fileSystemHost';
import { notUtf8Read } from './utf8Position';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}

/** Opening never blocks on a FIFO or a device: its type is checked (fstat) before anything is read. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * One open, one fstat and the reads of one file descriptor: the type and size checked are those of
 * the file that is read (a path swapped between a stat and a read cannot slip past the checks).
 */
function readFileOnce(p: string): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(p, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && hasNameNotUtf8(p)) {
      return { ok: false, problem: 'unreadable', reason: 'its name is not valid UTF-8; rename it' };
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'missing' };
    return { ok: false, problem: 'unreadable', reason: reasonOf(error) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, problem: 'unreadable', reason: 'it is a folder' };
    if (!stat.isFile()) return { ok: false, problem: 'unreadable', reason: 'not a regular file' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, problem: 'too-large', size: stat.size };
    return readToEnd(fd, stat.size);
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: reasonOf(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether a path that cannot be opened names an entry whose bytes are not UTF-8: folder listings
 * give such a name with U+FFFD in place of the bad bytes, and that string names no file. Looked at
 * only when an open failed and the path has a U+FFFD, so a file that is merely gone stays "missing".
 */
function hasNameNotUtf8(p: string): boolean {
  for (let current = p; current !== path.dirname(current); current = path.dirname(current)) {
    const name = path.basename(current);
    if (!name.includes('\uFFFD')) continue;
    try {
      const entries = fs.readdirSync(path.dirname(current), { encoding: 'buffer' });
      if (entries.some((entry) => !isUtf8(entry) && entry.toString('utf8') === name)) return true;
    } catch {
      // The folder holding it cannot be listed (its own name may be the bad one): look further up.
    }
  }
  return false;
}

/** Reads until end of file (it may have grown since fstat), never past the size limit. */
function readToEnd(fd: number, expected: number): FileRead {
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
  return textOfBytes(buffer.subarray(0, length));
}

/**
 * The text of a file's bytes, or where they stop being UTF-8: never a lossy decoding (U+FFFD in
 * place of bytes would be hashed, checked and written back as other bytes). A leading byte order
 * mark stays in the text, as U+FEFF (the analysis knows it is not content).
 */
export function textOfBytes(bytes: Buffer): FileRead {
  return isUtf8(bytes) ? { ok: true, text: bytes.toString('utf8') } : notUtf8Read(bytes);
}

export const nodeFileSystem: WritableFileSystemHost = {
  readFile: readFileOnce,
  writeFile(p, text) {
    try {
      fs.writeFileSync(p, text, 'utf8');
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  },
  realpath(p) {
    try {
      return fs.realpathSync.native(p);
    } catch {
      return undefined;
    }
  },
  isDirectory(p) {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
};
