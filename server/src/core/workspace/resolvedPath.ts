// `path.resolve` of a file path, without its work when the path is already absolute and normal.
// Every workspace call resolves the path it is given (3–4 times per check); the server and the
// CLI give resolved paths, which `path.resolve` would only copy, at about a quarter of a
// microsecond each.

import * as path from 'node:path';

/** A POSIX path with an empty, `.` or `..` segment, or a trailing slash: one `path.resolve` changes. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

export function resolvedPath(file: string): string {
  if (path.sep === '/' && file.charCodeAt(0) === 0x2f /* / */ && !NOT_NORMAL.test(file)) return file;
  return path.resolve(file);
}
