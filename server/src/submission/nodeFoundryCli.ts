// Runs `foundry` for the CLI transport: the executable and its arguments go to the OS as they are
// (spawn without a shell, so nothing in the payload is ever interpreted), stdin is empty, stdout
// and stderr are captured up to a size cap, and a timeout or a cancel ends the run.

import { spawn } from 'node:child_process';
import type { Env, FoundryCli, FoundryRunAnswer, FoundryRunRequest } from './ports';
import { durationWords } from './timeWords';

export interface NodeFoundryCliOptions {
  /** The child's environment (default: this process's). */
  env?: Env;
  /** At most this much of stdout and of stderr is kept (default 64 KiB each). */
  maxOutputBytes?: number;
  /** After a timeout or cancel, SIGKILL follows SIGTERM after this long (default 2 s). */
  killGraceMs?: number;
}

class CappedText {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = false;

  constructor(private readonly cap: number) {}

  add(chunk: Buffer): void {
    if (this.kept >= this.cap) {
      this.dropped = true;
      return;
    }
    const part = chunk.subarray(0, this.cap - this.kept);
    if (part.length < chunk.length) this.dropped = true;
    this.chunks.push(part);
    this.kept += part.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped ? text + '\n[output cut at ' + this.cap + ' bytes]' : text;
  }
}

export function nodeFoundryCli(options: NodeFoundryCliOptions = {}): FoundryCli {
  const cap = options.maxOutputBytes ?? 64 * 1024;
  const killGraceMs = options.killGraceMs ?? 2000;
  return {
    run(request: FoundryRunRequest): Promise<FoundryRunAnswer> {
      return new Promise<FoundryRunAnswer>((resolve) => {
        const stdout = new CappedText(cap);
        const stderr = new CappedText(cap);
        let settled = false;
        let ending: FoundryRunAnswer | undefined;
        let killTimer: NodeJS.Timeout | undefined;
        const finish = (answer: FoundryRunAnswer) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          clearTimeout(killTimer);
          request.signal.removeEventListener('abort', onAbort);
          resolve(answer);
        };
        if (request.signal.aborted) {
          finish({ kind: 'failed', reason: 'aborted', message: 'cancelled before foundry started', stderr: '' });
          return;
        }
        const child = spawn(request.cliPath, [...request.args], {
          shell: false,
          stdio: ['ignore', 'pipe', 'pipe'],
          windowsHide: true,
          env: { ...(options.env ?? process.env) } as NodeJS.ProcessEnv,
        });
        const stop = (answer: FoundryRunAnswer) => {
          ending = answer;
          child.kill('SIGTERM');
          killTimer = setTimeout(() => child.kill('SIGKILL'), killGraceMs);
        };
        const timer = setTimeout(
          () =>
            stop({
              kind: 'failed',
              reason: 'timeout',
              message: `foundry emit did not finish within ${durationWords(request.timeoutMs)} and was stopped`,
              stderr: '',
            }),
          request.timeoutMs,
        );
        const onAbort = () => stop({ kind: 'failed', reason: 'aborted', message: 'cancelled while foundry emit ran', stderr: '' });
        request.signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
        child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
        child.on('error', (error: NodeJS.ErrnoException) => {
          const where = request.cliPath;
          if (error.code === 'ENOENT')
            finish({
              kind: 'failed',
              reason: 'not-found',
              message: `the foundry CLI was not found at "${where}" (set alloy.foundry.cliPath)`,
              stderr: '',
            });
          else if (error.code === 'EACCES')
            finish({ kind: 'failed', reason: 'not-executable', message: `"${where}" is not executable`, stderr: '' });
          else if (error.code === 'EINVAL') {
            finish({
              kind: 'failed',
              reason: 'not-executable',
              message: `"${where}" cannot run without a shell (a .cmd or .bat shim?); point alloy.foundry.cliPath at the executable itself`,
              stderr: '',
            });
          } else finish({ kind: 'failed', reason: 'spawn', message: `foundry could not be started: ${error.message}`, stderr: '' });
        });
        child.on('close', (code, signal) => {
          if (ending) finish(ending.kind === 'failed' ? { ...ending, stderr: stderr.text() } : ending);
          else if (code !== null) finish({ kind: 'exited', exitCode: code, stdout: stdout.text(), stderr: stderr.text() });
          else
            finish({
              kind: 'failed',
              reason: 'killed',
              message: `foundry emit was killed by ${signal ?? 'a signal'}`,
              stderr: stderr.text(),
            });
        });
      });
    },
  };
}
