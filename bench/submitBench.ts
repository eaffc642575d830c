// Submit-to-accepted latency of the real engine (real ports: ledger file with fsync and lock,
// node:http, wall clock) against the local Foundry intake on 127.0.0.1: p50/p95/p99 over a few
// hundred distinct keys, with a fresh ledger and with one already holding 1,000 earlier
// submissions. Prints figures with the host, Node and commit; never passes or fails.
// Run: node --import tsx bench/submitBench.ts [--keys N] [--earlier N] [--warmup N]
// (--keys N: per ledger, N submits with new ports each, as the CLI, and N with one set, as the editor)

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startIntake, type Intake } from '../server/src/devIntake';
import {
  createNodeSubmissionPorts,
  submitRequest,
  submitResultText,
  type SubmissionPorts,
  type SubmitProgress,
} from '../server/src/submission';
import { copyExampleWorkspace, REPO_ROOT, type IntegrationWorkspace } from '../test/integration/engineVsIntakeWorkspace';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} takes a whole number ≥ 0`);
  return value;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** One submit's times: the whole call, and its parts as the progress events split it. */
interface Sample {
  total: number;
  /** Reading and checking the file, the ledger, the lock and the `pending` line: up to "recorded". */
  beforeSend: number;
  /** The HTTP attempt: from "attempt" to "answer" (the intake's check and its fsynced record included). */
  wire: number;
  /** Recording the attempt and the outcome. */
  afterAnswer: number;
}

let nextVariant = 0;

/** The CLI builds its ports once per `alloy submit` (a new process); the editor keeps one set for the session. */
type PortsFor = () => SubmissionPorts;

function cliPorts(ledgerPath: string): PortsFor {
  return () => createNodeSubmissionPorts({ ledgerPath, env: {} });
}

function editorPorts(ledgerPath: string): PortsFor {
  const ports = createNodeSubmissionPorts({ ledgerPath, env: {} });
  return () => ports;
}

async function submitOne(workspace: IntegrationWorkspace, intake: Intake, portsFor: PortsFor, tag: string): Promise<Sample> {
  const variant = workspace.variant(nextVariant++, { tag, name: `bench-${tag}.json` });
  const marks: Partial<Record<SubmitProgress['kind'], number>> = {};
  const ports = portsFor();
  const t0 = performance.now();
  const result = await submitRequest(
    variant.file,
    { endpoint: intake.endpoint, onProgress: (p) => void (marks[p.kind] ??= performance.now()) },
    ports,
  );
  const t1 = performance.now();
  if (result.kind !== 'sent' || result.outcome !== 'accepted' || result.attempts !== 1) {
    throw new Error(`expected "accepted (202)" for ${variant.requestId}, got: ${submitResultText(result)}`);
  }
  const recorded = marks.recorded ?? t0;
  const attempt = marks.attempt ?? recorded;
  const answer = marks.answer ?? t1;
  return { total: t1 - t0, beforeSend: recorded - t0, wire: answer - attempt, afterAnswer: t1 - answer };
}

function lineCount(file: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').length - 1;
}

function mebibytes(file: string): string {
  return `${(fs.statSync(file).size / 2 ** 20).toFixed(2)} MiB`;
}

function summarize(label: string, samples: Sample[]): Record<string, string> {
  const at = (pick: (s: Sample) => number, p: number) => ms(percentile(samples.map(pick), p));
  const total = (s: Sample) => s.total;
  return {
    ledger: label,
    keys: String(samples.length),
    p50: at(total, 50),
    p95: at(total, 95),
    p99: at(total, 99),
    max: ms(Math.max(...samples.map(total))),
    'before send p50': at((s) => s.beforeSend, 50),
    'wire p50': at((s) => s.wire, 50),
    'wire p95': at((s) => s.wire, 95),
    'after answer p50': at((s) => s.afterAnswer, 50),
  };
}

async function main(): Promise<void> {
  const keys = option('keys', 300);
  const earlier = option('earlier', 1000);
  const warmup = option('warmup', 20);
  const workspace = copyExampleWorkspace('alloy-submit-bench-');
  const intake = await startIntake({
    root: workspace.root,
    port: 0,
    stateDir: workspace.folder('intake-state'),
    log: () => undefined,
    // The run's callbacks go nowhere (no receiver is part of this figure) but are still produced.
    callbackTransport: { post: async () => 202 },
  });
  try {
    const ledgers = workspace.folder('ledgers');
    const warm = path.join(ledgers, 'warmup.jsonl');
    for (let i = 0; i < warmup; i++) await submitOne(workspace, intake, cliPorts(warm), 'WARM');

    // CLI-like and editor-like submits alternate, so both see the same ledger sizes.
    const measure = async (ledgerPath: string, tag: string) => {
      const editor = editorPorts(ledgerPath);
      const cli: Sample[] = [];
      const kept: Sample[] = [];
      for (let i = 0; i < keys; i++) {
        cli.push(await submitOne(workspace, intake, cliPorts(ledgerPath), `${tag}_CLI`));
        kept.push(await submitOne(workspace, intake, editor, `${tag}_EDITOR`));
      }
      return { cli, kept };
    };
    process.stderr.write(`fresh ledger: ${keys} + ${keys} keys\n`);
    const fresh = path.join(ledgers, 'fresh.jsonl');
    const freshSamples = await measure(fresh, 'FRESH');
    const freshLines = lineCount(fresh);

    process.stderr.write(`ledger of ${earlier} earlier submissions: filling it through the engine\n`);
    const full = path.join(ledgers, 'earlier.jsonl');
    const filler = editorPorts(full);
    for (let i = 0; i < earlier; i++) await submitOne(workspace, intake, filler, 'EARLIER');
    const fullBefore = `${lineCount(full)} lines, ${mebibytes(full)}`;
    process.stderr.write(`ledger of ${earlier} earlier submissions: ${keys} + ${keys} keys\n`);
    const fullSamples = await measure(full, 'AFTER');
    await intake.idle();

    const commit = git(['rev-parse', 'HEAD']) || 'unknown';
    const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    const cpus = os.cpus();
    console.log(
      `host: ${os.hostname()}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ` +
        `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    );
    const load = os.loadavg().map((l) => l.toFixed(2));
    console.log(`load average at the end: ${load.join(' ')} (other work on this machine slows every figure)`);
    console.log(`node ${process.version}; commit ${commit}${dirty ? ' (with uncommitted changes)' : ''}`);
    console.log(`intake runs: ${Object.keys(intake.stats().runs).length}; every timed submit was "accepted (202)" in one attempt`);
    console.log('Submit-to-accepted latency (submitRequest from call to return, one submit at a time):');
    console.table([
      summarize('fresh, new ports per submit (CLI)', freshSamples.cli),
      summarize('fresh, one set of ports (editor)', freshSamples.kept),
      summarize(`${earlier} earlier, new ports per submit (CLI)`, fullSamples.cli),
      summarize(`${earlier} earlier, one set of ports (editor)`, fullSamples.kept),
    ]);
    console.log(`fresh ledger at the end: ${freshLines} lines, ${mebibytes(fresh)}`);
    console.log(
      `ledger of ${earlier} earlier submissions: ${fullBefore} before the timed submits, ` +
        `${lineCount(full)} lines, ${mebibytes(full)} after`,
    );
    console.log(
      [
        'before send: reading the file, alloy check of it and its brief, reading the ledger, the lock, the fsynced pending line.',
        'wire: one POST to the intake on 127.0.0.1 and its 202 (the intake checks the body with the core and fsyncs its record).',
        'after answer: the fsynced attempt and outcome lines.',
        `The first ${warmup} submits warm the JIT and are not counted.`,
      ].join('\n'),
    );
  } finally {
    await intake.close();
    workspace.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
