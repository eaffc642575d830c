// The one file walker, used by the server's start-up scan and by `alloy check`/`alloy fix`: every
// `.json`/`.yaml`/`.yml` file inside a `.alloy/` folder below a folder. Dependency and VCS folders
// are never entered and links to folders are not followed (no cycles). A symbolic link to a file
// counts when it resolves inside the walked folder; one leading outside is never read, and is
// reported as skipped so that nobody wonders where it went. (The link may change after the walk:
// the read checks where its descriptor really is, see nodeFileSystem.ts.) Names are strings: one
// whose bytes are not UTF-8 is listed with U+FFFD and its read says so (`name-not-utf8`).
//
// The walk is written once, as a generator of listing requests, and driven either synchronously
// or asynchronously, so both kinds of lister share the same rule.

import * as path from 'node:path';
import { childPath } from './normalPaths';
import { formatOfPath, isInAlloyFolder } from '../document/fileKind';
import { isInside } from './repositoryPaths';

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
  /** For a symbolic link: where it leads (undefined when broken), and what is there. */
  link?: { realPath: string | undefined; isFile: boolean; isDirectory: boolean };
}

export interface DirectoryLister {
  /** The entries of a folder; undefined when it cannot be listed. */
  list(dir: string): Promise<DirectoryEntry[] | undefined>;
  /** The canonical path of a folder (links resolved), or undefined. */
  realpath(p: string): Promise<string | undefined>;
}

export interface SyncDirectoryLister {
  list(dir: string): DirectoryEntry[] | undefined;
  realpath(p: string): string | undefined;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface WalkResult {
  /** Absolute paths, sorted. */
  files: string[];
  /** Links that were seen and deliberately not listed. */
  skipped: SkippedFile[];
  /** Folders that could not be listed. */
  unlisted: string[];
}

/**
 * Why a folder of a walk could not be listed, in words, for the CLI and the server alike. A folder
 * listing gives a name whose bytes are not UTF-8 with U+FFFD in place of the bad bytes, and that
 * string names no folder: a folder that cannot be listed and has U+FFFD in its path is that case.
 */
export function unlistedFolderText(dir: string): string {
  return dir.includes('\uFFFD') ? 'cannot list this folder: its name is not valid UTF-8 (rename it)' : 'cannot list this folder';
}

/** Folder names that are never searched. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Whether a file is one the walk would list (ignoring whether it exists). */
export function isScannedFile(file: string): boolean {
  const parts = path.resolve(file).split(path.sep);
  if (parts.some((part) => SKIPPED_FOLDERS.has(part))) return false;
  return isAlloyDataFile(file);
}

/** A data file inside a `.alloy/` folder. The walk never enters skipped folders below its root,
 *  but a root that itself lies under one (a copy in node_modules/.cache) is walked as asked. */
function isAlloyDataFile(file: string): boolean {
  return formatOfPath(file) !== undefined && isInAlloyFolder(file);
}

type Step = { list: string } | { realpath: string };

function* walk(folder: string): Generator<Step, WalkResult, unknown> {
  const root = path.resolve(folder);
  const realRoot = ((yield { realpath: root }) as string | undefined) ?? root;
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const unlisted: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const entries = (yield { list: dir }) as DirectoryEntry[] | undefined;
    if (entries === undefined) {
      unlisted.push(dir);
      continue;
    }
    for (const entry of entries) {
      const child = childPath(dir, entry.name);
      if (entry.isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(child);
      } else if (!entry.link) {
        // Regular files, and also FIFOs or sockets with a data-file name: those get a diagnostic
        // saying they cannot be read, instead of vanishing.
        if (isAlloyDataFile(child)) files.push(child);
      } else if (isAlloyDataFile(child) && !entry.link.isDirectory) {
        if (entry.link.realPath === undefined) skipped.push({ path: child, reason: 'a symbolic link that leads nowhere' });
        else if (!isInside(realRoot, entry.link.realPath))
          skipped.push({ path: child, reason: `a symbolic link to a file outside ${root}; it is not read` });
        else files.push(child);
      }
    }
  }
  return { files: files.sort(), skipped, unlisted };
}

/** Every Alloy data file below `folder`, with the links that were not followed. */
export async function walkAlloyFiles(folder: string, lister: DirectoryLister): Promise<WalkResult> {
  const steps = walk(folder);
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    next = steps.next('list' in step ? await lister.list(step.list) : await lister.realpath(step.realpath));
  }
  return next.value;
}

/** The same walk over a synchronous lister (the CLI). */
export function walkAlloyFilesSync(folder: string, lister: SyncDirectoryLister): WalkResult {
  const steps = walk(folder);
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    next = steps.next('list' in step ? lister.list(step.list) : lister.realpath(step.realpath));
  }
  return next.value;
}

/** Every Alloy data file below `folder`, sorted. */
export async function listAlloyFiles(folder: string, lister: DirectoryLister): Promise<string[]> {
  return (await walkAlloyFiles(folder, lister)).files;
}
