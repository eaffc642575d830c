// Which files a command works on: explicit files as given, and every `.json`/`.yaml`/`.yml`
// file inside a `.alloy/` folder below each folder argument (node_modules and .git skipped).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatOfPath, isInAlloyFolder } from '../core/fileKind';
import { SKIPPED_FOLDERS } from '../core/workspaceScan';

export interface CollectedFiles {
  /** Absolute paths, without duplicates, in sorted order. */
  files: string[];
  /** Arguments that do not exist, folders that cannot be listed, files of another kind. */
  problems: string[];
}

export function collectFiles(targets: readonly string[], cwd: string): CollectedFiles {
  const found = new Set<string>();
  const problems: string[] = [];
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      problems.push(`${target}: no such file or folder`);
      continue;
    }
    if (stat.isDirectory()) {
      walk(absolute, found, problems, target);
    } else if (formatOfPath(absolute)) {
      found.add(absolute);
    } else {
      problems.push(`${target}: not a .json, .yaml or .yml file`);
    }
  }
  return { files: [...found].sort(), problems };
}

function walk(folder: string, found: Set<string>, problems: string[], shownAs: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    problems.push(`${shownAs}: cannot list this folder`);
    return;
  }
  for (const entry of entries) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(child, found, problems, path.join(shownAs, entry.name));
      continue;
    }
    if (!formatOfPath(entry.name) || !isInAlloyFolder(child)) continue;
    // Symbolic links to files count; links to folders are not followed (no cycles).
    if (entry.isFile() || (entry.isSymbolicLink() && isFile(child))) found.add(child);
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
