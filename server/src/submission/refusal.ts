// Why nothing was sent, as a value, and the one wording of it that the CLI and the editor both
// show. Every refusal says what was found and what the user can do about it. Values from files
// (paths, branch names, diagnostics quoting keys) are shown escaped, so a refusal's lines are
// exactly the ones its wording makes: file content cannot add a line or a terminal control.

import * as path from 'node:path';
import type { Severity } from '../core';
import { utcMinute } from './timeWords';
import { visibleText } from './visibleText';

/** A diagnostic as `alloy check` prints it: 1-based line and column. */
export interface ReportedProblem {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: string;
  message: string;
}

export type Refusal =
  | { kind: 'unreadable-file'; file: string; reason: string }
  | { kind: 'byte-order-mark'; file: string }
  | { kind: 'not-utf8'; file: string; offset: number; line: number }
  | { kind: 'not-a-request'; file: string; reason: string }
  | { kind: 'has-errors'; file: string; diagnostics: ReportedProblem[] }
  | { kind: 'unsaved'; files: string[] }
  | { kind: 'untrusted' }
  | { kind: 'confirm-full'; requestId: string; projectId: string; branch?: string; briefId: string; briefPath: string }
  | {
      kind: 'key-reused';
      key: string;
      /** The earlier submission whose bytes differ (its recorded bytes are the left side of a diff). */
      submission: string;
      submittedAt: string;
      /** Dotted paths of the members that differ; empty when only the formatting differs. */
      fields: string[];
      formattingOnly: boolean;
      /** What became of the earlier bytes: "answer 202", "outcome unknown". */
      earlier: string;
    }
  | { kind: 'in-flight'; key: string; submission: string; since: string; pid: number; here: boolean }
  | { kind: 'outcome-unknown'; key: string; requestId: string; submission: string; submittedAt: string; reason: string }
  | { kind: 'nothing-to-resend'; key: string; reason: string }
  | { kind: 'ledger-unreadable'; location: string; reason: string }
  | { kind: 'ledger-unwritable'; location: string; reason: string }
  | { kind: 'ledger-busy'; location: string; reason: string }
  | { kind: 'bad-endpoint'; endpoint: string; reason: string }
  | { kind: 'bad-setting'; setting: string; reason: string }
  | { kind: 'payload-has-alloy'; file: string }
  | { kind: 'command-too-long'; bytes: number; limit: number }
  | { kind: 'cancelled' };

export interface WordingOptions {
  /** Files are named relative to this folder (as `alloy check` does), else absolutely. */
  cwd?: string;
}

export function shownPath(file: string, options: WordingOptions = {}): string {
  if (options.cwd === undefined) return file;
  const relative = path.relative(options.cwd, file);
  if (relative === '') return path.basename(file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}

/** The diagnostic lines of a `has-errors` refusal, exactly as `alloy check` prints them (escaped alike). */
export function problemLine(problem: ReportedProblem, options: WordingOptions = {}): string {
  const { line, column, severity, code, message } = problem;
  return visibleText(`${shownPath(problem.file, options)}:${line}:${column}: ${severity} ${code} ${message}`);
}

const RERUN_HINT =
  'To run the same intent again on purpose, change an input of the key ' +
  '(for example foundry.payload or repo.revision) and recompute the key.';

/** One wording for both front ends; it may span several lines (the diagnostics of `has-errors`). */
export function refusalText(refusal: Refusal, options: WordingOptions = {}): string {
  if (refusal.kind === 'has-errors') {
    const errors = refusal.diagnostics.filter((d) => d.severity === 'error');
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    const header = visibleText(`Not sent: ${shownPath(refusal.file, options)} has ${count} (the same ones \`alloy check\` reports):`);
    return [header, ...errors.map((d) => '  ' + problemLine(d, options))].join('\n');
  }
  return visibleText(oneLineRefusal(refusal, options));
}

function oneLineRefusal(refusal: Exclude<Refusal, { kind: 'has-errors' }>, options: WordingOptions): string {
  switch (refusal.kind) {
    case 'unreadable-file':
      return `Not sent: ${shownPath(refusal.file, options)} ${refusal.reason}.`;
    case 'byte-order-mark':
      return (
        `Not sent: ${shownPath(refusal.file, options)} starts with a UTF-8 byte order mark. ` +
        'Foundry reads the bytes as JSON and strict parsers reject the mark; save the file as UTF-8 without BOM.'
      );
    case 'not-utf8':
      return (
        `Not sent: ${shownPath(refusal.file, options)} is not valid UTF-8 ` +
        `(byte ${refusal.offset} on line ${refusal.line} is not part of a UTF-8 character); save it as UTF-8.`
      );
    case 'not-a-request':
      return `Not sent: ${shownPath(refusal.file, options)} is not a Foundry Execution Request (${refusal.reason}).`;
    case 'unsaved':
      return (
        `Not sent: unsaved changes in ${refusal.files.map((f) => shownPath(f, options)).join(', ')}. ` +
        'Save first: the saved bytes are what is sent.'
      );
    case 'untrusted':
      return 'Not sent: this workspace is not trusted. Trust it first (submitting can run Foundry on a repository).';
    case 'confirm-full': {
      const branch = refusal.branch === undefined ? 'no branch given' : `branch ${refusal.branch}`;
      return (
        `Not sent: ${refusal.requestId} runs with throttle "full" (mutators change the repository): ` +
        `project ${refusal.projectId}, ${branch}, brief ${refusal.briefId} (${refusal.briefPath}). ` +
        'Confirm to send it (the CLI takes --yes).'
      );
    }
    case 'key-reused': {
      const what = refusal.formattingOnly
        ? 'formatting only (the data is the same, the bytes are not)'
        : `fields that differ: ${refusal.fields.join(', ')}`;
      return (
        `Not sent: the key ${refusal.key} was already submitted at ${utcMinute(refusal.submittedAt)} (${refusal.earlier}) ` +
        `with other bytes; ${what}. A server would call this a key reuse, and once it forgets the key it would run the request twice. ` +
        `Restore the submitted bytes (compare with them), or: ${RERUN_HINT}`
      );
    }
    case 'in-flight':
      return (
        `Not sent: the key ${refusal.key} is already being sent ` +
        `(${refusal.here ? 'by this window' : `by process ${refusal.pid}, another window or the CLI`}, ` +
        `since ${utcMinute(refusal.since)}). ` +
        'Wait for its answer.'
      );
    case 'outcome-unknown':
      return (
        `Not sent: ${refusal.requestId} (key ${refusal.key}) was submitted at ${utcMinute(refusal.submittedAt)} ` +
        `and its outcome is unknown — check Foundry (${refusal.reason}). ` +
        `If Foundry has no run for it, use "Resend (same key)" (\`alloy resend ${refusal.key}\`).`
      );
    case 'nothing-to-resend':
      return `Nothing resent for the key ${refusal.key}: ${refusal.reason}.`;
    case 'ledger-unreadable':
      return (
        `Not sent: the submission ledger ${refusal.location} cannot be read (${refusal.reason}). ` +
        'Without it an earlier submission of this key could not be recognised, so nothing is sent until it is readable again.'
      );
    case 'ledger-unwritable':
      return (
        `Not sent: the submission ledger ${refusal.location} cannot be written (${refusal.reason}). ` +
        'A submission is recorded before its first byte is sent, so nothing was sent.'
      );
    case 'ledger-busy':
      return `Not sent: ${refusal.reason} (${refusal.location}). Try again in a moment.`;
    case 'bad-endpoint':
      return `Not sent: the endpoint ${refusal.endpoint || '(empty)'} cannot be used: ${refusal.reason}.`;
    case 'bad-setting':
      return `Not sent: ${refusal.setting} ${refusal.reason}.`;
    case 'payload-has-alloy':
      return (
        `Not sent: foundry.payload in ${shownPath(refusal.file, options)} has a member "alloy", ` +
        'which `foundry emit` submissions fill with the request ids; rename that member.'
      );
    case 'command-too-long':
      return (
        `Not sent: the foundry emit payload is ${refusal.bytes} bytes, over the ${refusal.limit}-byte limit for one ` +
        'command-line argument; use the HTTP transport for this request.'
      );
    case 'cancelled':
      return 'Cancelled before anything was sent.';
  }
}
