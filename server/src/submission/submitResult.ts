// What the engine hands back to the front ends: the result of one submit (refused, already
// submitted, or sent with its outcome) and the progress events it reports on the way.

import type { SubmissionOutcome, TransportName } from './ledgerEntry';
import type { SubmissionRecord } from './ledger';
import type { ProblemWords } from './problemDetails';
import type { Refusal } from './refusal';

export interface SentResult {
  kind: 'sent';
  submission: string;
  key: string;
  requestId: string;
  transport: TransportName;
  outcome: SubmissionOutcome;
  /** The HTTP status, or the CLI's exit code, that decided the outcome. */
  status?: number;
  /** The answer in words (problem details, the error, the CLI's stderr); never the token. */
  detail?: string;
  problem?: ProblemWords;
  /** 401/403: offer to set the token; the same bytes and key are sent again after that. */
  authNeeded?: boolean;
  replayed?: boolean;
  /** A 3xx answer's Location (not followed). */
  location?: string;
  attempts: number;
  elapsedMs: number;
  sha256: string;
  /** Set when these are the recorded bytes of an earlier submission, sent again. */
  resendOf?: string;
  /** Lines after `pending` that could not be written (the send itself went on). */
  ledgerErrors: string[];
}

interface ResultNotes {
  /** Ledger lines skipped while reading, in words. */
  warnings: string[];
  /** Interrupted submissions of the same key whose recorded bytes were re-sent first. */
  recovered: SentResult[];
}

export type SubmitResult =
  | ({ kind: 'refused'; refusal: Refusal } & ResultNotes)
  | ({ kind: 'already-submitted'; record: SubmissionRecord } & ResultNotes)
  | (SentResult & ResultNotes);

export type SubmitProgress =
  | { kind: 'recorded'; submission: string; requestId: string }
  | { kind: 'attempt'; attempt: number; of: number; elapsedMs: number }
  | { kind: 'answer'; attempt: number; status?: number; error?: string; elapsedMs: number }
  | { kind: 'waiting'; nextAttempt: number; of: number; delayMs: number; reason: 'retry-after' | 'backoff'; elapsedMs: number }
  | { kind: 'running-cli'; command: string; elapsedMs: number }
  | { kind: 'finished'; outcome: SubmissionOutcome; elapsedMs: number };
