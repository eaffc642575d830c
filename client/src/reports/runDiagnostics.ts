// A run result in the editor (research §6.2): the latest run's `errors[]` and failed gates as
// information diagnostics on the request file (at its `request_id`), and, on the brief, the
// required evidence that came back missing or failing (at its `evidence_plan.required` entry) and
// the protected capabilities at risk (at their `id`). Source `alloy-run`, never `alloy`, so they
// are told apart from `alloy check`'s findings. Pure: analyses and the parsed run come in.

import type { FileAnalysis, JsonValue, Range } from '../../../server/src/core';
import type { RequestState, StoredReport } from '../../../server/src/reports';
import { evidenceAgainstBrief, type BriefExpectations } from './evidenceAgainstBrief';
import { arrayMember, isRecord, member, stringMember } from './jsonMembers';
import { fileStart, objectItemRanges, rangeAtPath, stringItemRanges, valueAt } from './documentPositions';
import type { ProtectedCapabilityView } from './reportsPageState';
import { textOf } from './shownText';

export const RUN_DIAGNOSTIC_SOURCE = 'alloy-run';

export type RunDiagnosticCode = 'run-error' | 'gate-failed' | 'evidence-missing' | 'evidence-failing' | 'capability-at-risk';

export interface RunDiagnostic {
  range: Range;
  message: string;
  code: RunDiagnosticCode;
}

/** Which run a diagnostic comes from, for its words. */
export interface RunOrigin {
  requestId: string;
  /** When the report arrived (ISO). */
  receivedAt: string;
}

const MAX_TEXT = 500;

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function runName(run: unknown, origin: RunOrigin): string {
  const id = stringMember(run, 'foundry_run_id');
  const status = stringMember(run, 'status');
  return `Foundry run ${id ?? `of ${origin.requestId}`}${status ? ` (${status.replace(/_/g, ' ')})` : ''}`;
}

/** The request file's diagnostics: one per run error, one per failed gate. */
export function requestRunDiagnostics(request: FileAnalysis, run: unknown, origin: RunOrigin): RunDiagnostic[] {
  if (!isRecord(run)) return [];
  const range = rangeAtPath(request, ['request_id']) ?? fileStart();
  const name = runName(run, origin);
  const out: RunDiagnostic[] = [];
  for (const error of arrayMember(run, 'errors')) {
    const category = stringMember(error, 'category');
    const message = isRecord(error) ? (stringMember(error, 'message') ?? textOf(member(error, 'message'))) : textOf(error);
    out.push({
      range,
      code: 'run-error',
      message: cut(`${name}: ${category ? `${category} error` : 'error'}: ${message || '(no message)'}`),
    });
  }
  for (const gate of arrayMember(run, 'gates')) {
    if (stringMember(gate, 'status') !== 'failed') continue;
    const gateName = stringMember(gate, 'name') ?? '(unnamed)';
    const phase = stringMember(gate, 'phase');
    const details = stringMember(gate, 'details');
    out.push({
      range,
      code: 'gate-failed',
      message: cut(`${name}: gate "${gateName}"${phase ? ` (${phase})` : ''} failed${details ? `: ${details}` : ''}`),
    });
  }
  return out;
}

/** What the brief asks for, read from its data. */
export function briefExpectationsOf(value: JsonValue | undefined): BriefExpectations {
  const required = valueAt(value, ['evidence_plan', 'required']);
  const capabilities = valueAt(value, ['protected_capabilities']);
  return {
    requiredEvidence: Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [],
    protectedCapabilities: Array.isArray(capabilities)
      ? capabilities.flatMap((c): ProtectedCapabilityView[] => {
          const id = stringMember(c, 'id');
          if (id === undefined) return [];
          const severity = stringMember(c, 'severity');
          return [{ id, statement: stringMember(c, 'statement') ?? '', ...(severity === undefined ? {} : { severity }) }];
        })
      : [],
  };
}

/** The brief's diagnostics: required evidence missing or failing, protected capabilities at risk. */
export function briefRunDiagnostics(brief: FileAnalysis, run: unknown, origin: RunOrigin): RunDiagnostic[] {
  if (!isRecord(run)) return [];
  const comparison = evidenceAgainstBrief(briefExpectationsOf(brief.value), run);
  const name = runName(run, origin);
  const runDigest = stringMember(run, 'brief_digest');
  const stale =
    brief.digest !== undefined && runDigest !== undefined && runDigest !== brief.digest
      ? ' (that run used an earlier version of this brief)'
      : '';
  const out: RunDiagnostic[] = [];
  for (const row of comparison.required) {
    if (row.status !== 'missing' && row.status !== 'failing') continue;
    const notes = row.observations.map((o) => o.notes).find((n) => n !== undefined && n !== '');
    const ranges = stringItemRanges(brief, ['evidence_plan', 'required'], row.id);
    for (const range of ranges.length > 0 ? ranges : [fileStart()]) {
      out.push({
        range,
        code: row.status === 'missing' ? 'evidence-missing' : 'evidence-failing',
        message: cut(`${name} for ${origin.requestId}: required evidence ${row.id} is ${row.status}${notes ? ` — ${notes}` : ''}${stale}`),
      });
    }
  }
  for (const capability of comparison.capabilities) {
    if (capability.status !== 'at-risk') continue;
    const ranges = objectItemRanges(brief, ['protected_capabilities'], 'id', capability.id);
    for (const range of ranges.length > 0 ? ranges : [fileStart()]) {
      out.push({
        range,
        code: 'capability-at-risk',
        message: cut(`${name} for ${origin.requestId}: protected capability ${capability.id} is at risk${stale}`),
      });
    }
  }
  return out;
}

/** The report whose run result speaks for a request: its current report, when that is a terminal one. */
export function runReportOf(state: RequestState): StoredReport | undefined {
  const current = state.current;
  return current && (current.phase === 'completed' || current.phase === 'failed') ? current : undefined;
}

export interface RunDiagnosticsPorts {
  /** The analysis of a request or brief file as the editor has it (open text first). */
  analysisOf(file: string): FileAnalysis | undefined;
  /** The brief file a request names, when it resolves. */
  briefOf(requestFile: string): string | undefined;
  /** A request id's file: the ledger's, else one in the workspace. */
  requestFileOf(state: RequestState): string | undefined;
  /** A stored report parsed as JSON; undefined when it cannot be read or parsed. */
  readRun(report: StoredReport): unknown;
}

/**
 * Every file's run diagnostics: each request file gets its own latest run's; each brief gets those
 * of the newest run among the requests that name it. Files not in the map have none (clear them).
 */
export function runDiagnosticsByFile(states: Iterable<RequestState>, ports: RunDiagnosticsPorts): Map<string, RunDiagnostic[]> {
  const out = new Map<string, RunDiagnostic[]>();
  const newestForBrief = new Map<string, { report: StoredReport; run: unknown; origin: RunOrigin }>();
  for (const state of states) {
    const report = runReportOf(state);
    if (!report) continue;
    const file = ports.requestFileOf(state);
    if (file === undefined) continue;
    const request = ports.analysisOf(file);
    if (request?.kind !== 'request' || stringMember(request.value, 'request_id') !== state.requestId) continue;
    const run = ports.readRun(report);
    const origin = { requestId: state.requestId, receivedAt: report.receivedAt };
    const own = requestRunDiagnostics(request, run, origin);
    if (own.length > 0) out.set(file, own);
    const brief = ports.briefOf(file);
    if (brief === undefined) continue;
    const known = newestForBrief.get(brief);
    if (!known || known.report.receivedAt < report.receivedAt) newestForBrief.set(brief, { report, run, origin });
  }
  for (const [briefFile, { run, origin }] of newestForBrief) {
    const brief = ports.analysisOf(briefFile);
    if (brief?.kind !== 'brief') continue;
    const found = briefRunDiagnostics(brief, run, origin);
    if (found.length > 0) out.set(briefFile, [...(out.get(briefFile) ?? []), ...found]);
  }
  return out;
}
