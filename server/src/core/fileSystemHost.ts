// What the analysis needs from a file system; the server, the CLI and tests supply one.

import type { PathHost } from './repositoryPaths';

export interface FileSystemHost extends PathHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(p: string): string | undefined;
}
