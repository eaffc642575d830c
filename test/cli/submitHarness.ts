// Shared set-up of the submission tests: a temporary copy of the example workspace whose valid
// request reports to a free loopback port (reporting is not a key input, so its key stays valid),
// variants of that request with a recomputed key, a ledger in the temporary folder, the real dev
// intake in-process, and a CLI runtime over the real Node ports with an injectable engine sleep.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { idempotencyKey, keyInputs, type JsonValue } from '../../server/src/core';
import type { CliRuntime } from '../../server/src/cli/cliRuntime';
import { createNodeCliRuntime } from '../../server/src/cli/nodeCliRuntime';
import { startIntake, type Intake, type IntakeOptions } from '../../server/src/devIntake';
import type { LedgerEntry, Sleep } from '../../server/src/submission';
import { EXAMPLE, makeTempDir, removeTempDir } from './cliHarness';

export const PAYMENT = '.alloy/requests/checkout-payment.json';
export const PAYMENT_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
export const PAYMENT_KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
const EXAMPLE_CALLBACK = 'http://127.0.0.1:47311/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed';

/** A port that was free a moment ago (bound on 127.0.0.1, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The members of a request the tests change. */
export interface RequestData {
  request_id: string;
  idempotency_key: string;
  requested_at?: string;
  repo: { path: string; revision: string; branch?: string };
  foundry: { entry_event: string; throttle: string; payload: Record<string, unknown> };
  reporting?: { callback_url?: string; trace_summary_required?: boolean; evidence_observations_required?: boolean };
  [member: string]: unknown;
}

export interface Workspace {
  /** The temporary folder holding the workspace, the ledger and anything else of the test. */
  dir: string;
  /** The copy of examples/checkout-service. */
  root: string;
  ledger: string;
  callbackPort: number;
  file(relative: string): string;
  read(relative: string): Buffer;
  /** Writes a variant of the valid request: `change` edits its data, then the key is recomputed. */
  variant(relative: string, change: (request: RequestData) => void): string;
  ledgerLines(): string[];
  remove(): void;
}

export async function makeWorkspace(): Promise<Workspace> {
  const dir = makeTempDir();
  const root = path.join(dir, 'checkout-service');
  fs.cpSync(EXAMPLE, root, { recursive: true });
  const callbackPort = await freePort();
  const payment = path.join(root, PAYMENT);
  const text = fs.readFileSync(payment, 'utf8');
  if (!text.includes(EXAMPLE_CALLBACK)) throw new Error('the example request changed: its callback_url is not the expected one');
  const callback = EXAMPLE_CALLBACK.replace(':47311/', `:${callbackPort}/`);
  fs.writeFileSync(payment, text.replace(EXAMPLE_CALLBACK, callback));
  const ledger = path.join(dir, 'state', 'ledger.jsonl');
  return {
    dir,
    root,
    ledger,
    callbackPort,
    file: (relative) => path.join(root, relative),
    read: (relative) => fs.readFileSync(path.join(root, relative)),
    variant(relative, change) {
      const request = JSON.parse(fs.readFileSync(payment, 'utf8')) as RequestData;
      change(request);
      request.idempotency_key = idempotencyKey(keyInputs(request as unknown as JsonValue)!);
      const target = path.join(root, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(request, null, 2) + '\n');
      return request.idempotency_key;
    },
    ledgerLines() {
      if (!fs.existsSync(ledger)) return [];
      return fs
        .readFileSync(ledger, 'utf8')
        .split('\n')
        .filter((line) => line !== '');
    },
    remove: () => removeTempDir(dir),
  };
}

export interface TestIntake extends Intake {
  log: string[];
}

export async function startTestIntake(root: string, options: Partial<IntakeOptions> = {}): Promise<TestIntake> {
  const log: string[] = [];
  const intake = await startIntake({ root, log: (line) => log.push(line), callbackBackoffMs: 10, ...options });
  return Object.assign(intake, { log });
}

/** The real runtime with the given environment; `sleep` replaces the engine's waits (Retry-After, backoff). */
export function cliRuntime(env: Record<string, string>, options: { sleep?: Sleep; signal?: AbortSignal } = {}): CliRuntime {
  const runtime = createNodeCliRuntime({ env, home: '/nonexistent-home', ...(options.signal ? { signal: options.signal } : {}) });
  if (!options.sleep) return runtime;
  const sleep = options.sleep;
  return { ...runtime, submissionPorts: (ledgerPath) => ({ ...runtime.submissionPorts(ledgerPath), sleep }) };
}

/** Each line of a ledger, parsed. */
export function ledgerEntries(workspace: Workspace): LedgerEntry[] {
  return workspace.ledgerLines().map((line) => JSON.parse(line) as LedgerEntry);
}
