// The engine's ports: every piece of I/O it uses (bytes, ledger file, network, CLI, clock, sleep,
// random, process identity) as a plain interface, so the CLI and the editor pass Node adapters
// and the tests pass fakes on a fake clock.

import type { FileSystemHost } from '../core';
import type { SubmissionOwner } from './ledgerEntry';

/** Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** Waits `ms` milliseconds; rejects (with any error) as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A number in [0, 1). */
export type Random = () => number;

export type Env = Readonly<Record<string, string | undefined>>;

/** The exact bytes of a file, or why they cannot be had. */
export type ReadBytes = (file: string) => Promise<BytesRead>;
export type BytesRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** The append-only ledger file (SPEC §7.4). */
export interface LedgerStore {
  /** Where the ledger is, as shown to the user. */
  readonly location: string;
  /** The whole file; `undefined` when it does not exist yet. Throws (with a message) when it cannot be read. */
  read(): Promise<Uint8Array | undefined>;
  /** Appends one line (given without its newline) with a single write, flushed before it resolves. */
  append(line: string): Promise<void>;
  /** Runs `fn` holding the cross-process lock on the ledger's folder; throws `LedgerBusyError` after bounded waiting. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

/** Thrown by `LedgerStore.withLock` when another submitter keeps the lock past the wait limit. */
export class LedgerBusyError extends Error {
  constructor(
    message: string,
    readonly holder?: number,
  ) {
    super(message);
    this.name = 'LedgerBusyError';
  }
}

/** One HTTP attempt: the engine passes the same body and key every time. */
export interface HttpSendRequest {
  url: string;
  body: Uint8Array;
  idempotencyKey: string;
  requestId: string;
  /** Sent as `Authorization: Bearer <token>` when present. */
  token?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export type HttpFailureReason = 'timeout' | 'reset' | 'refused' | 'dns' | 'tls' | 'proxy' | 'aborted' | 'network';

export type HttpAnswer =
  | {
      kind: 'response';
      status: number;
      /** Lower-case names; repeated headers joined with ", ". */
      headers: Readonly<Record<string, string>>;
      /** The body as text, at most the transport's cap. */
      body: string;
    }
  | {
      kind: 'failure';
      reason: HttpFailureReason;
      /** In words, without the token or any proxy credentials. */
      message: string;
      /** Worth another attempt (timeouts, resets) or not (certificate errors, a bad proxy setting). */
      retryable: boolean;
      /** Known to have failed before any byte of the request could reach the server. */
      notSent: boolean;
    };

export interface HttpTransport {
  send(request: HttpSendRequest): Promise<HttpAnswer>;
}

/** One run of `foundry` (never through a shell). */
export interface FoundryRunRequest {
  cliPath: string;
  args: readonly string[];
  timeoutMs: number;
  signal: AbortSignal;
}

export type FoundryRunAnswer =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | {
      kind: 'failed';
      reason: 'not-found' | 'not-executable' | 'timeout' | 'killed' | 'aborted' | 'spawn';
      message: string;
      stderr: string;
    };

export interface FoundryCli {
  run(request: FoundryRunRequest): Promise<FoundryRunAnswer>;
}

/** Who is sending: this process, as recorded in `pending` lines, and whether another writer still is. */
export interface SubmissionOwners {
  /** This process (pid and start token); the engine adds `until`. */
  self(): Omit<SubmissionOwner, 'until'>;
  /** Marks one of this process's submissions as being sent, until `end`. */
  begin(submission: string): void;
  end(submission: string): void;
  /** Whether the writer of a `pending` line is still sending it (its process is alive; in this process: `begin` without `end`). */
  isSending(owner: SubmissionOwner, submission: string): boolean;
}

/** Everything the engine needs; `createNodeSubmissionPorts` builds the real ones. */
export interface SubmissionPorts {
  readBytes: ReadBytes;
  /** Used by the analysis core to read the brief (and folders) as `alloy check` does. */
  files: FileSystemHost;
  ledger: LedgerStore;
  http: HttpTransport;
  foundry: FoundryCli;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  owners: SubmissionOwners;
}
