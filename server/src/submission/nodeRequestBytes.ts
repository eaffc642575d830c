// Reads a request file's exact bytes for the engine: the core's one-descriptor read (one open
// that never blocks, fstat, the descriptor's real place checked against the repository root,
// the size limit, reads from that descriptor), so a file swapped for a FIFO or for a link out of
// the repository between a check and the read is never read, and the bytes checked and sent are
// those of one file. The reason is said in words when the bytes cannot be had.

import { MAX_FILE_BYTES, nodeReadFileBytes, readProblemText, sizeInWords, type FileBytesRead } from '../core';
import type { BytesRead } from './ports';

function reasonOf(read: Exclude<FileBytesRead, { ok: true }>): string {
  switch (read.problem) {
    case 'missing':
      return 'does not exist';
    case 'too-large':
      return `is too large (${sizeInWords(read.size)}; the limit is ${sizeInWords(MAX_FILE_BYTES)})`;
    case 'outside-root':
      return 'leads through a symbolic link to a place outside its repository root';
    case 'unreadable':
      if (read.entry === 'folder') return 'is a folder, not a file';
      if (read.entry === 'special') return 'is not a regular file';
      return `cannot be read (${read.reason})`;
    default:
      return `cannot be read: ${readProblemText(read)}`;
  }
}

export async function nodeReadBytes(file: string): Promise<BytesRead> {
  const read = nodeReadFileBytes(file);
  if (!read.ok) return { ok: false, reason: reasonOf(read) };
  return { ok: true, bytes: new Uint8Array(read.bytes.buffer, read.bytes.byteOffset, read.bytes.length) };
}
