// Callback receiver figures (the research's X6): accept latency p50/p95/p99 for 1,000 concurrent
// callbacks over real HTTP (~100 run requests, accepted → started → completed, 10% out of order,
// 10% repeated), plus event-loop delay and throughput. Prints figures; never passes or fails on time.
// Run: node --import tsx bench/callbackBench.ts [--callbacks-per-id N] [--sockets N] [--rounds N]

import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCallbackReceiver, knownRequestsOf, reportFileSink } from '../server/src/reports';
import type { LedgerEntry } from '../server/src/submission';
import { loadSchedule } from '../test/reports/loadSchedule';
import { postCallback } from '../test/reports/postCallback';
import { freePort } from '../test/reports/receiverHarness';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} takes a whole number of at least 1`);
  return value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

async function round(sockets: number, progress: number, seed: number): Promise<Record<string, string>> {
  const base = mkdtempSync(join(tmpdir(), 'alloy-callback-bench-'));
  const root = join(base, 'repo');
  const { ids, callbacks } = loadSchedule({ progress, seed });
  const ledger: LedgerEntry[] = ids.map((requestId, i) => ({
    v: 1,
    type: 'pending',
    submission: `sub_${i}`,
    at: new Date().toISOString(),
    key: 'sha256:' + '0'.repeat(64),
    requestId,
    requestFile: join(root, '.alloy', 'requests', `${requestId}.json`),
    root,
    bytes: '',
    sha256: 'sha256:' + '0'.repeat(64),
    transport: 'http',
  }));
  const known = knownRequestsOf(ledger);
  const port = await freePort();
  const receiver = createCallbackReceiver({
    address: { name: '127.0.0.1', port },
    isKnownRequest: (id) => known.has(id),
    sink: reportFileSink((id) => known.get(id)?.root),
    limits: { maxConnections: sockets + 16 },
  });
  const started = await receiver.start();
  if (!started.ok) throw new Error(started.message);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  try {
    const answers = await Promise.all(
      callbacks.map((c) => postCallback(agent, port, `/api/run-requests/${c.requestId}/${c.phase}`, c.body)),
    );
    const wall = performance.now() - t0;
    loop.disable();
    const times = answers.map((a) => a.ms).sort((a, b) => a - b);
    const wire = answers.map((a) => a.wireMs).sort((a, b) => a - b);
    const not202 = answers.filter((a) => a.status !== 202).length;
    return {
      callbacks: String(callbacks.length),
      sockets: String(sockets),
      'not 202': String(not202),
      p50: ms(percentile(times, 50)),
      p95: ms(percentile(times, 95)),
      p99: ms(percentile(times, 99)),
      'wire p50': ms(percentile(wire, 50)),
      'wire p95': ms(percentile(wire, 95)),
      'wire p99': ms(percentile(wire, 99)),
      'all answered in': ms(wall),
      'callbacks/s': (callbacks.length / (wall / 1000)).toFixed(0),
      'loop delay p99': ms(loop.percentile(99) / 1e6),
      'files written': String(receiver.stats.stored - receiver.stats.duplicates),
    };
  } finally {
    agent.destroy();
    await receiver.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

/** One callback at a time on one socket: the accept latency without any queue. */
async function oneAtATime(count: number): Promise<Record<string, string>> {
  const base = mkdtempSync(join(tmpdir(), 'alloy-callback-bench-'));
  const { callbacks } = loadSchedule({ seed: 1 });
  const port = await freePort();
  const receiver = createCallbackReceiver({
    address: { name: '127.0.0.1', port },
    isKnownRequest: () => true,
    sink: reportFileSink(() => join(base, 'repo')),
  });
  const started = await receiver.start();
  if (!started.ok) throw new Error(started.message);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const times: number[] = [];
    for (const c of callbacks.slice(0, count)) {
      times.push((await postCallback(agent, port, `/api/run-requests/${c.requestId}/${c.phase}`, c.body)).wireMs);
    }
    times.sort((a, b) => a - b);
    return { callbacks: String(count), p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), p99: ms(percentile(times, 99)) };
  } finally {
    agent.destroy();
    await receiver.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rounds = option('rounds', 3);
  const sockets = option('sockets', 200);
  const progress = option('callbacks-per-id', 9) - 2;
  process.stderr.write(`callback bench: ${rounds} rounds, ${sockets} client sockets, Node ${process.version}\n`);
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < rounds; i++) {
    rows.push(await round(sockets, progress, 47311 + i));
    process.stderr.write(`round ${i + 1} done\n`);
  }
  console.log('1,000 concurrent callbacks:');
  console.table(rows);
  console.log('One callback at a time (after the rounds above, so warm):');
  console.table([await oneAtATime(300)]);
  console.log(
    [
      'p50/p95/p99: from issuing a callback (all 1,000 at once, so waiting for one of the client sockets counts)' +
        ' to the last byte of its 202.',
      'wire p50/p95/p99: from the callback getting its socket to the last byte of its 202 (the only time in the one-at-a-time table).',
      'A 202 is sent once the body is on disk: temp file, write, fsync, rename,' +
        ' fsync of the folder (shared by renames that finished before it).',
      'loop delay: the event loop of this one process, which runs the 1,000 clients and the receiver.',
    ].join('\n'),
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
