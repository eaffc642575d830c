// The directory listers for the file walker, backed by node:fs: an asynchronous one for the
// server's scan and a synchronous one for the CLI. Links are resolved here, so the walker decides.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DirectoryEntry, DirectoryLister, SyncDirectoryLister } from './workspaceScan';

function entryOf(dirent: fs.Dirent, resolve: () => DirectoryEntry['link']): DirectoryEntry {
  const entry: DirectoryEntry = { name: dirent.name, isDirectory: dirent.isDirectory(), isFile: dirent.isFile() };
  if (dirent.isSymbolicLink()) entry.link = resolve();
  return entry;
}

function resolveLinkSync(p: string): DirectoryEntry['link'] {
  try {
    const stat = fs.statSync(p);
    return { realPath: fs.realpathSync.native(p), isFile: stat.isFile(), isDirectory: stat.isDirectory() };
  } catch {
    return { realPath: undefined, isFile: false, isDirectory: false };
  }
}

async function resolveLink(p: string): Promise<DirectoryEntry['link']> {
  try {
    const stat = await fs.promises.stat(p);
    return { realPath: await fs.promises.realpath(p), isFile: stat.isFile(), isDirectory: stat.isDirectory() };
  } catch {
    return { realPath: undefined, isFile: false, isDirectory: false };
  }
}

export const nodeDirectoryLister: DirectoryLister = {
  async list(dir) {
    let dirents: fs.Dirent[];
    try {
      dirents = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const entries: DirectoryEntry[] = [];
    for (const dirent of dirents) {
      const link = dirent.isSymbolicLink() ? await resolveLink(path.join(dir, dirent.name)) : undefined;
      entries.push(entryOf(dirent, () => link));
    }
    return entries;
  },
  async realpath(p) {
    try {
      return await fs.promises.realpath(p);
    } catch {
      return undefined;
    }
  },
};

export const nodeSyncDirectoryLister: SyncDirectoryLister = {
  list(dir) {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((d) => entryOf(d, () => resolveLinkSync(path.join(dir, d.name))));
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
};
