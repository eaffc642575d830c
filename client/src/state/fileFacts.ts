// What the editor shows about one Alloy file, from the core's check of it (the same check as the
// language server and `alloy check`): its kind, error and warning counts (a request's brief errors
// too, since they block submitting), and for a request its target facts and whether its brief
// digest and idempotency key are right. Pure.

import type { AlloyDiagnostic, FileAnalysis, FileReport } from '../../../server/src/core';

export type Check = { state: 'ok' } | { state: 'wrong'; why: string } | { state: 'unknown'; why: string };

export interface RequestFacts {
  kind: 'request';
  file: string;
  requestId?: string;
  projectId?: string;
  throttle?: string;
  branch?: string;
  briefId?: string;
  key?: string;
  callbackUrl?: string;
  errors: number;
  warnings: number;
  /** Errors in the brief it names (the engine refuses on them as well). */
  briefErrors: number;
  briefPath?: string;
  digest: Check;
  keyCheck: Check;
}

export interface BriefFacts {
  kind: 'brief';
  file: string;
  briefId?: string;
  digest?: string;
  errors: number;
  warnings: number;
}

export type FileFacts = RequestFacts | BriefFacts | { kind: 'other'; file: string };

function member(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(diagnostics: readonly AlloyDiagnostic[], severity: string): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

function has(diagnostics: readonly AlloyDiagnostic[], code: string): AlloyDiagnostic | undefined {
  return diagnostics.find((d) => d.code === code);
}

function digestCheck(report: FileReport, requestDigest: string | undefined, brief: FileAnalysis | undefined): Check {
  const d = report.diagnostics;
  if (has(d, 'digest-mismatch'))
    return { state: 'wrong', why: `brief.digest differs from the brief's digest ${brief?.digest ?? ''}`.trim() };
  const escapes = has(d, 'brief-path-escapes-root');
  if (escapes) return { state: 'unknown', why: 'the brief path leads outside the repository' };
  if (has(d, 'brief-not-found')) return { state: 'unknown', why: 'the brief file is not found' };
  if (requestDigest === undefined) return { state: 'unknown', why: 'brief.digest is missing' };
  if (!brief) return { state: 'unknown', why: 'the brief could not be read' };
  if (brief.digest === undefined) return { state: 'unknown', why: 'the brief cannot be digested (see its problems)' };
  return brief.digest === requestDigest ? { state: 'ok' } : { state: 'wrong', why: `the brief's digest is ${brief.digest}` };
}

function keyCheck(report: FileReport, key: string | undefined): Check {
  const analysis = report.analysis;
  if (key === undefined) return { state: 'unknown', why: 'idempotency_key is missing' };
  if (has(report.diagnostics, 'idempotency-key-mismatch')) {
    return { state: 'wrong', why: `its inputs give ${analysis?.derivedKey ?? 'another key'}` };
  }
  if (analysis?.derivedKey === undefined) return { state: 'unknown', why: 'an input of the key is missing or invalid' };
  return analysis.derivedKey === key ? { state: 'ok' } : { state: 'wrong', why: `its inputs give ${analysis.derivedKey}` };
}

/** Facts about a checked file; `brief` is the analysis and the check of the brief a request names. */
export function fileFactsOf(
  report: FileReport,
  brief?: { analysis: FileAnalysis | undefined; diagnostics: readonly AlloyDiagnostic[] },
): FileFacts {
  const analysis = report.analysis;
  const file = report.path;
  if (analysis?.kind === 'brief') {
    return {
      kind: 'brief',
      file,
      ...(text(member(analysis.value, 'id')) === undefined ? {} : { briefId: text(member(analysis.value, 'id')) }),
      ...(analysis.digest === undefined ? {} : { digest: analysis.digest }),
      errors: count(report.diagnostics, 'error'),
      warnings: count(report.diagnostics, 'warning'),
    };
  }
  if (analysis?.kind !== 'request') return { kind: 'other', file };
  const value = analysis.value;
  const fields = {
    requestId: text(member(value, 'request_id')),
    projectId: text(member(value, 'project_id')),
    throttle: text(member(value, 'foundry', 'throttle')),
    branch: text(member(value, 'repo', 'branch')),
    briefId: text(member(value, 'brief', 'id')),
    key: text(member(value, 'idempotency_key')),
    callbackUrl: text(member(value, 'reporting', 'callback_url')),
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<typeof fields>;
  return {
    kind: 'request',
    file,
    ...defined,
    errors: count(report.diagnostics, 'error'),
    warnings: count(report.diagnostics, 'warning'),
    briefErrors: brief ? count(brief.diagnostics, 'error') : 0,
    ...(report.briefPath === undefined ? {} : { briefPath: report.briefPath }),
    digest: digestCheck(report, text(member(value, 'brief', 'digest')), brief?.analysis),
    keyCheck: keyCheck(report, fields.key),
  };
}

/** Whether the file (or, for a request, its brief) has an error: submitting would be refused. */
export function hasBlockingErrors(facts: FileFacts): boolean {
  if (facts.kind === 'other') return false;
  return facts.errors > 0 || (facts.kind === 'request' && facts.briefErrors > 0);
}

/** The facts of a file as the workspace index has it (open-editor text first), its brief included. */
export function factsOfFile(
  index: { check(file: string): FileReport; analysisOf(file: string): FileAnalysis | undefined },
  file: string,
): FileFacts {
  const report = index.check(file);
  if (report.analysis?.kind !== 'request' || report.briefPath === undefined) return fileFactsOf(report);
  const briefReport = index.check(report.briefPath);
  return fileFactsOf(report, { analysis: briefReport.analysis, diagnostics: briefReport.diagnostics });
}
