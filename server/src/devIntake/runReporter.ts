// Runs after their 202: sends each run's callbacks in the background, records how they went, and
// marks the run finished. It never throws into the intake; close() aborts what is still going.

import { deliverCallbacks, type CallbackTransport } from './callbackDelivery';
import type { FaultSettings } from './faults';
import type { IntakeRecord } from './intakeRecord';
import type { IntakeStats } from './intakeStats';
import type { IntakeStore } from './intakeStore';
import type { Clock, Log, Sleep } from './ports';

export interface RunReporterPorts {
  transport: CallbackTransport;
  clock: Clock;
  sleep: Sleep;
  log: Log;
  store: IntakeStore;
  stats: IntakeStats;
  /** Tries per callback. */
  maxAttempts: number;
  /** First back-off between tries; it doubles. */
  backoffMs: number;
}

export class RunReporter {
  private readonly tasks = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly ports: RunReporterPorts) {}

  /** Starts reporting a published run; a run without callback_url is already finished. */
  start(record: IntakeRecord, faults: FaultSettings): void {
    const callbackUrl = record.callback_url;
    if (callbackUrl === null || this.abort.signal.aborted) return;
    const { clock, log, store, stats } = this.ports;
    const task = deliverCallbacks(
      {
        callbackUrl,
        result: record.result,
        faults: { duplicate: faults['duplicate-callbacks'] === true, outOfOrder: faults['out-of-order-callbacks'] === true },
        delayMs: faults['slow-callbacks'] ?? 0,
      },
      { ...this.ports, signal: this.abort.signal },
    )
      .then(async (callbacks) => {
        for (const callback of callbacks) stats.countCallback(callback.delivered);
        if (this.abort.signal.aborted) {
          log(`run ${record.run_id}: stopped before its callbacks were all sent; a restart does not resend them`);
        }
        await store.update({ ...record, callbacks, finished_at: this.abort.signal.aborted ? null : new Date(clock.now()).toISOString() });
      })
      .catch((error: unknown) =>
        log(`run ${record.run_id}: could not record its callbacks: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => this.tasks.delete(record.run_id));
    this.tasks.set(record.run_id, task);
  }

  isRunning(runId: string): boolean {
    return this.tasks.has(runId);
  }

  /** Resolves once every started run has sent its callbacks (runs started meanwhile included). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks.values()]);
  }

  /** Aborts the callbacks still going and waits for them to settle. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }
}
