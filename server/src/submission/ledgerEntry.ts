// One line of the write-ahead ledger (SPEC §7.4): each transition of a submission is one JSON
// object on its own line, appended with a single write. Lines of one submission share `submission`
// (a random id per attempt-series); a key may have several submissions (a `rejected` one does not
// block a later one). The token is never part of an entry.
//
// Added by the engine, all optional (older lines without them stay valid): `PendingEntry.owner`
// (who is sending, for the in-flight and crash checks), `PendingEntry.command` (the argv of a
// `foundry emit` submission), `AttemptEntry.notSent` and `OutcomeEntry.replayed`/`location`.

export type TransportName = 'http' | 'foundry-cli';

/** The final answer of one submission. */
export type SubmissionOutcome = 'accepted' | 'already-submitted' | 'rejected' | 'given-up' | 'cancelled';

interface EntryBase {
  /** Ledger line format version. */
  v: 1;
  /** Random id shared by the lines of one submission. */
  submission: string;
  /** ISO 8601 UTC time the line was written. */
  at: string;
  /** The request's `idempotency_key`. */
  key: string;
  /** The request's `request_id`. */
  requestId: string;
}

/** The process that wrote a `pending` line, so that others can tell "still sending" from "crashed". */
export interface SubmissionOwner {
  pid: number;
  /** Identifies the process beyond its pid (boot id + start time on Linux), when known. */
  start?: string;
  /** ISO 8601 UTC time after which this submission cannot still be sending (its budget is spent). */
  until: string;
}

/** Written, flushed, before the first byte is sent. */
export interface PendingEntry extends EntryBase {
  type: 'pending';
  /** Absolute path of the request file when it was submitted. */
  requestFile: string;
  /** The request's repository root (SPEC §1). */
  root: string;
  /** The exact bytes that are sent, base64. */
  bytes: string;
  /** `sha256:` + lowercase hex of those bytes. */
  sha256: string;
  transport: TransportName;
  /** HTTP only: the endpoint URL (`{project_id}` replaced, no user info). */
  endpoint?: string;
  /** HTTP only: the endpoint's host (and port). */
  endpointHost?: string;
  /** The request's `reporting.callback_url`, when it has one. */
  callbackUrl?: string;
  /** When this submission re-sends the recorded bytes of an earlier one (crash recovery, Resend). */
  resendOf?: string;
  /** Who is sending; absent in lines written before the engine recorded it (treated as gone). */
  owner?: SubmissionOwner;
  /** `foundry-cli` only: the arguments given to `foundry` (no shell ever reads them). */
  command?: string[];
}

/** One attempt and its answer (a status, or the network error in words). */
export interface AttemptEntry extends EntryBase {
  type: 'attempt';
  /** 1-based. */
  attempt: number;
  status?: number;
  error?: string;
  /** The wait before the next attempt, when one follows. */
  retryInMs?: number;
  /** The attempt failed before any byte could reach the server (refused, name not found, TLS handshake). */
  notSent?: boolean;
}

export interface OutcomeEntry extends EntryBase {
  type: 'outcome';
  outcome: SubmissionOutcome;
  /** The HTTP status (or the CLI exit code) that decided the outcome, when there was one. */
  status?: number;
  /** The answer in words: problem details, the error, the CLI's stderr (never the token). */
  detail?: string;
  /** `already-submitted` from `200` + `Idempotent-Replayed: true`. */
  replayed?: boolean;
  /** A `3xx` answer's `Location` (not followed; recorded with the outcome `rejected`). */
  location?: string;
}

export type LedgerEntry = PendingEntry | AttemptEntry | OutcomeEntry;
