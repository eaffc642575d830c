// Counters for tests and the demo: POST attempts on the intake route, answers by status, the
// attempts themselves (key, request id and body hash of each, to check that retries send the
// same bytes) and callback deliveries. They count since start; runs per key come from the store.

export interface AttemptEntry {
  at: string;
  /** The Idempotency-Key header as sent (trimmed), or null. */
  key: string | null;
  /** The X-Alloy-Request-Id header, or null. */
  request_id: string | null;
  /** sha256 hex of the body, or null when the body was never read. */
  body_sha256: string | null;
  /** The status code, or `reset` / `dropped` when the socket was destroyed. */
  answer: string;
}

/** Attempts kept in memory; older ones are dropped and counted in attemptsDropped. */
export const MAX_ATTEMPTS_KEPT = 100_000;

export class IntakeStats {
  requests = 0;
  readonly byStatus: Record<string, number> = {};
  readonly callbacks = { delivered: 0, failed: 0 };
  private readonly attemptLog: AttemptEntry[] = [];
  private attemptsDropped = 0;

  countAttempt(entry: AttemptEntry): void {
    this.requests++;
    this.byStatus[entry.answer] = (this.byStatus[entry.answer] ?? 0) + 1;
    this.attemptLog.push(entry);
    if (this.attemptLog.length > MAX_ATTEMPTS_KEPT) {
      this.attemptLog.shift();
      this.attemptsDropped++;
    }
  }

  countCallback(delivered: boolean): void {
    if (delivered) this.callbacks.delivered++;
    else this.callbacks.failed++;
  }

  attempts(): { attempts: AttemptEntry[]; dropped: number } {
    return { attempts: [...this.attemptLog], dropped: this.attemptsDropped };
  }
}
