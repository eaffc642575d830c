// Everything the CLI reads, writes, sends and waits through, as ports: the core's file-system host
// and lister, the environment, the submission engine's ports, the callback receiver, the report
// files, a clock and a sleep. main.ts passes the Node ones (nodeCliRuntime.ts); tests pass others.

import type { RequestPorts, SyncDirectoryLister, WritableFileSystemHost } from '../core';
import type { CallbackReceiver, CallbackReceiverOptions, ReceivedBody, ReportListing, StoredFile } from '../reports';
import type { Env, SubmissionPorts } from '../submission';
import type { FileOutcome } from './checkFiles';
import type { ShardJob } from './checkShards';

/** Where `--wait` keeps and finds reports. */
export interface ReportFiles {
  /** Every report stored under a repository root; never rejects. */
  list(root: string): Promise<ReportListing>;
  /** Stores one received body under `<root>/.alloy/reports/<request_id>/`, atomically. */
  store(root: string, body: ReceivedBody): Promise<StoredFile>;
}

/** Worker threads for large checks (`alloy check`); without them a check runs on one thread. */
export interface CheckThreads {
  /** How many threads a check of this many files uses, this one included (1: no worker). */
  threadsFor(fileCount: number): number;
  /** Checks one shard in a worker thread; rejects when the worker fails (the caller checks it here). */
  check(job: ShardJob): Promise<[string, FileOutcome][]>;
}

export interface CliRuntime {
  host: WritableFileSystemHost;
  lister: SyncDirectoryLister;
  /** The environment: ALLOY_TOKEN, ALLOY_ENDPOINT, ALLOY_LEDGER, XDG_STATE_HOME, proxies. Read nowhere else. */
  env: Env;
  /** The user's home folder ('' when unknown): the ledger's last fallback. */
  home: string;
  /** The submission engine's ports over the ledger file at `ledgerPath`. */
  submissionPorts(ledgerPath: string): SubmissionPorts;
  /** A loopback callback receiver (SPEC §8.2). */
  receiver(options: CallbackReceiverOptions): CallbackReceiver;
  reports: ReportFiles;
  /** Milliseconds since the epoch. */
  now(): number;
  /** The clock, random bytes and exclusive create of `alloy new-request`. */
  requestPorts: RequestPorts;
  /** Waits `ms`; rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  checkThreads?: CheckThreads;
  /** Aborted when the user interrupts the command (Ctrl-C): a send is cancelled, a wait ends. */
  signal?: AbortSignal;
}
