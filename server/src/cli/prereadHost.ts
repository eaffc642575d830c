// A file-system host that answers reads from texts already read (once, by the thread that planned
// the check) and asks the real host for everything else: paths, folders, files not read yet. Each
// text is handed out once and then let go (the workspace keeps what it still needs).

import type { FileRead, FileSystemHost } from '../core';

export function prereadHost(reads: Map<string, FileRead>, host: FileSystemHost): FileSystemHost {
  return {
    readFile(p) {
      const read = reads.get(p);
      if (read === undefined) return host.readFile(p);
      reads.delete(p);
      return read;
    },
    realpath: (p) => host.realpath(p),
    isDirectory: (p) => host.isDirectory(p),
  };
}
