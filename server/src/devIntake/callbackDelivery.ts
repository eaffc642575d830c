// Sends a run's callbacks in their planned order. Each is retried a bounded number of times on
// connection errors, 429 and 5xx (never on other answers), and a failure is recorded, never thrown:
// a receiver that is down must not hurt the intake.

import { callbackSequence, phaseBody, phaseUrl, type CallbackPhase, type SequenceFaults } from './callbackPhases';
import type { RunResult } from './dryRunSimulation';
import type { Clock, Log, Sleep } from './ports';

export interface CallbackTransport {
  /** POSTs a JSON body; resolves with the answer's status, rejects on a connection error or timeout. */
  post(url: string, body: string, signal: AbortSignal): Promise<number>;
}

export interface CallbackRecord {
  phase: CallbackPhase;
  url: string;
  /** The last answer's status, or null when no answer came. */
  status: number | null;
  /** The last connection error, or null. */
  error: string | null;
  attempts: number;
  delivered: boolean;
  at: string;
}

export interface DeliveryPorts {
  transport: CallbackTransport;
  clock: Clock;
  sleep: Sleep;
  log: Log;
  signal: AbortSignal;
  /** Tries per callback (default 3). */
  maxAttempts: number;
  /** First back-off; it doubles after every failed try. */
  backoffMs: number;
}

export interface DeliveryPlan {
  callbackUrl: string;
  result: RunResult;
  faults: SequenceFaults;
  /** Wait before every callback (fault slow-callbacks). */
  delayMs: number;
}

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function deliverCallbacks(plan: DeliveryPlan, ports: DeliveryPorts): Promise<CallbackRecord[]> {
  const end = plan.result.status === 'failed' ? 'failed' : 'completed';
  const bodies = new Map<CallbackPhase, string>();
  const records: CallbackRecord[] = [];
  for (const phase of callbackSequence(end, plan.faults)) {
    if (ports.signal.aborted) break;
    if (plan.delayMs > 0) await ports.sleep(plan.delayMs, ports.signal);
    if (ports.signal.aborted) break;
    const at = new Date(ports.clock.now()).toISOString();
    // A duplicate is a re-delivery: the same bytes as the first.
    let body = bodies.get(phase);
    if (body === undefined) bodies.set(phase, (body = JSON.stringify(phaseBody(phase, plan.result, at))));
    records.push(await deliverOne(phaseUrl(plan.callbackUrl, phase), phase, body, at, ports));
  }
  return records;
}

async function deliverOne(url: string, phase: CallbackPhase, body: string, at: string, ports: DeliveryPorts): Promise<CallbackRecord> {
  const record: CallbackRecord = { phase, url, status: null, error: null, attempts: 0, delivered: false, at };
  while (record.attempts < ports.maxAttempts && !ports.signal.aborted) {
    if (record.attempts > 0) await ports.sleep(ports.backoffMs * 2 ** (record.attempts - 1), ports.signal);
    if (ports.signal.aborted) break;
    record.attempts++;
    try {
      record.status = await ports.transport.post(url, body, ports.signal);
      record.error = null;
      if (record.status >= 200 && record.status < 300) {
        record.delivered = true;
        break;
      }
      if (!isRetryable(record.status)) break;
    } catch (error) {
      record.status = null;
      record.error = error instanceof Error ? error.message : String(error);
    }
  }
  const outcome = record.delivered
    ? `${record.status}`
    : `not delivered (${record.status !== null ? `answer ${record.status}` : (record.error ?? 'cancelled')})`;
  ports.log(`callback ${phase} → ${url}: ${outcome} after ${record.attempts} attempt${record.attempts === 1 ? '' : 's'}`);
  return record;
}
