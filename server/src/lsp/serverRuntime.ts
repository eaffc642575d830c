// What the server takes from its environment (the shape of json-language-features'
// RuntimeEnvironment): the file system, the directory lister and the turns of the event loop.
// `startServer` uses the Node ones unless it is given others, so tests can run the server on a
// fake timer. There is no clock: nothing the server does waits a fixed time.

import {
  nodeDirectoryLister,
  nodeFileSystem,
  nodeRequestPorts,
  type DirectoryLister,
  type FileSystemHost,
  type RequestPorts,
} from '../core';

export interface Cancellable {
  cancel(): void;
}

export interface Timer {
  /** Runs the callback after the current turn of the event loop. */
  setImmediate(callback: () => void): Cancellable;
}

export interface ServerRuntime {
  fileSystem: FileSystemHost;
  directoryLister: DirectoryLister;
  timer: Timer;
  /** The clock, random bytes and exclusive create of a new request from a brief (newRequestFeature.ts); default the Node ones. */
  requestPorts?: RequestPorts;
}

export const nodeTimer: Timer = {
  setImmediate(callback) {
    const handle = setImmediate(callback);
    return { cancel: () => clearImmediate(handle) };
  },
};

export const NODE_RUNTIME: ServerRuntime = {
  fileSystem: nodeFileSystem,
  directoryLister: nodeDirectoryLister,
  timer: nodeTimer,
  requestPorts: nodeRequestPorts,
};
