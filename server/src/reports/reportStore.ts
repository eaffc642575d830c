// What a stored report is, and the pure decisions about one: its hash, whether its bytes pass the
// core's checks (a body that fails is kept and flagged, never dropped), and what a report file found
// on disk says about itself. The Node adapter (nodeReportFiles.ts) only moves bytes.

import { createHash } from 'node:crypto';
import { analyzeFile, DIAGNOSTIC_CODES, SCHEMA_VERSIONS } from '../core';
import { HASH_PREFIX_LENGTH, parseReportFileName } from './reportFileName';
import type { ReportPhase } from './reportPhase';
import type { ReceivedBody, SavedReport, StoredFile } from './reportSink';

export interface ReportProblem {
  /** A core diagnostic code (`schema`, `syntax`, …) or one of this library's own report checks. */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** 1-based line of the body the problem is on, when it has one. */
  line?: number;
}

export interface StoredReport {
  requestId: string;
  /** The route's phase; for a file not written by the receiver, the phase its run result implies, or undefined. */
  phase: ReportPhase | undefined;
  /** ISO 8601 UTC time it was received (for a foreign file: its modification time). */
  receivedAt: string;
  /** `sha256:` + lowercase hex of the stored bytes. */
  sha256: string;
  size: number;
  /** Absolute path of the file. */
  file: string;
  /** Whether the file's name follows the receiver's pattern (false for a file put there by hand or by Foundry). */
  named: boolean;
  /** `alloy.foundry_run_result.v1` bodies: their `status`. */
  runStatus?: string;
  /** Errors and warnings found in the bytes; `flagged` when one is an error. */
  problems: ReportProblem[];
  flagged: boolean;
}

export interface ReportJudgement {
  problems: ReportProblem[];
  flagged: boolean;
  runStatus?: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const COMPLETED_STATUSES = ['completed', 'completed_with_findings'];
const FAILED_STATUSES = ['failed', 'rejected', 'cancelled'];

/** The phase a run result's `status` implies, for report files that were not named by the receiver. */
export function phaseOfRunStatus(status: string | undefined): ReportPhase | undefined {
  if (status === undefined) return undefined;
  if (COMPLETED_STATUSES.includes(status)) return 'completed';
  if (FAILED_STATUSES.includes(status)) return 'failed';
  return undefined;
}

function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Checks a report's text. A `completed` or `failed` body must be a run result
 * (`alloy.foundry_run_result.v1`) and passes the core's schema checks; an `accepted` or `started`
 * body may be any JSON object (a small status), and is checked by the core only when it names a
 * known `schema_version`. Any body that names a run request must name the one it arrived for.
 */
export function judgeReport(requestId: string, phase: ReportPhase | undefined, text: string): ReportJudgement {
  const problems: ReportProblem[] = [];
  const analysis = analyzeFile(`${phase ?? 'report'}.json`, text);
  if (!analysis) throw new Error('judgeReport: the core did not recognise a .json path');
  for (const d of analysis.diagnostics) {
    const severity = d.severity ?? DIAGNOSTIC_CODES[d.code].severity;
    if (severity !== 'error' && severity !== 'warning') continue;
    problems.push({ code: d.code, severity, message: d.message, line: analysis.lines.positionAt(d.span.offset).line + 1 });
  }
  const value = analysis.value;
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    problems.push({ code: 'not-an-object', severity: 'error', message: 'The report is JSON but not an object.' });
  }
  const version = member(value, 'schema_version');
  const expectsRunResult = phase === undefined || phase === 'completed' || phase === 'failed';
  // A file put into the folder by hand or by Foundry may also be an evidence observation (SPEC §1).
  const accepted = phase === undefined && analysis.kind === 'evidence-observation';
  if (analysis.value !== undefined && expectsRunResult && analysis.kind !== 'run-result' && !accepted) {
    const said = typeof version === 'string' ? `its schema_version is "${version}"` : 'it has no schema_version';
    const expected =
      phase === undefined
        ? `A report file is expected to be a run result (${SCHEMA_VERSIONS['run-result']}) ` +
          `or an evidence observation (${SCHEMA_VERSIONS['evidence-observation']})`
        : `A ${phase} report is expected to be a run result (${SCHEMA_VERSIONS['run-result']})`;
    problems.push({ code: 'not-a-run-result', severity: 'error', message: `${expected}, but ${said}.` });
  }
  const named = member(value, 'run_request_id');
  if (typeof named === 'string' && named !== requestId) {
    problems.push({
      code: 'request-mismatch',
      severity: 'error',
      message: `The report names run request "${named}", but it is filed under ${requestId}.`,
    });
  }
  const status = analysis.kind === 'run-result' ? member(value, 'status') : undefined;
  const runStatus = typeof status === 'string' ? status : undefined;
  const implied = phaseOfRunStatus(runStatus);
  if ((phase === 'completed' || phase === 'failed') && implied !== undefined && implied !== phase) {
    problems.push({
      code: 'phase-status-mismatch',
      severity: 'warning',
      message: `The report was sent as ${phase}, but its run status is "${runStatus}".`,
    });
  }
  return { problems, flagged: problems.some((p) => p.severity === 'error'), runStatus };
}

export interface ReportFileFacts {
  requestId: string;
  /** The file's name, its absolute path, bytes and modification time. */
  name: string;
  file: string;
  bytes: Uint8Array;
  modifiedAt: Date;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Everything a report file on disk says about itself: its phase and time (from its name when the receiver named it), hash and checks. */
export function storedReportOf(facts: ReportFileFacts): StoredReport {
  const parts = parseReportFileName(facts.name);
  const hex = sha256Hex(facts.bytes);
  let text: string | undefined;
  try {
    text = UTF8.decode(facts.bytes);
  } catch {
    text = undefined;
  }
  const judgement: ReportJudgement =
    text === undefined
      ? { problems: [{ code: 'not-utf-8', severity: 'error', message: 'The file is not valid UTF-8.' }], flagged: true }
      : judgeReport(facts.requestId, parts?.phase, text);
  const problems = [...judgement.problems];
  if (parts && parts.hashPrefix !== hex.slice(0, HASH_PREFIX_LENGTH)) {
    problems.unshift({
      code: 'hash-mismatch',
      severity: 'error',
      message:
        `The file's bytes hash to ${hex.slice(0, HASH_PREFIX_LENGTH)}…, not to the ${parts.hashPrefix} in its name: ` +
        'it was changed after it was stored.',
    });
  }
  return {
    requestId: facts.requestId,
    phase: parts ? parts.phase : phaseOfRunStatus(judgement.runStatus),
    receivedAt: (parts ? parts.receivedAt : facts.modifiedAt).toISOString(),
    sha256: `sha256:${hex}`,
    size: facts.bytes.length,
    file: facts.file,
    named: parts !== undefined,
    runStatus: judgement.runStatus,
    problems,
    flagged: problems.some((p) => p.severity === 'error'),
  };
}

/** The stored report for a body just saved: its judgement, under the name it was stored as. */
export function savedReportOf(body: ReceivedBody, stored: StoredFile): SavedReport {
  const name = stored.file.replace(/^.*[\\/]/, '');
  const report = storedReportOf({ requestId: body.requestId, name, file: stored.file, bytes: body.bytes, modifiedAt: body.receivedAt });
  return { report, duplicate: stored.duplicate };
}
