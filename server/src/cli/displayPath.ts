// How the CLI names a file: relative to the working directory, with `/` separators.

import * as path from 'node:path';
import { relativePath } from '../core';

export function displayPath(file: string, cwd: string): string {
  const relative = relativePath(cwd, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}
