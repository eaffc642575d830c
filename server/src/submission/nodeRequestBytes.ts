// Reads a request file's exact bytes for the engine (node:fs), with the core's size limit and a
// reason in words when they cannot be had.

import * as fs from 'node:fs';
import { MAX_FILE_BYTES, sizeInWords } from '../core';
import type { BytesRead } from './ports';

export async function nodeReadBytes(file: string): Promise<BytesRead> {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) return { ok: false, reason: 'is a folder, not a file' };
    if (!stat.isFile()) return { ok: false, reason: 'is not a regular file' };
    if (stat.size > MAX_FILE_BYTES)
      return { ok: false, reason: `is too large (${sizeInWords(stat.size)}; the limit is ${sizeInWords(MAX_FILE_BYTES)})` };
    return { ok: true, bytes: new Uint8Array(await fs.promises.readFile(file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'does not exist' };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'cannot be read (permission denied)' };
    return { ok: false, reason: `cannot be read (${(error as Error).message})` };
  }
}
