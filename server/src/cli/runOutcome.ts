// The `--wait` half of `alloy submit`, once every request has its result: which ones to wait for
// (accepted now), which only to look up (submitted before: Foundry reports a run once), the phases
// as they arrive, and each run's summary from its completed or failed report. A completed run is
// exit 0; a failed run, or none in time, exit 1.

import { durationWords, type SubmitResult } from '../submission';
import type { ReportPhase, RequestState, StoredReport } from '../reports';
import { briefEvidenceOf, evidenceToCount } from './briefEvidence';
import type { CliRuntime } from './cliRuntime';
import { displayPath } from './displayPath';
import type { Output } from './output';
import type { ReportWatch } from './reportWatch';
import { resultLabelOf } from './resultExitCode';
import { runSummaryLines, runSummaryOf } from './runSummary';
import type { WaitTarget } from './waitTargets';

export interface RunOutcome {
  exitCode: 0 | 1;
  json: object;
}

interface OutcomeContext {
  runtime: CliRuntime;
  cwd: string;
  json: boolean;
  stdout: Output;
  note(line: string): void;
}

function say(context: OutcomeContext, line: string): void {
  if (context.json) context.note(line);
  else context.stdout.write(line + '\n');
}

/** Prints the run's summary from its terminal report and says how it ended. */
function finished(target: WaitTarget, state: RequestState, context: OutcomeContext, source: 'received' | 'stored'): RunOutcome {
  const report = state.current as StoredReport;
  const phase = state.state as ReportPhase;
  const read = context.runtime.host.readFile(report.file);
  let value: unknown;
  try {
    value = read.ok ? JSON.parse(read.text) : undefined;
  } catch {
    value = undefined;
  }
  const counted = evidenceToCount(briefEvidenceOf(context.runtime.host, context.cwd, target.file), value);
  const summary = runSummaryOf(value, counted.required);
  const lines = runSummaryLines(summary, phase);
  if (counted.note) lines.push(`  note: ${counted.note}`);
  const file = displayPath(report.file, context.cwd);
  lines.push(`  report: ${file}`);
  if (report.flagged) {
    const first = report.problems.find((p) => p.severity === 'error');
    lines.push(`  the report does not pass the checks (${report.problems.length} problem(s)): ${first?.message ?? 'see the file'}`);
  }
  state.notes.forEach((n) => lines.push(`  note: ${n}`));
  lines.forEach((line) => say(context, line));
  return {
    exitCode: phase === 'completed' ? 0 : 1,
    json: { state: phase, source, report: file, flagged: report.flagged, ...summary, ...(counted.note ? { briefNote: counted.note } : {}) },
  };
}

export async function runOutcomeOf(
  rows: readonly { result: SubmitResult; target?: WaitTarget }[],
  watch: ReportWatch,
  deadline: number,
  waitTimeoutMs: number,
  context: OutcomeContext,
): Promise<(RunOutcome | undefined)[]> {
  const outcomes: (RunOutcome | undefined)[] = rows.map(() => undefined);
  const waiting: number[] = [];
  for (const [i, row] of rows.entries()) {
    const target = row.target;
    if (!target) continue;
    const label = resultLabelOf(row.result);
    if (label === 'accepted') waiting.push(i);
    else if (label === 'already-sending') {
      say(context, `${target.requestId}: not waiting: another submitter is sending it, and its reports go to whoever listens then`);
      outcomes[i] = { exitCode: 0, json: { state: 'not-waited', reason: 'already-sending' } };
    } else if (label === 'already-submitted') {
      const state = await watch.storedState(target.requestId);
      if (state && state.source === 'report' && (state.state === 'completed' || state.state === 'failed')) {
        say(context, `${target.requestId}: not waiting: it was submitted before; its stored reports say ${state.state}`);
        outcomes[i] = finished(target, state, context, 'stored');
      } else {
        const shown = state?.source === 'report' ? `the latest stored report says ${state.state}` : 'no report of it is stored here';
        say(context, `${target.requestId}: not waiting: it was submitted before, and Foundry reports a run once; ${shown}`);
        outcomes[i] = { exitCode: 0, json: { state: 'not-waited', reason: 'already-submitted', stored: state?.state } };
      }
    }
  }
  if (waiting.length === 0) return outcomes;
  const ids = waiting.map((i) => rows[i].target!.requestId);
  const reached = await watch.waitFor(ids, deadline, (id, phase) => say(context, `${id}: ${phase}`));
  for (const i of waiting) {
    const target = rows[i].target!;
    const state = reached.get(target.requestId);
    if (state) {
      outcomes[i] = finished(target, state, context, 'received');
      continue;
    }
    const why = context.runtime.signal?.aborted
      ? 'stopped waiting (interrupted)'
      : `no completed or failed report within ${durationWords(waitTimeoutMs)}; the run may still be going (\`alloy submissions\` shows its state later)`;
    say(context, `${target.requestId}: ${why}`);
    outcomes[i] = { exitCode: 1, json: { state: context.runtime.signal?.aborted ? 'interrupted' : 'timed-out' } };
  }
  return outcomes;
}
