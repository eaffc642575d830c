// The file-system host backed by node:fs, used by the server and the CLI.

import * as fs from 'node:fs';
import { MAX_FILE_BYTES, type FileRead, type WritableFileSystemHost } from './fileSystemHost';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? String(error);
}

export const nodeFileSystem: WritableFileSystemHost = {
  readFile(p): FileRead {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'missing' };
      return { ok: false, problem: 'unreadable', reason: reasonOf(error) };
    }
    if (stat.isDirectory()) return { ok: false, problem: 'unreadable', reason: 'it is a folder' };
    if (!stat.isFile()) return { ok: false, problem: 'unreadable', reason: 'not a regular file' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, problem: 'too-large', size: stat.size };
    try {
      return { ok: true, text: fs.readFileSync(p, 'utf8') };
    } catch (error) {
      return { ok: false, problem: 'unreadable', reason: reasonOf(error) };
    }
  },
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
