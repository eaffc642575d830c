// What the CLI reads and writes through: the core's file-system host and directory lister. The
// real program passes the Node adapters; tests may pass others.

import { nodeFileSystem, nodeSyncDirectoryLister, type SyncDirectoryLister, type WritableFileSystemHost } from '../core';

export interface CliRuntime {
  host: WritableFileSystemHost;
  lister: SyncDirectoryLister;
}

export const NODE_CLI_RUNTIME: CliRuntime = { host: nodeFileSystem, lister: nodeSyncDirectoryLister };
