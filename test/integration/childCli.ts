// Runs the built CLI (`node dist/cli.js`) as a real child process for the crash and concurrency
// tests, and drives the CLI's test-only pause points (server/src/cli/nodeTestPause.ts): with
// ALLOY_TEST_PAUSE_AT=<point> and ALLOY_TEST_PAUSE_DIR=<folder>, the child writes
// <folder>/reached-<pid> when it gets there and, at a holding point, waits for <folder>/release.
// That is how a test kills it at an exact step, or starts many at the same moment.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI } from '../cli/cliHarness';

export interface ChildRun {
  child: ChildProcess;
  /** What it has written so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process has exited, with everything it wrote. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: readonly string[], cwd: string, env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The marker a paused child wrote ("<point> <detail>"), or undefined once the child has exited without one. */
export async function reachedPoint(run: ChildRun, pauseDir: string, limitMs = 30_000): Promise<string | undefined> {
  let exited = false;
  void run.done.then(() => (exited = true));
  const marker = path.join(pauseDir, `reached-${run.child.pid}`);
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(marker)) return fs.readFileSync(marker, 'utf8').trim();
    if (exited) return undefined;
    await delay(3);
  }
  throw new Error(`the child ${run.child.pid} neither reached its pause point nor exited within ${limitMs} ms`);
}

/** SIGKILL, then wait until the process is gone (and reaped). */
export async function kill(run: ChildRun): Promise<void> {
  run.child.kill('SIGKILL');
  await run.done;
}
