// The repository root of a file, and `brief.local_path` resolution that never leaves that root
// (absolute paths, `..` and symlinks resolving outside are refused before anything is read).

import * as path from 'node:path';
import { isAbsolutePathText } from '../schema/formats';
import type { FileRead } from './fileSystemHost';

export interface PathHost {
  /** The canonical path (symlinks resolved), or undefined when nothing exists there. */
  realpath(p: string): string | undefined;
  isDirectory(p: string): boolean;
  /**
   * Optional: true when `p` exists and is not itself a symbolic link (one lstat), false otherwise
   * (missing, a link, or not known). Lets a cache find a real path from its folder's.
   */
  isPlainEntry?(p: string): boolean;
}

/** The nearest ancestor folder holding `.alloy/`, or undefined when there is none. */
export function alloyRootOf(file: string, host: PathHost): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (host.isDirectory(path.join(dir, '.alloy'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The nearest ancestor folder holding `.alloy/`; failing that, the workspace folder holding the file. */
export function repositoryRoot(file: string, workspaceFolders: readonly string[], host: PathHost): string {
  const marked = alloyRootOf(file, host);
  if (marked !== undefined) return marked;
  const folder = workspaceFolders.filter((f) => isInside(path.resolve(f), path.resolve(file))).sort((a, b) => b.length - a.length)[0];
  return folder ? path.resolve(folder) : path.dirname(path.resolve(file));
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

export type BriefLocation = { kind: 'resolved'; path: string } | { kind: 'escapes'; reason: string };

export function resolveBriefPath(root: string, localPath: string, host: PathHost): BriefLocation {
  if (isAbsolutePathText(localPath)) {
    return { kind: 'escapes', reason: `"${localPath}" is absolute; brief paths are relative to the repository root` };
  }
  const target = path.resolve(root, localPath);
  if (!isInside(root, target)) {
    return { kind: 'escapes', reason: `"${localPath}" leads outside the repository root` };
  }
  const realRoot = host.realpath(root) ?? root;
  // The deepest part of the path that exists decides where it really leads.
  let probe = target;
  let real = host.realpath(probe);
  while (real === undefined && isInside(root, path.dirname(probe)) && path.dirname(probe) !== probe) {
    probe = path.dirname(probe);
    real = host.realpath(probe);
  }
  if (real !== undefined && !isInside(realRoot, real)) {
    return { kind: 'escapes', reason: `"${localPath}" resolves through a symbolic link to a place outside the repository root` };
  }
  return { kind: 'resolved', path: target };
}

/**
 * A brief path that resolved inside the root but whose read found the file outside it (a link
 * swapped after the path was resolved): the request is told so, as for any path that escapes.
 */
export function escapedOnRead(localPath: string, read: FileRead): Extract<BriefLocation, { kind: 'escapes' }> | undefined {
  if (read.ok || read.problem !== 'outside-root') return undefined;
  return { kind: 'escapes', reason: `"${localPath}" resolves through a symbolic link to a place outside the repository root` };
}
