// `alloy submissions [--format text|json]`: the shared ledger as a table (request, key prefix,
// when, state, answer), with the stored reports of each recorded repository folded in through
// requestStates, so a run Foundry reported as completed shows as completed. Skipped ledger lines
// and report files are named on stderr; an unreadable ledger is exit 2.

import { knownRequestsOf, requestStates, type StoredReport } from '../reports';
import { listSubmissions, readLedger, refusalText, type SubmissionSummary } from '../submission';
import type { ResultFormat } from './arguments';
import type { CliRuntime } from './cliRuntime';
import { countNoun } from './countNoun';
import { ledgerLocationOf } from './ledgerLocation';
import type { Output } from './output';
import { submissionRows, submissionTable } from './submissionTable';

export async function runSubmissions(format: ResultFormat, stdout: Output, stderr: Output, runtime: CliRuntime): Promise<number> {
  const note = (line: string): void => void stderr.write(`alloy: ${line}\n`);
  const location = ledgerLocationOf(runtime);
  if (!location.ok) {
    note(location.problem);
    return 2;
  }
  const ports = runtime.submissionPorts(location.path);
  const list = await listSubmissions(ports);
  const read = await readLedger(ports.ledger);
  if (!list.ok || !read.ok) {
    const refusal = !list.ok ? list.refusal : !read.ok ? read.refusal : undefined;
    note(
      refusal?.kind === 'ledger-unreadable'
        ? `the submission ledger ${refusal.location} cannot be read (${refusal.reason})`
        : refusal === undefined
          ? `the submission ledger ${location.path} cannot be read`
          : refusalText(refusal),
    );
    return 2;
  }
  list.warnings.forEach((w) => note(`warning: ${w}`));
  const entries = read.snapshot.entries.map((e) => e.entry);
  const roots = new Set([...knownRequestsOf(entries).values()].map((r) => r.root));
  const reports: StoredReport[] = [];
  for (const root of [...roots].sort()) {
    const listing = await runtime.reports.list(root);
    reports.push(...listing.reports);
    listing.skipped.forEach((s) => note(`report file skipped: ${s.path}: ${s.reason}`));
  }
  const bySubmission = new Map<string, SubmissionSummary>(list.submissions.map((s) => [s.submission, s]));
  const abandoned = (submission: string): boolean => {
    const state = bySubmission.get(submission)?.state;
    return state === 'interrupted' || state === 'outcome-unknown';
  };
  const states = requestStates(entries, reports, { isAbandoned: (s) => abandoned(s.submission) });
  const rows = submissionRows(list.submissions, states);

  if (format === 'json') {
    const document = {
      ledger: location.path,
      submissions: rows.map((row) => ({
        ...row.summary,
        keyPrefix: row.keyPrefix,
        ledgerState: row.summary.state,
        state: row.state,
        source: row.source,
        ...(row.report === undefined
          ? {}
          : {
              report: {
                phase: row.report.phase,
                runStatus: row.report.runStatus,
                file: row.report.file,
                receivedAt: row.report.receivedAt,
              },
            }),
      })),
      warnings: list.warnings,
    };
    stdout.write(JSON.stringify(document, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    note(`no submissions yet in the ledger ${location.path}`);
    return 0;
  }
  note(`ledger ${location.path}: ${countNoun(rows.length, 'submission')}`);
  stdout.write(submissionTable(rows));
  for (const row of rows) {
    if (row.summary.state !== 'outcome-unknown' || row.summary.resentBy !== undefined) continue;
    note(
      `${row.summary.requestId}: outcome unknown — check Foundry; if it has no run of it, ` +
        `\`alloy resend ${row.keyPrefix}\` sends the recorded bytes again with the same key`,
    );
  }
  return 0;
}
