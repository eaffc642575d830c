// What the server takes from its environment (the shape of json-language-features'
// RuntimeEnvironment): the file system, the directory lister and timers. `startServer` uses the
// Node ones unless it is given others, so tests can run the server on a fake clock.

import { nodeDirectoryLister, nodeFileSystem, type DirectoryLister, type FileSystemHost } from '../core';

export interface Cancellable {
  cancel(): void;
}

export interface Timer {
  setTimeout(callback: () => void, ms: number): Cancellable;
  /** Runs the callback after the current turn of the event loop. */
  setImmediate(callback: () => void): Cancellable;
}

export interface ServerRuntime {
  fileSystem: FileSystemHost;
  directoryLister: DirectoryLister;
  timer: Timer;
}

export const nodeTimer: Timer = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
  setImmediate(callback) {
    const handle = setImmediate(callback);
    return { cancel: () => clearImmediate(handle) };
  },
};

export const NODE_RUNTIME: ServerRuntime = { fileSystem: nodeFileSystem, directoryLister: nodeDirectoryLister, timer: nodeTimer };
