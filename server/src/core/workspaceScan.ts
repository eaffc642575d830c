// Lists the files the server analyses at start-up: every `.json`/`.yaml`/`.yml` file inside a
// `.alloy/` folder below a workspace folder. Dependency and VCS folders are never entered, and
// symbolic links to folders are not followed (so a link cycle cannot trap the walk).

import * as path from 'node:path';
import { formatOfPath, isInAlloyFolder } from './fileKind';

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

export interface DirectoryLister {
  /** The entries of a folder; an empty list when it cannot be read. */
  list(dir: string): Promise<DirectoryEntry[]>;
}

/** Folder names that are never searched. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Whether a file is one the start-up scan would list (ignoring whether it exists). */
export function isScannedFile(file: string): boolean {
  const parts = path.resolve(file).split(path.sep);
  if (parts.some((part) => SKIPPED_FOLDERS.has(part))) return false;
  return formatOfPath(file) !== undefined && isInAlloyFolder(file);
}

/** Every Alloy data file below `folder`, sorted. */
export async function listAlloyFiles(folder: string, lister: DirectoryLister): Promise<string[]> {
  const found: string[] = [];
  const pending = [path.resolve(folder)];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of await lister.list(dir)) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(child);
      } else if (entry.isFile && isScannedFile(child)) {
        found.push(child);
      }
    }
  }
  return found.sort();
}
