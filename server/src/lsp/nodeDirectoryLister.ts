// The directory lister for the workspace scan, backed by node:fs.

import * as fs from 'node:fs';
import type { DirectoryLister } from '../core/workspaceScan';

export const nodeDirectoryLister: DirectoryLister = {
  async list(dir) {
    try {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
    } catch {
      return [];
    }
  },
};
