// A real receiver over a temporary repository root for the tests: a free loopback port, the file
// sink, a ledger that knows a few ids, and a stop() that closes everything and removes the folder.

import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCallbackReceiver,
  reportFileSink,
  type CallbackReceiver,
  type LoopbackName,
  type ReceiverLimits,
  type ReceiverStartResult,
  type ReportSink,
  type SavedReport,
} from '../../server/src/reports';

export interface Harness {
  port: number;
  base: string;
  root: string;
  receiver: CallbackReceiver;
  started: ReceiverStartResult;
  reports: SavedReport[];
  stop(): Promise<void>;
}

/** A port that was free on 127.0.0.1 (and on ::1 when `both`) a moment ago. */
export async function freePort(both = false): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(p));
      });
      server.on('error', reject);
    });
    if (!both || (await canBind(port, '::1'))) return port;
  }
  throw new Error('no free port found');
}

/** Whether something can listen on this address and port right now. */
export function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, ipv6Only: host.includes(':') }, () => server.close(() => resolve(true)));
  });
}

export const KNOWN = ['runreq_A', 'runreq_B', 'runreq_01HZ_CHECKOUT_PAYMENT'];

export async function startHarness(
  options: { name?: LoopbackName; limits?: Partial<ReceiverLimits>; known?: string[]; sink?: ReportSink; port?: number } = {},
): Promise<Harness> {
  const base = mkdtempSync(join(tmpdir(), 'alloy-receiver-'));
  const root = join(base, 'repo');
  const known = new Set(options.known ?? KNOWN);
  const name = options.name ?? '127.0.0.1';
  let lastFailure: ReceiverStartResult | undefined;
  for (let i = 0; i < 5; i++) {
    const port = options.port ?? (await freePort(name === 'localhost'));
    const receiver = createCallbackReceiver({
      address: { name, port },
      isKnownRequest: (id) => known.has(id),
      sink: options.sink ?? reportFileSink((id) => (known.has(id) ? root : undefined)),
      limits: options.limits,
    });
    const started = await receiver.start();
    if (!started.ok) {
      lastFailure = started;
      if (options.port !== undefined) break;
      continue;
    }
    const reports: SavedReport[] = [];
    receiver.onReport((saved) => reports.push(saved));
    return {
      port,
      base,
      root,
      receiver,
      started,
      reports,
      async stop() {
        await receiver.stop();
        rmSync(base, { recursive: true, force: true });
      },
    };
  }
  rmSync(base, { recursive: true, force: true });
  throw new Error(`the receiver did not start: ${JSON.stringify(lastFailure)}`);
}
