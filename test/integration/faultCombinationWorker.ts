// Runs one slice of the fault-combination schedule (in a child process, so that the cores share the
// load): its own copy of the example, one real intake per lane reused with setFaults(), a fresh
// ledger file per combination, the engine on fake time. Reports outcomes, broken invariants and leaks.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startIntake, type AttemptEntry, type Intake } from '../../server/src/devIntake';
import { progressText, submitRequest, submitResultText, type SubmitResult } from '../../server/src/submission';
import { CallbackCounter, enginePorts, intakeSleep, sharedTime, type SharedTime } from './engineVsIntakePorts';
import { OutputWitness, type Leak } from './engineVsIntakeWitness';
import { copyExampleWorkspace, type IntegrationWorkspace } from './engineVsIntakeWorkspace';
import {
  combinationAt,
  intakeFlags,
  judgeCombination,
  retryOf,
  type Combination,
  type CombinationRun,
  type SubmitSummary,
} from './faultCombinations';

export interface SliceInput {
  kind: 'fault-combination-slice';
  seed: number;
  /** The combination indices this slice runs. */
  indices: number[];
  lanes: number;
  token: string;
  /** A token the intake does not know, given to the engine by some combinations. */
  wrongToken: string;
}

export interface SliceReport {
  combinations: number;
  /** "given-up → accepted", "accepted", …: the first outcome, then the second submit's when there was one. */
  outcomes: Record<string, number>;
  /** Attempts that met each fault, engine attempts in all, and runs at the intake. */
  faultsMet: Record<string, number>;
  engineAttempts: number;
  runs: number;
  /** The first broken invariants, in words, and how many there were in all. */
  violations: string[];
  violationCount: number;
  scanned: { texts: number; characters: number; labels: string[] };
  leaks: Leak[];
  ms: number;
}

interface Lane {
  /** The lane's request file, rewritten for each combination (the lane runs one at a time). */
  requestName: string;
  intake: Intake;
  time: SharedTime;
  callbacks: CallbackCounter;
}

function summary(result: SubmitResult): SubmitSummary {
  if (result.kind !== 'sent') return { kind: result.kind };
  return {
    kind: 'sent',
    outcome: result.outcome,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(result.replayed ? { replayed: true } : {}),
    ...(result.authNeeded ? { authNeeded: true } : {}),
    attempts: result.attempts,
    submission: result.submission,
    ...(result.resendOf === undefined ? {} : { resendOf: result.resendOf }),
  };
}

async function runCombination(
  lane: Lane,
  c: Combination,
  workspace: IntegrationWorkspace,
  ledgers: string,
  input: SliceInput,
  witness: OutputWitness,
): Promise<CombinationRun> {
  const variant = workspace.variant(c.index, { tag: 'FC', name: lane.requestName });
  const ledgerPath = path.join(ledgers, `${c.index}.jsonl`);
  const ports = enginePorts(ledgerPath, lane.time, input.seed + c.index);
  const onProgress = (progress: Parameters<typeof progressText>[0]) => {
    witness.record('progress', progressText(progress));
    witness.record('progress', progress);
  };
  const token = c.token === 'right' ? input.token : c.token === 'wrong' ? input.wrongToken : undefined;

  lane.time.sleeps = [];
  const startedAt = lane.time.clock.now();
  lane.intake.setFaults(intakeFlags(c.faults[0], c.retryAfterSeconds));
  // The n-th wait comes after attempt n: attempt n + 1 meets faults[n].
  lane.time.onSleep = (_ms, index) => lane.intake.setFaults(intakeFlags(c.faults[index + 1], c.retryAfterSeconds));
  const first = await submitRequest(
    variant.file,
    { endpoint: lane.intake.endpoint, ...(token === undefined ? {} : { token }), retry: retryOf(c), onProgress },
    ports,
  );
  const firstSleeps = lane.time.sleeps;
  lane.time.onSleep = undefined;
  lane.intake.setFaults([]);
  witness.record('result', first);
  witness.record('result text', submitResultText(first));

  let again: SubmitResult | undefined;
  if (first.kind === 'sent' && (first.outcome === 'given-up' || first.outcome === 'rejected')) {
    lane.time.sleeps = [];
    again = await submitRequest(variant.file, { endpoint: lane.intake.endpoint, token: input.token, onProgress }, ports);
    witness.record('result', again);
    witness.record('result text', submitResultText(again));
  }
  const ledgerText = fs.readFileSync(ledgerPath, 'utf8');
  witness.record('ledger', ledgerText);
  return {
    combination: c,
    key: variant.key,
    requestId: variant.requestId,
    sha256Hex: variant.sha256Hex,
    bytes: variant.bytes,
    startedAt,
    first: summary(first),
    firstSleeps,
    ...(again === undefined ? {} : { again: summary(again) }),
    ledgerText,
  };
}

function outcomeLabel(run: CombinationRun): string {
  const first = run.first.outcome ?? run.first.kind;
  return run.again === undefined ? first : `${first} → ${run.again.outcome ?? run.again.kind}`;
}

export async function runSlice(input: SliceInput): Promise<SliceReport> {
  const started = performance.now();
  const workspace = copyExampleWorkspace('alloy-fault-combinations-');
  const ledgers = workspace.folder('ledgers');
  const witness = new OutputWitness();
  const logs: string[] = [];
  const lanes: Lane[] = [];
  try {
    for (let i = 0; i < input.lanes; i++) {
      const time = sharedTime();
      const callbacks = new CallbackCounter();
      const intake = await startIntake({
        root: workspace.root,
        port: 0,
        stateDir: workspace.folder(`intake-${i}`),
        token: input.token,
        clock: time.clock,
        sleep: intakeSleep,
        log: (line) => logs.push(line),
        callbackTransport: callbacks,
      });
      lanes.push({ requestName: `lane-${i}.json`, intake, time, callbacks });
    }
    const runs: { run: CombinationRun; lane: Lane }[] = [];
    let next = 0;
    await Promise.all(
      lanes.map(async (lane) => {
        while (next < input.indices.length) {
          const c = combinationAt(input.seed, input.indices[next++]);
          runs.push({ run: await runCombination(lane, c, workspace, ledgers, input, witness), lane });
        }
      }),
    );
    // Slow attempts may still be held by an intake: close() waits for them, then every attempt is on record.
    await Promise.all(lanes.map((lane) => lane.intake.idle()));
    await Promise.all(lanes.map((lane) => lane.intake.close()));
    for (const line of logs) witness.record('intake log', line);

    const attemptsByLane = new Map<Lane, Map<string, AttemptEntry[]>>();
    for (const lane of lanes) {
      const byKey = new Map<string, AttemptEntry[]>();
      for (const attempt of lane.intake.attempts()) {
        const key = attempt.key ?? '(none)';
        byKey.set(key, [...(byKey.get(key) ?? []), attempt]);
      }
      attemptsByLane.set(lane, byKey);
    }
    const report: SliceReport = {
      combinations: runs.length,
      outcomes: {},
      faultsMet: {},
      engineAttempts: 0,
      runs: 0,
      violations: [],
      violationCount: 0,
      scanned: { texts: 0, characters: 0, labels: [] },
      leaks: [],
      ms: 0,
    };
    for (const { run, lane } of runs) {
      const attempts = attemptsByLane.get(lane)?.get(run.key) ?? [];
      const runsAtIntake = lane.intake.runsFor(run.key);
      const problems = judgeCombination(run, { attempts, runs: runsAtIntake, callbackRuns: lane.callbacks.runsOf(run.requestId) });
      const label = outcomeLabel(run);
      report.outcomes[label] = (report.outcomes[label] ?? 0) + 1;
      const made = run.first.attempts ?? 0;
      report.engineAttempts += made + (run.again?.attempts ?? 0);
      report.runs += runsAtIntake;
      for (const fault of run.combination.faults.slice(0, made)) report.faultsMet[fault] = (report.faultsMet[fault] ?? 0) + 1;
      report.violationCount += problems.length;
      for (const problem of problems) {
        if (report.violations.length < 20) report.violations.push(`combination ${JSON.stringify(run.combination)}: ${problem}`);
      }
    }
    const foreign = [...attemptsByLane.values()].flatMap((byKey) => [...byKey.keys()]).filter((k) => !runs.some((r) => r.run.key === k));
    for (const key of foreign) report.violations.push(`the intake saw attempts with a key no combination sent: ${key}`);
    report.violationCount += foreign.length;
    report.leaks = [...witness.leaks(input.token), ...witness.leaks(input.wrongToken)];
    report.scanned = { texts: witness.count, characters: witness.characters, labels: [...witness.labels()].sort() };
    report.ms = Math.round(performance.now() - started);
    return report;
  } finally {
    await Promise.all(lanes.map((lane) => lane.intake.close()));
    workspace.remove();
  }
}

function isSliceInput(data: unknown): data is SliceInput {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'fault-combination-slice';
}

/** Set by the parent in the child's environment: this process runs one slice, sent over IPC. */
export const SLICE_CHILD_ENV = 'ALLOY_FAULT_SLICE_CHILD';

if (process.env[SLICE_CHILD_ENV] === '1' && process.send !== undefined) {
  process.once('message', (message: unknown) => {
    const reply = (value: unknown) => process.send!(value, () => process.disconnect());
    if (!isSliceInput(message)) {
      reply({ ok: false, error: `not a slice: ${JSON.stringify(message).slice(0, 200)}` });
      return;
    }
    runSlice(message).then(
      (report) => reply({ ok: true, report }),
      (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
