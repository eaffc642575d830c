// The file-system host backed by node:fs, used by the server and the CLI.

import * as fs from 'node:fs';
import type { FileSystemHost } from './fileSystemHost';

/** Files larger than this are not read (hostile or accidental huge files). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export const nodeFileSystem: FileSystemHost = {
  readFile(p) {
    try {
      const stat = fs.statSync(p);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
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
