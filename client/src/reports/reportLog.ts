// One line in the "Alloy" output for each report that became a request's current one, so that a
// report's gist is there even when the panel is never opened: phase, run status, gates, errors,
// evidence that came back missing or failing, where the file is, and whether it is flagged. Pure.

import type { RequestState, StoredReport } from '../../../server/src/reports';
import { arrayMember, stringMember } from './jsonMembers';

function count(list: unknown[], key: string, value: string): number {
  return list.filter((item) => stringMember(item, key) === value).length;
}

export function reportLine(state: RequestState, report: StoredReport, run: unknown): string {
  const parts = [`Report ${report.phase ?? 'of unknown phase'} for ${state.requestId}`];
  const status = stringMember(run, 'status');
  if (status !== undefined) parts.push(`run ${status}`);
  const gates = arrayMember(run, 'gates');
  if (gates.length > 0) {
    const failed = count(gates, 'status', 'failed');
    parts.push(`gates: ${count(gates, 'status', 'passed')} passed, ${failed} failed, ${count(gates, 'status', 'skipped')} skipped`);
  }
  const errors = arrayMember(run, 'errors').length;
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  const observations = arrayMember(run, 'evidence_observations');
  const missing = count(observations, 'status', 'missing');
  const failing = count(observations, 'status', 'failing');
  if (missing + failing > 0) parts.push(`evidence: ${missing} missing, ${failing} failing`);
  const flagged = report.flagged
    ? ` — flagged: ${report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => p.message)
        .slice(0, 2)
        .join(' ')}`
    : '';
  return `${parts.join(' · ')} (stored at ${report.file})${flagged}`;
}

/** Lines for the requests whose current report is new since `before`. */
export function newReportLines(
  before: ReadonlyMap<string, RequestState>,
  after: ReadonlyMap<string, RequestState>,
  runOf: (report: StoredReport) => unknown,
): string[] {
  const lines: string[] = [];
  for (const [id, state] of after) {
    const current = state.current;
    if (!current) continue;
    const old = before.get(id)?.current;
    if (old && old.file === current.file && old.sha256 === current.sha256) continue;
    lines.push(reportLine(state, current, current.phase === 'completed' || current.phase === 'failed' ? runOf(current) : undefined));
  }
  return lines;
}
