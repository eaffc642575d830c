// Runs one Node process the way the bench measures whole processes: wall time from spawn to
// exit in this process, and the child's own CPU time and peak RSS from the processUsage.cjs
// preload (answered on fd 3 at exit). Every run is bounded; a run past its limit is killed.

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./processUsage.cjs', import.meta.url));

/**
 * `node --require processUsage.cjs <args>` in `cwd`. Resolves with `{ wallMs, cpuMs, userMs,
 * systemMs, rssMB, code, stdout }`; rejects when it cannot start, runs past `timeoutMs` or
 * reports no usage.
 */
export function runMeasured(args, { cwd, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', PRELOAD, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const stdout = [];
    let stderr = '';
    let usage = '';
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.stdio[3].setEncoding('utf8');
    child.stdio[3].on('data', (chunk) => (usage += chunk));
    child.stdio[3].on('error', () => undefined);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ').slice(0, 120)} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (signal) return; // killed by the timer, already rejected
      let figures;
      try {
        figures = JSON.parse(usage.trim().split('\n').at(-1));
      } catch {
        reject(new Error(`no usage reported (exit ${code}): ${stderr.trim().slice(-400)}`));
        return;
      }
      resolve({
        wallMs,
        userMs: figures.userUs / 1000,
        systemMs: figures.systemUs / 1000,
        cpuMs: (figures.userUs + figures.systemUs) / 1000,
        rssMB: (figures.maxRssKiB * 1024) / 1e6,
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr,
      });
    });
  });
}
