// Splits the fault-combination schedule over child processes (one per core: the engine's and the
// intake's checks are CPU work), runs them, and merges their reports. A child that dies, or outlives
// the time limit, is a failure with its stderr attached, never a silent gap in the count.

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './engineVsIntakeWorkspace';
import { SLICE_CHILD_ENV, type SliceInput, type SliceReport } from './faultCombinationWorker';

export interface SlicePlan {
  total: number;
  seed: number;
  children: number;
  lanesPerChild: number;
  token: string;
  wrongToken: string;
  timeoutMs: number;
}

const WORKER = path.join(__dirname, 'faultCombinationWorker.ts');

function runChild(input: SliceInput, timeoutMs: number): Promise<SliceReport> {
  return new Promise<SliceReport>((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, [SLICE_CHILD_ENV]: '1' };
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let answer: { ok: true; report: SliceReport } | { ok: false; error: string } | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`a fault-combination child ran past ${timeoutMs} ms and was killed; stderr:\n${stderr}`));
    }, timeoutMs);
    child.on('message', (message) => {
      answer = message as typeof answer;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.ok) resolve(answer.report);
      else if (answer) reject(new Error(`a fault-combination child failed: ${answer.error}`));
      else reject(new Error(`a fault-combination child exited (${signal ?? code}) without a report; stderr:\n${stderr}`));
    });
    child.send(input);
  });
}

function add(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Runs every combination 0 … total - 1, index i in child i mod children (so slow ones spread evenly). */
export async function runSlices(plan: SlicePlan): Promise<SliceReport & { children: number }> {
  const slices: number[][] = Array.from({ length: plan.children }, () => []);
  for (let i = 0; i < plan.total; i++) slices[i % plan.children].push(i);
  const reports = await Promise.all(
    slices
      .filter((indices) => indices.length > 0)
      .map((indices) =>
        runChild(
          {
            kind: 'fault-combination-slice',
            seed: plan.seed,
            indices,
            lanes: plan.lanesPerChild,
            token: plan.token,
            wrongToken: plan.wrongToken,
          },
          plan.timeoutMs,
        ),
      ),
  );
  const merged: SliceReport & { children: number } = {
    children: reports.length,
    combinations: 0,
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
  for (const r of reports) {
    merged.combinations += r.combinations;
    add(merged.outcomes, r.outcomes);
    add(merged.faultsMet, r.faultsMet);
    merged.engineAttempts += r.engineAttempts;
    merged.runs += r.runs;
    merged.violations.push(...r.violations);
    merged.violationCount += r.violationCount;
    merged.scanned.texts += r.scanned.texts;
    merged.scanned.characters += r.scanned.characters;
    merged.scanned.labels = [...new Set([...merged.scanned.labels, ...r.scanned.labels])].sort();
    merged.leaks.push(...r.leaks);
    merged.ms = Math.max(merged.ms, r.ms);
  }
  return merged;
}
