// Path operations without node:path's general work when the paths are already absolute and
// normal, as the server and the CLI give them (node:path's answer otherwise). Every workspace
// call resolves the path it is given (3–4 times per check), the walk joins every name it lists,
// and the CLI names every file relative to the working directory: `path.resolve`, `path.join`
// and `path.relative` would copy or slice strings they first normalise, 10,000 times in a check.

import * as path from 'node:path';

/** A POSIX path with an empty, `.` or `..` segment, or a trailing slash: one `path.resolve` changes. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

function isNormalAbsolute(file: string): boolean {
  return path.sep === '/' && file.charCodeAt(0) === 0x2f /* / */ && !NOT_NORMAL.test(file);
}

/** `path.resolve(file)`. */
export function resolvedPath(file: string): string {
  return isNormalAbsolute(file) ? file : path.resolve(file);
}

/**
 * `path.join(folder, name)` for a folder from `path.resolve` (or this) and a name a folder listing
 * gives (never empty, `.`, `..`, nor holding a separator).
 */
export function childPath(folder: string, name: string): string {
  return folder.endsWith(path.sep) ? folder + name : folder + path.sep + name;
}

/** `path.relative(folder, file)`, quickly when the file lies below the folder. */
export function relativePath(folder: string, file: string): string {
  const below =
    file.length > folder.length + 1 &&
    file.charCodeAt(folder.length) === 0x2f &&
    file.startsWith(folder) &&
    isNormalAbsolute(file) &&
    isNormalAbsolute(folder);
  return below ? file.slice(folder.length + 1) : path.relative(folder, file);
}
