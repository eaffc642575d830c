// Which files a command works on: explicit files as given, and the core's walk (the same one the
// server's start-up scan uses) below each folder argument.

import * as path from 'node:path';
import { formatOfPath, unlistedFolderText, walkAlloyFilesSync, type FileSystemHost, type SyncDirectoryLister } from '../core';
import { displayPath } from './displayPath';

export interface CollectedFiles {
  /** Absolute paths, without duplicates, in sorted order. */
  files: string[];
  /** Arguments that do not exist, folders that cannot be listed, files of another kind. */
  problems: string[];
  /** Files seen and deliberately not checked (links leading outside the folder), with why. */
  notes: string[];
}

export interface FileAccess {
  host: FileSystemHost;
  lister: SyncDirectoryLister;
}

export function collectFiles(targets: readonly string[], cwd: string, access: FileAccess): CollectedFiles {
  const found = new Set<string>();
  const problems: string[] = [];
  const notes: string[] = [];
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    if (access.host.realpath(absolute) === undefined) {
      problems.push(`${target}: no such file or folder`);
    } else if (access.host.isDirectory(absolute)) {
      const walked = walkAlloyFilesSync(absolute, access.lister);
      for (const file of walked.files) found.add(file);
      for (const dir of walked.unlisted) problems.push(`${displayPath(dir, cwd)}: ${unlistedFolderText(dir)}`);
      for (const skipped of walked.skipped) notes.push(`${displayPath(skipped.path, cwd)}: skipped, ${skipped.reason}`);
    } else if (formatOfPath(absolute)) {
      found.add(absolute);
    } else {
      problems.push(`${target}: not a .json, .yaml or .yml file`);
    }
  }
  return { files: [...found].sort(), problems, notes };
}
