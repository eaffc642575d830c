// Fake ports for the engine tests: a clock that only moves when told (or when the fake sleep
// waits), a seeded random, an in-memory ledger with a lock and failure switches, a scripted HTTP
// transport that can look at the ledger when called, a scripted foundry CLI and fake owners.

import { nodeFileSystem } from '../../server/src/core';
import {
  nodeReadBytes,
  type FoundryRunAnswer,
  type FoundryRunRequest,
  type HttpAnswer,
  type HttpSendRequest,
  type LedgerEntry,
  type LedgerStore,
  type SubmissionOwner,
  type SubmissionOwners,
  type SubmissionPorts,
} from '../../server/src/submission';

export const START = Date.parse('2026-12-01T14:02:00.000Z');

export class FakeClock {
  constructor(public time = START) {}
  now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Mulberry32: the same numbers for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class MemoryLedger implements LedgerStore {
  readonly location = '/fake/state/alloy/ledger.jsonl';
  text = '';
  failRead: string | undefined;
  failAppendAfter: number | undefined;
  appended = 0;
  lockHeld = false;
  lockCalls = 0;

  async read(): Promise<Uint8Array | undefined> {
    if (this.failRead !== undefined) throw new Error(this.failRead);
    return this.text === '' ? undefined : new TextEncoder().encode(this.text);
  }

  async append(line: string): Promise<void> {
    if (this.failAppendAfter !== undefined && this.appended >= this.failAppendAfter) throw new Error('disk full (ENOSPC)');
    this.appended++;
    const prefix = this.text !== '' && !this.text.endsWith('\n') ? '\n' : '';
    this.text += prefix + line + '\n';
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    this.lockCalls++;
    if (this.lockHeld) throw new Error('the fake lock is not re-entrant');
    this.lockHeld = true;
    try {
      return await fn();
    } finally {
      this.lockHeld = false;
    }
  }

  entries(): LedgerEntry[] {
    return this.text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as LedgerEntry);
  }
}

export type Script = HttpAnswer | ((request: HttpSendRequest, call: number) => HttpAnswer | Promise<HttpAnswer>);

export function response(status: number, headers: Record<string, string> = {}, body = ''): HttpAnswer {
  return { kind: 'response', status, headers, body };
}

export function failureAnswer(
  reason: 'timeout' | 'reset' | 'refused' | 'tls',
  message: string,
  retryable = true,
  notSent = false,
): HttpAnswer {
  return { kind: 'failure', reason, message, retryable, notSent };
}

export class ScriptedTransport {
  readonly calls: HttpSendRequest[] = [];
  /** Called before each answer, e.g. to check the ledger already has `pending`. */
  onCall: ((request: HttpSendRequest) => void) | undefined;

  constructor(private readonly script: Script[]) {}

  async send(request: HttpSendRequest): Promise<HttpAnswer> {
    this.calls.push(request);
    this.onCall?.(request);
    const step = this.script[Math.min(this.calls.length - 1, this.script.length - 1)];
    if (step === undefined) throw new Error('the script is empty');
    return typeof step === 'function' ? step(request, this.calls.length) : step;
  }
}

export class ScriptedFoundry {
  readonly calls: FoundryRunRequest[] = [];
  constructor(private readonly answer: FoundryRunAnswer) {}
  async run(request: FoundryRunRequest): Promise<FoundryRunAnswer> {
    this.calls.push(request);
    return this.answer;
  }
}

/** Owners: this "process" is pid 4242; other pids are alive only when listed. */
export class FakeOwners implements SubmissionOwners {
  readonly alive = new Set<number>();
  readonly active = new Set<string>();
  constructor(readonly pid = 4242) {}
  self() {
    return { pid: this.pid, start: 'boot:1' };
  }
  begin(submission: string) {
    this.active.add(submission);
  }
  end(submission: string) {
    this.active.delete(submission);
  }
  isSending(owner: SubmissionOwner, submission: string) {
    if (owner.pid === this.pid && owner.start === 'boot:1') return this.active.has(submission);
    return this.alive.has(owner.pid);
  }
}

export interface Fakes {
  ports: SubmissionPorts;
  clock: FakeClock;
  ledger: MemoryLedger;
  transport: ScriptedTransport;
  foundry: ScriptedFoundry;
  owners: FakeOwners;
  sleeps: number[];
}

export function fakePorts(script: Script[] = [response(202)], options: { seed?: number; foundry?: FoundryRunAnswer } = {}): Fakes {
  const clock = new FakeClock();
  const ledger = new MemoryLedger();
  const transport = new ScriptedTransport(script);
  const foundry = new ScriptedFoundry(options.foundry ?? { kind: 'exited', exitCode: 0, stdout: 'emitted\n', stderr: '' });
  const owners = new FakeOwners();
  const sleeps: number[] = [];
  const ports: SubmissionPorts = {
    readBytes: nodeReadBytes,
    files: nodeFileSystem,
    ledger,
    http: transport,
    foundry,
    clock,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        sleeps.push(ms);
        if (signal?.aborted) return reject(new Error('aborted'));
        clock.advance(ms);
        resolve();
      }),
    random: seededRandom(options.seed ?? 7),
    owners,
  };
  return { ports, clock, ledger, transport, foundry, owners, sleeps };
}
