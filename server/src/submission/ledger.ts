// Reads the write-ahead ledger (SPEC §7.4): JSON Lines, one entry per line. A torn or corrupt
// line is skipped with a warning naming its 1-based line number; a ledger that cannot be read at
// all is a refusal, never an empty start. Entries are folded into one record per submission.

import type { AttemptEntry, LedgerEntry, OutcomeEntry, PendingEntry, SubmissionOutcome } from './ledgerEntry';
import type { LedgerStore, SubmissionOwners } from './ports';
import type { Refusal } from './refusal';
import { sha256Of } from './requestBytes';

export interface LedgerWarning {
  /** 1-based. */
  line: number;
  reason: string;
}

export interface NumberedEntry {
  entry: LedgerEntry;
  /** 1-based line number in the file. */
  line: number;
}

/** The lines of one submission (one `submission` id). */
export interface SubmissionRecord {
  submission: string;
  key: string;
  requestId: string;
  /** Absent when its line was skipped as corrupt (then the bytes are unknown). */
  pending?: PendingEntry;
  attempts: AttemptEntry[];
  outcome?: OutcomeEntry;
  /** The submission that later re-sent these recorded bytes, when one did. */
  resentBy?: string;
  /** When the bytes were first sent: the `pending` time of the first submission this one re-sends. */
  firstSentAt: string;
  /** Position of its first line, for "which came first". */
  firstLine: number;
}

export interface LedgerSnapshot {
  location: string;
  entries: NumberedEntry[];
  records: SubmissionRecord[];
  warnings: LedgerWarning[];
}

const OUTCOMES: readonly SubmissionOutcome[] = ['accepted', 'already-submitted', 'rejected', 'given-up', 'cancelled'];

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** Why a parsed line is not a ledger entry of this format, or undefined when it is one. */
function shapeProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not a JSON object';
  const e = data as Record<string, unknown>;
  if (e.v !== 1) return typeof e.v === 'number' && e.v > 1 ? `format v${e.v}, written by a newer Alloy` : 'no format version "v": 1';
  for (const name of ['submission', 'at', 'key', 'requestId']) if (!isText(e[name])) return `"${name}" is missing or not a string`;
  switch (e.type) {
    case 'pending':
      for (const name of ['requestFile', 'root', 'bytes', 'sha256']) if (!isText(e[name])) return `"${name}" is missing or not a string`;
      if (e.transport !== 'http' && e.transport !== 'foundry-cli') return `unknown transport ${JSON.stringify(e.transport)}`;
      return undefined;
    case 'attempt':
      return Number.isInteger(e.attempt) && (e.attempt as number) >= 1 ? undefined : '"attempt" is not a whole number ≥ 1';
    case 'outcome':
      return OUTCOMES.includes(e.outcome as SubmissionOutcome) ? undefined : `unknown outcome ${JSON.stringify(e.outcome)}`;
    default:
      return `unknown entry type ${JSON.stringify(e.type)}`;
  }
}

interface ParsedLines {
  entries: NumberedEntry[];
  warnings: LedgerWarning[];
  /** Lines seen, a torn last line included. */
  lines: number;
  /** Bytes up to and including the last newline: what a later read can take as already parsed. */
  complete: number;
}

function parseLine(text: string, line: number, torn: boolean, out: ParsedLines): void {
  if (text.trim() === '') return;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    out.warnings.push({
      line,
      reason: torn ? 'torn: it ends without a newline (an interrupted write)' : 'not valid JSON (a corrupt line)',
    });
    return;
  }
  const problem = shapeProblem(data);
  if (problem !== undefined) out.warnings.push({ line, reason: `not a ledger entry: ${problem}` });
  else out.entries.push({ entry: data as LedgerEntry, line });
}

/** Parses `bytes` from `offset` (a line start), numbering lines after `linesBefore`. */
function parseLines(bytes: Uint8Array, offset: number, linesBefore: number): ParsedLines {
  const out: ParsedLines = { entries: [], warnings: [], lines: linesBefore, complete: offset };
  const tail = bytes.subarray(offset);
  const lastNewline = tail.lastIndexOf(0x0a);
  out.complete = offset + lastNewline + 1;
  let whole: string | undefined;
  try {
    // One decode for the whole file is many times faster than one per line.
    whole = new TextDecoder('utf-8', { fatal: true }).decode(tail);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const texts = whole.split('\n');
    const torn = texts[texts.length - 1] !== '';
    if (!torn) texts.pop();
    texts.forEach((text, i) => parseLine(text, linesBefore + i + 1, torn && i === texts.length - 1, out));
    out.lines = linesBefore + texts.length;
    return out;
  }
  // Some line is not UTF-8: decode line by line to name it.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = linesBefore;
  while (start < tail.length) {
    line++;
    let end = tail.indexOf(0x0a, start);
    const torn = end === -1;
    if (torn) end = tail.length;
    const slice = tail.subarray(start, end);
    start = end + 1;
    let text: string;
    try {
      text = decoder.decode(slice);
    } catch {
      out.warnings.push({ line, reason: 'not valid UTF-8 (a corrupt line)' });
      continue;
    }
    parseLine(text, line, torn, out);
  }
  out.lines = line;
  return out;
}

/** Every readable entry, and a warning for each line that is not one. */
export function parseLedger(bytes: Uint8Array): { entries: NumberedEntry[]; warnings: LedgerWarning[] } {
  const parsed = parseLines(bytes, 0, 0);
  return { entries: parsed.entries, warnings: parsed.warnings };
}

/** A ledger's first lines, parsed. */
interface ParsedPrefix {
  /** The bytes parsed, whole lines only. */
  bytes: Uint8Array;
  lines: number;
  entries: NumberedEntry[];
  warnings: LedgerWarning[];
}

const NOTHING_PARSED: ParsedPrefix = { bytes: new Uint8Array(), lines: 0, entries: [], warnings: [] };

/**
 * What was parsed last time per store: the ledger only grows, so a later read parses just the
 * new lines once the old prefix is proven unchanged, byte for byte against the bytes read then
 * (any rewrite means a full parse). A comparison runs at memory speed: for an 8 MiB ledger under
 * 1 ms, where hashing the prefix (as this did before) took 9 ms twice per read. The price is the
 * last read's bytes, held per store, about as large as the entries parsed from them.
 */
const parsedBefore = new WeakMap<LedgerStore, ParsedPrefix>();

function samePrefix(bytes: Uint8Array, before: Uint8Array): boolean {
  if (before.length > bytes.length) return false;
  const now = Buffer.from(bytes.buffer, bytes.byteOffset, before.length);
  return now.equals(Buffer.from(before.buffer, before.byteOffset, before.length));
}

function parseIncrementally(store: LedgerStore, bytes: Uint8Array): { entries: NumberedEntry[]; warnings: LedgerWarning[] } {
  const before = parsedBefore.get(store);
  const base = before && samePrefix(bytes, before.bytes) ? before : NOTHING_PARSED;
  const tail = parseLines(bytes, base.bytes.length, base.lines);
  const entries = base.entries.concat(tail.entries);
  const warnings = base.warnings.concat(tail.warnings);
  // Only whole lines are remembered: a torn last line is parsed again (and warned about) next time.
  const tornWarnings = tail.complete < bytes.length ? tail.warnings.filter((w) => w.line === tail.lines) : [];
  const kept: ParsedPrefix = {
    bytes: bytes.subarray(0, tail.complete),
    lines: tail.complete < bytes.length ? tail.lines - 1 : tail.lines,
    entries: tail.complete < bytes.length ? entries.filter((e) => e.line !== tail.lines) : entries,
    warnings: warnings.filter((w) => !tornWarnings.includes(w)),
  };
  parsedBefore.set(store, kept);
  return { entries, warnings };
}

/** One record per submission id, in the order their first lines appear. */
export function foldLedger(entries: readonly NumberedEntry[]): { records: SubmissionRecord[]; warnings: LedgerWarning[] } {
  const bySubmission = new Map<string, SubmissionRecord>();
  const warnings: LedgerWarning[] = [];
  for (const { entry, line } of entries) {
    let record = bySubmission.get(entry.submission);
    if (!record) {
      record = {
        submission: entry.submission,
        key: entry.key,
        requestId: entry.requestId,
        attempts: [],
        firstSentAt: entry.at,
        firstLine: line,
      };
      bySubmission.set(entry.submission, record);
    }
    if (entry.key !== record.key) {
      warnings.push({ line, reason: `skipped: submission ${entry.submission} was recorded with another key` });
      continue;
    }
    if (entry.type === 'pending') {
      if (record.pending) warnings.push({ line, reason: `skipped: a second pending line for submission ${entry.submission}` });
      else {
        record.pending = entry;
        record.firstSentAt = entry.at;
      }
    } else if (entry.type === 'attempt') record.attempts.push(entry);
    else if (record.outcome) warnings.push({ line, reason: `skipped: a second outcome for submission ${entry.submission}` });
    else record.outcome = entry;
  }
  const records = [...bySubmission.values()];
  for (const record of records) {
    if (!record.pending && !record.outcome) {
      warnings.push({ line: record.firstLine, reason: `submission ${record.submission} has attempts but its pending line is missing` });
    }
  }
  for (const record of records) {
    const earlier = record.pending?.resendOf === undefined ? undefined : bySubmission.get(record.pending.resendOf);
    if (earlier && earlier.key === record.key && earlier.resentBy === undefined) {
      earlier.resentBy = record.submission;
      record.firstSentAt = earlier.firstSentAt;
    }
  }
  return { records, warnings };
}

export type LedgerRead = { ok: true; snapshot: LedgerSnapshot } | { ok: false; refusal: Refusal };

export async function readLedger(store: LedgerStore): Promise<LedgerRead> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await store.read();
  } catch (error) {
    return { ok: false, refusal: { kind: 'ledger-unreadable', location: store.location, reason: errorText(error) } };
  }
  const parsed = parseIncrementally(store, bytes ?? new Uint8Array());
  const folded = foldLedger(parsed.entries);
  return {
    ok: true,
    snapshot: {
      location: store.location,
      entries: parsed.entries,
      records: folded.records,
      warnings: [...parsed.warnings, ...folded.warnings].sort((a, b) => a.line - b.line),
    },
  };
}

export function ledgerWarningText(warning: LedgerWarning, location: string): string {
  return `${location}:${warning.line}: ledger line skipped: ${warning.reason}`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where a submission stands, as far as sending again is concerned. */
export type RecordState =
  | 'sending'
  | 'accepted'
  | 'already-submitted'
  | 'rejected'
  | 'given-up'
  | 'cancelled'
  /** A `pending` without an outcome whose writer is gone (crashed, killed) or whose budget is spent. */
  | 'interrupted';

export function recordState(record: SubmissionRecord, now: number, owners: SubmissionOwners): RecordState {
  if (record.outcome) return record.outcome.outcome;
  const owner = record.pending?.owner;
  if (owner && Date.parse(owner.until) > now && owners.isSending(owner, record.submission)) return 'sending';
  return 'interrupted';
}

/** Whether the server may have received these bytes (an attempt that did not fail before sending, or a crash). */
export function possiblyReceived(record: SubmissionRecord): boolean {
  if (!record.outcome) return true;
  return record.attempts.some((a) => a.notSent !== true);
}

/** The recorded bytes of a submission, or why they cannot be used. */
export function recordedBytes(record: SubmissionRecord): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  if (!record.pending) return { ok: false, reason: 'its pending line (with the bytes) is missing from the ledger' };
  const bytes = new Uint8Array(Buffer.from(record.pending.bytes, 'base64'));
  if (sha256Of(bytes) !== record.pending.sha256)
    return { ok: false, reason: 'the recorded bytes do not match their recorded sha256 (a damaged line)' };
  return { ok: true, bytes };
}
