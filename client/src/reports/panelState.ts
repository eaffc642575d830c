// The reports page's state (reportsPageState.ts) built from the extension's snapshot: one row per
// request of this workspace, newest first, with its state from `requestStates`; for the selected
// request its latest report (the run result once one arrived), the digest it was submitted with,
// and its brief as it is now (evidence plan and protected capabilities); page notices about the
// ledger, unreadable report files and the receiver. Pure: files are read through ports.

import * as path from 'node:path';
import type { FileAnalysis, FileReport, JsonValue } from '../../../server/src/core';
import type { RequestState, StoredReport } from '../../../server/src/reports';
import type { ModelSnapshot } from '../state/alloyModel';
import { briefExpectationsOf, runReportOf } from './runDiagnostics';
import { stringMember } from './jsonMembers';
import type { BriefView, ReportsPageState, ReportView, RequestRow, SelectedRequestView } from './reportsPageState';
import { valueAt } from './documentPositions';

export interface PanelPorts {
  /** A stored report's text, or why it cannot be had. */
  readText(report: StoredReport): { ok: true; text: string } | { ok: false; reason: string };
  check(file: string): FileReport;
  analysisOf(file: string): FileAnalysis | undefined;
  rootOf(file: string): string;
  /** Request files in the workspace that carry this request id. */
  requestFilesOf(requestId: string): readonly string[];
}

export interface PanelInputs {
  snapshot: ModelSnapshot;
  selectedId?: string;
  /** Notices from elsewhere (the receiver's state, for example). */
  notices?: readonly string[];
}

const MAX_LEDGER_WARNINGS = 3;
const MAX_SKIPPED = 3;

function relativeTo(root: string | undefined, file: string): string {
  if (root === undefined) return file;
  const rel = path.relative(root, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

const OUTCOME_WORDS: Record<string, string> = {
  accepted: 'accepted',
  'already-submitted': 'already submitted',
  rejected: 'rejected',
  'given-up': 'given up',
  cancelled: 'cancelled',
};

/** "202 accepted", "422 rejected: title", "connection reset", or undefined before any answer. */
export function answerWords(state: RequestState): string | undefined {
  const latest = state.latest;
  if (!latest) return undefined;
  const outcome = latest.outcome === undefined ? undefined : OUTCOME_WORDS[latest.outcome];
  const answer = latest.answer;
  const status = answer?.status;
  const head = [status === undefined ? undefined : String(status), outcome].filter((p): p is string => p !== undefined).join(' ');
  const detail = answer?.detail ?? answer?.error;
  if (head === '') return detail;
  return detail !== undefined && latest.outcome !== 'accepted' ? `${head}: ${detail}` : head;
}

/** The request file of a state: the ledger's, else the workspace file carrying its id. */
export function requestFileOf(state: RequestState, ports: Pick<PanelPorts, 'requestFilesOf'>): string | undefined {
  return state.latest?.requestFile ?? ports.requestFilesOf(state.requestId)[0];
}

function rowOf(state: RequestState, ports: PanelPorts): RequestRow {
  const file = requestFileOf(state, ports);
  const latest = state.latest;
  const analysis = file === undefined ? undefined : ports.analysisOf(file);
  const projectId = stringMember(analysis?.value, 'project_id');
  const row: RequestRow = { requestId: state.requestId, state: state.state };
  if (projectId !== undefined) row.projectId = projectId;
  if (file !== undefined) row.file = relativeTo(latest?.root ?? ports.rootOf(file), file);
  if (latest) {
    row.submittedAt = latest.startedAt;
    row.keyPrefix = latest.key.slice(0, 'sha256:'.length + 8);
  }
  const answer = answerWords(state);
  if (answer !== undefined) row.answer = answer;
  if (state.current) row.reportedAt = state.current.receivedAt;
  return row;
}

function newest(row: RequestRow): string {
  const a = row.reportedAt ?? '';
  const b = row.submittedAt ?? '';
  return a > b ? a : b;
}

/** The report the detail shows: the run result once one arrived, else the newest report of any phase. */
export function shownReportOf(state: RequestState): StoredReport | undefined {
  return runReportOf(state) ?? state.current ?? state.unphased[state.unphased.length - 1];
}

function reportView(report: StoredReport, ports: PanelPorts): ReportView {
  const view: ReportView = {
    problems: report.problems.map((p) => ({
      message: p.message,
      severity: p.severity,
      code: p.code,
      ...(p.line === undefined ? {} : { line: p.line }),
    })),
    receivedAt: report.receivedAt,
    file: report.file,
    ...(report.phase === undefined ? {} : { phase: report.phase }),
  };
  const read = ports.readText(report);
  if (!read.ok) {
    view.problems.unshift({ message: `The report file cannot be shown: ${read.reason}.`, severity: 'error', code: 'unreadable' });
    return view;
  }
  const text = read.text;
  try {
    view.runResult = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // Not JSON: the page says so and offers the raw report; the problems list already has the syntax error.
  }
  return view;
}

function briefView(requestFile: string, ports: PanelPorts): BriefView | undefined {
  const report = ports.check(requestFile);
  if (report.analysis?.kind !== 'request') return undefined;
  const id = stringMember(valueAt(report.analysis.value, ['brief']), 'id');
  const localPath = stringMember(valueAt(report.analysis.value, ['brief']), 'local_path');
  const root = ports.rootOf(requestFile);
  const base = { ...(id === undefined ? {} : { id }), requiredEvidence: [] as string[], protectedCapabilities: [] };
  const briefPath = report.briefPath;
  if (briefPath === undefined) {
    const escapes = report.diagnostics.find((d) => d.code === 'brief-path-escapes-root');
    return {
      ...base,
      ...(localPath === undefined ? {} : { path: localPath }),
      problem: escapes
        ? escapes.message
        : localPath === undefined
          ? 'The request names no brief.local_path.'
          : 'The brief path cannot be resolved.',
    };
  }
  const analysis = ports.analysisOf(briefPath);
  const shownPath = relativeTo(root, briefPath);
  if (!analysis) return { ...base, path: shownPath, problem: `The brief ${shownPath} is not found.` };
  const expectations = briefExpectationsOf(analysis.value);
  return {
    ...base,
    path: shownPath,
    requiredEvidence: [...expectations.requiredEvidence],
    protectedCapabilities: [...expectations.protectedCapabilities],
    ...(analysis.digest === undefined
      ? { problem: 'The brief cannot be digested now (it does not parse, or has duplicate keys or non-JSON values).' }
      : { currentDigest: analysis.digest }),
  };
}

function submittedDigest(snapshot: ModelSnapshot, state: RequestState): string | undefined {
  const submission = state.latest?.submission;
  const record = snapshot.records.find((r) => r.submission === submission);
  const bytes = record?.pending?.bytes;
  if (bytes === undefined) return undefined;
  try {
    const data = JSON.parse(Buffer.from(bytes, 'base64').toString('utf8')) as JsonValue;
    return stringMember(valueAt(data, ['brief']), 'digest');
  } catch {
    return undefined;
  }
}

function selectedView(snapshot: ModelSnapshot, state: RequestState, ports: PanelPorts): SelectedRequestView {
  const view: SelectedRequestView = { requestId: state.requestId };
  const digest = submittedDigest(snapshot, state);
  if (digest !== undefined) view.submittedDigest = digest;
  const report = shownReportOf(state);
  if (report) view.report = reportView(report, ports);
  const file = requestFileOf(state, ports);
  if (file !== undefined) {
    const brief = briefView(file, ports);
    if (brief) view.brief = brief;
  }
  const notes = [...state.notes];
  if (state.late.length > 0)
    notes.push(`${state.late.length} report(s) arrived after a later phase; they are stored but not shown as current.`);
  if (state.earlier.length > 0) notes.push(`${state.earlier.length} report(s) belong to an earlier submission of this id (another key).`);
  if (state.duplicates > 0) notes.push(`${state.duplicates} repeated report(s) with bytes already received were ignored.`);
  if (notes.length > 0) view.notes = notes;
  return view;
}

function noticesOf(snapshot: ModelSnapshot, extra: readonly string[]): string[] {
  const notices: string[] = [];
  if (snapshot.ledgerProblem !== undefined) {
    notices.push(
      `The submission ledger ${snapshot.ledgerLocation} cannot be read (${snapshot.ledgerProblem}); submitting is refused until it can be read.`,
    );
  } else {
    notices.push(`Ledger: ${snapshot.ledgerLocation}`);
  }
  const warnings = snapshot.ledgerWarnings;
  notices.push(...warnings.slice(0, MAX_LEDGER_WARNINGS));
  if (warnings.length > MAX_LEDGER_WARNINGS)
    notices.push(`… and ${warnings.length - MAX_LEDGER_WARNINGS} more skipped ledger lines (see the Alloy output).`);
  const unreadable = snapshot.skipped.filter((s) => s.kind === 'unreadable');
  for (const entry of unreadable.slice(0, MAX_SKIPPED)) notices.push(`A report file could not be read: ${entry.path} (${entry.reason}).`);
  if (unreadable.length > MAX_SKIPPED) notices.push(`… and ${unreadable.length - MAX_SKIPPED} more unreadable report files.`);
  if (snapshot.elsewhere > 0) {
    notices.push(
      `${snapshot.elsewhere} request(s) submitted from folders outside this workspace are not listed; Alloy: Show Submissions lists every submission.`,
    );
  }
  notices.push(...extra);
  return notices;
}

/** The rows, newest first. */
export function panelRows(snapshot: ModelSnapshot, ports: PanelPorts): RequestRow[] {
  return [...snapshot.states.values()]
    .map((s) => rowOf(s, ports))
    .sort((a, b) => (newest(b) < newest(a) ? -1 : newest(b) > newest(a) ? 1 : 0));
}

export function buildPanelState(inputs: PanelInputs, seq: number, ports: PanelPorts): ReportsPageState {
  const { snapshot } = inputs;
  const requests = panelRows(snapshot, ports);
  const wanted = inputs.selectedId;
  const selectedId = wanted !== undefined && snapshot.states.has(wanted) ? wanted : requests[0]?.requestId;
  const state: ReportsPageState = { seq, requests, notices: noticesOf(snapshot, inputs.notices ?? []) };
  if (selectedId !== undefined) {
    state.selectedId = selectedId;
    state.selected = selectedView(snapshot, snapshot.states.get(selectedId)!, ports);
  }
  return state;
}
