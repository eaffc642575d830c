// Shared helpers for the extension's unit tests: a temp copy of the example workspace, ledger
// lines written as the engine writes them, a recording log sink, and a run result for the example
// brief. Temp folders are removed by the caller's `t.after`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { LogSink } from '../../client/src/log';
import type { LedgerEntry } from '../../server/src/submission';

export const EXAMPLE = path.resolve(__dirname, '../../examples/checkout-service');
export const PAYMENT_ID = 'runreq_01HZ_CHECKOUT_PAYMENT';
export const PAYMENT_KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
export const BRIEF_DIGEST = 'sha256:699b3df44567aefa68ab113e3ebaac3a915d52548a94ff5f44ad5e7838f5a5aa';
export const CAPABILITY = 'alloy.capability.replace-payment-provider';
export const CONTRACT_TESTS = 'evidence.checkout.payment-gateway-contract-tests';
export const DECLINED_CARD = 'evidence.checkout.declined-card-recovery';

export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `alloy-client-${prefix}-`)));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A copy of examples/checkout-service in a new temp folder; returns the copy's root. */
export function copyExample(prefix: string): string {
  const dir = tempDir(prefix);
  const root = path.join(dir, 'checkout-service');
  fs.cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

export function requestFile(root: string, name = 'checkout-payment.json'): string {
  return path.join(root, '.alloy', 'requests', name);
}

export function briefFile(root: string, name = 'brief_01HZ_CHECKOUT_PAYMENT.yaml'): string {
  return path.join(root, '.alloy', 'briefs', name);
}

export interface LoggedLine {
  level: 'info' | 'warn' | 'error' | 'debug';
  message: string;
}

export function recordingSink(): LogSink & { lines: LoggedLine[]; shown: (boolean | undefined)[] } {
  const lines: LoggedLine[] = [];
  const shown: (boolean | undefined)[] = [];
  return {
    lines,
    shown,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    show: (preserveFocus) => shown.push(preserveFocus),
  };
}

export function sha256Of(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface PendingFacts {
  submission: string;
  requestId: string;
  key: string;
  at: string;
  requestFile: string;
  root: string;
  bytes: Uint8Array;
  callbackUrl?: string;
  endpoint?: string;
}

export function pendingLine(f: PendingFacts): LedgerEntry {
  return {
    v: 1,
    type: 'pending',
    submission: f.submission,
    at: f.at,
    key: f.key,
    requestId: f.requestId,
    requestFile: f.requestFile,
    root: f.root,
    bytes: Buffer.from(f.bytes).toString('base64'),
    sha256: sha256Of(f.bytes),
    transport: 'http',
    endpoint: f.endpoint ?? 'http://127.0.0.1:9/v1/execution-requests',
    endpointHost: '127.0.0.1:9',
    ...(f.callbackUrl === undefined ? {} : { callbackUrl: f.callbackUrl }),
  };
}

export function attemptLine(
  f: Pick<PendingFacts, 'submission' | 'requestId' | 'key'>,
  at: string,
  attempt: number,
  status: number,
): LedgerEntry {
  return { v: 1, type: 'attempt', submission: f.submission, at, key: f.key, requestId: f.requestId, attempt, status };
}

export function outcomeLine(
  f: Pick<PendingFacts, 'submission' | 'requestId' | 'key'>,
  at: string,
  outcome: 'accepted' | 'already-submitted' | 'rejected' | 'given-up' | 'cancelled',
  status?: number,
): LedgerEntry {
  return {
    v: 1,
    type: 'outcome',
    submission: f.submission,
    at,
    key: f.key,
    requestId: f.requestId,
    outcome,
    ...(status === undefined ? {} : { status }),
  };
}

export function writeLedger(file: string, entries: readonly LedgerEntry[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, entries.map((e) => JSON.stringify(e) + '\n').join(''));
}

/** A run result for the example payment request: one failed gate, two errors, one capability at risk, one required evidence missing. */
export function paymentRunResult(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: 'alloy.foundry_run_result.v1',
    run_request_id: PAYMENT_ID,
    foundry_run_id: 'foundry_run_01HZ_PAYMENT',
    brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
    brief_digest: BRIEF_DIGEST,
    project_id: 'checkout-service',
    status: 'completed_with_findings',
    repo_revision_before: 'abc123',
    repo_revision_after: 'def456',
    throttle: 'dry_run',
    entry_event: 'iteration_requested',
    retry_count: 0,
    gates: [
      { name: 'mix test', phase: 'verify', status: 'passed' },
      { name: 'vendor_sdk_import_boundary', phase: 'verify', status: 'failed', details: 'Stripe SDK imported in CheckoutLive.' },
    ],
    summary: {
      capabilities_preserved: [],
      capabilities_at_risk: [CAPABILITY],
      threats_observed: [],
      follow_up_questions: [],
    },
    evidence_observations: [
      {
        evidence_definition_id: CONTRACT_TESTS,
        run_request_id: PAYMENT_ID,
        brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
        status: 'satisfied',
        observed_by: 'foundry',
        supporting_artifacts: [],
        notes: 'ok',
      },
      {
        evidence_definition_id: DECLINED_CARD,
        run_request_id: PAYMENT_ID,
        brief_id: 'brief_01HZ_CHECKOUT_PAYMENT',
        status: 'missing',
        observed_by: 'foundry',
        supporting_artifacts: [],
        notes: 'No declined-card test ran.',
      },
    ],
    errors: [
      { message: 'Gate vendor_sdk_import_boundary failed.', category: 'execution' },
      { message: 'Provider SDK called from a LiveView.', category: 'safety' },
    ],
    ...overrides,
  };
}
