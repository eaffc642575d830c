// Times `node dist/cli.js check <dir> --format json` end to end (process start to exit) on a
// generated workspace of one brief and `fileCount - 1` requests.

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBenchWorkspace, removeWorkspace } from './benchWorkspace.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function timeCheck(root, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'check', root, '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    let stderr = '';
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`alloy check did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const elapsed = performance.now() - started;
      let diagnostics;
      try {
        diagnostics = JSON.parse(Buffer.concat(stdout).toString('utf8')).length;
      } catch {
        reject(new Error(`alloy check exited ${code} without JSON output: ${stderr}`));
        return;
      }
      resolve({ elapsed, code, diagnostics });
    });
  });
}

/** Runs the check `runs` times; returns the elapsed times and what the last run reported. */
export async function benchCli({ fileCount, runs, timeoutMs, log }) {
  const ws = createBenchWorkspace(fileCount - 1, 'cli');
  try {
    const times = [];
    let last;
    for (let i = 0; i < runs; i++) {
      last = await timeCheck(ws.root, timeoutMs);
      times.push(last.elapsed);
      log(`  cli run ${i + 1}/${runs}: ${Math.round(last.elapsed)} ms (exit ${last.code}, ${last.diagnostics} diagnostics)`);
    }
    return { times, exitCode: last?.code, diagnostics: last?.diagnostics };
  } finally {
    removeWorkspace(ws.root);
  }
}
