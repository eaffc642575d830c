// The local callback receiver in the extension host (SPEC §8.2): listening while this workspace has
// submissions with a loopback `http` callback_url that may still report (also after a reload: the
// ledger says so), one receiver per port, stopped when none are left. A port that is taken, or a
// receiver that cannot start, is said plainly once (reports then arrive only as files or by import);
// in Restricted Mode no receiver runs, and a submission that needs one is told why, once.

import {
  receiverAddressOf,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type LedgerRequest,
  type LoopbackName,
  type ReceiverAddress,
  type ReceiverLimits,
  type ReportSink,
  type RequestState,
  type SavedReport,
} from '../../../server/src/reports';
import type { Notice } from '../submission/submitNotice';

/** How long after it was sent a submission may still report: after that its port is let go. */
export const REPORT_WAIT_MS = 48 * 60 * 60 * 1000;

export interface WantedReceiver {
  address: ReceiverAddress;
  requestIds: string[];
}

const FINISHED: readonly string[] = ['completed', 'failed', 'rejected'];

/** Whether a request may still send callbacks: sent (or possibly sent), no final report, not rejected, recent. */
export function awaitsCallbacks(state: RequestState, now: number, waitMs = REPORT_WAIT_MS): boolean {
  const latest = state.latest;
  if (!latest?.callbackUrl || FINISHED.includes(state.state)) return false;
  if (latest.outcome === 'cancelled' && latest.attempts === 0) return false;
  const started = Date.parse(latest.startedAt);
  return Number.isFinite(started) && now - started < waitMs;
}

function mergedName(names: Set<LoopbackName>): LoopbackName {
  if (names.size === 1) return [...names][0];
  // Two spellings on one port: `localhost` listens on both families, which covers either literal.
  return 'localhost';
}

/** The receivers this workspace needs now: one per port, named so that every callback URL is served. */
export function wantedReceivers(states: Iterable<RequestState>, now: number, waitMs = REPORT_WAIT_MS): WantedReceiver[] {
  const byPort = new Map<number, { names: Set<LoopbackName>; ids: string[] }>();
  for (const state of states) {
    if (!awaitsCallbacks(state, now, waitMs)) continue;
    const address = receiverAddressOf(state.latest!.callbackUrl!);
    if (!address.ok) continue;
    let entry = byPort.get(address.address.port);
    if (!entry) byPort.set(address.address.port, (entry = { names: new Set(), ids: [] }));
    entry.names.add(address.address.name);
    entry.ids.push(state.requestId);
  }
  return [...byPort]
    .sort(([a], [b]) => a - b)
    .map(([port, entry]) => ({ address: { name: mergedName(entry.names), port }, requestIds: entry.ids.sort() }));
}

export interface LifecycleDeps {
  create(options: CallbackReceiverOptions): CallbackReceiver;
  /** The run requests the ledger knows now (which ids may report, and their roots). */
  known(): ReadonlyMap<string, LedgerRequest>;
  /** Where received bodies are stored (the report files under each request's root). */
  sink: ReportSink;
  limits(): Partial<ReceiverLimits>;
  log(line: string): void;
  /** Shows a notice to the user (the lifecycle shows each kind once). */
  tell(notice: Notice): void;
  onReport(saved: SavedReport): void;
}

interface Running {
  receiver: CallbackReceiver;
  address: ReceiverAddress;
  listening: string[];
  unsubscribe: () => void;
}

function keyOf(address: ReceiverAddress): string {
  return `${address.name}:${address.port}`;
}

function ids(list: readonly string[]): string {
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
}

export class ReceiverLifecycle {
  private readonly running = new Map<number, Running>();
  /** Ports that could not be listened on, with why. */
  private readonly failed = new Map<number, string>();
  private readonly told = new Set<string>();
  private untrustedWanted = false;
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly deps: LifecycleDeps) {}

  /** Brings the running receivers in line with what is wanted; calls are serialised. */
  reconcile(wanted: readonly WantedReceiver[], trusted: boolean): Promise<void> {
    const next = this.chain.then(() => this.apply(wanted, trusted));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Lines for the reports page: where callbacks are received, or why not. */
  notices(): string[] {
    const lines: string[] = [];
    for (const r of [...this.running.values()].sort((a, b) => a.address.port - b.address.port)) {
      lines.push(`Receiving callbacks on ${r.listening.join(' and ')}.`);
    }
    for (const [, message] of [...this.failed].sort(([a], [b]) => a - b)) lines.push(`Not receiving callbacks: ${message}.`);
    if (this.untrustedWanted) lines.push('The callback receiver is off in Restricted Mode; reports arrive only as files or by import.');
    return lines;
  }

  /** The ports listened on now. */
  ports(): number[] {
    return [...this.running.keys()].sort((a, b) => a - b);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.chain;
    await Promise.all([...this.running.keys()].map((port) => this.stop(port)));
  }

  private tellOnce(key: string, notice: Notice): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.deps.tell(notice);
  }

  private async apply(wanted: readonly WantedReceiver[], trusted: boolean): Promise<void> {
    if (this.disposed) return;
    if (!trusted) {
      await Promise.all([...this.running.keys()].map((port) => this.stop(port)));
      this.failed.clear();
      this.untrustedWanted = wanted.length > 0;
      if (wanted.length > 0) {
        const all = wanted.flatMap((w) => w.requestIds);
        this.deps.log(`Callback receiver: off in Restricted Mode (wanted for ${ids(all)}).`);
        this.tellOnce('untrusted', {
          severity: 'warning',
          text:
            `Alloy's callback receiver is off in Restricted Mode, so reports for ${ids(all)} arrive only as files under ` +
            '.alloy/reports/ or by Import Report…. Trust this workspace to receive them.',
          actions: ['manage-trust'],
        });
      }
      return;
    }
    this.untrustedWanted = false;
    const wantedPorts = new Map(wanted.map((w) => [w.address.port, w]));
    for (const [port, running] of [...this.running]) {
      const want = wantedPorts.get(port);
      if (!want || keyOf(want.address) !== keyOf(running.address)) await this.stop(port);
    }
    for (const port of [...this.failed.keys()]) if (!wantedPorts.has(port)) this.failed.delete(port);
    for (const want of wanted) {
      if (this.running.has(want.address.port)) continue;
      await this.start(want);
    }
  }

  private async start(want: WantedReceiver): Promise<void> {
    const { deps } = this;
    const port = want.address.port;
    let receiver: CallbackReceiver;
    try {
      receiver = deps.create({
        address: want.address,
        isKnownRequest: (id) => deps.known().has(id),
        sink: deps.sink,
        limits: deps.limits(),
        log: (line) => deps.log(`Callback receiver ${want.address.name}:${port}: ${line}`),
      });
    } catch (error) {
      this.fail(want, error instanceof Error ? error.message : String(error));
      return;
    }
    const result = await receiver.start().catch((error: unknown) => ({
      ok: false as const,
      reason: 'other' as const,
      message: error instanceof Error ? error.message : String(error),
    }));
    if (!result.ok) {
      this.fail(want, result.message, result.reason === 'port-in-use');
      return;
    }
    const unsubscribe = receiver.onReport((saved) => deps.onReport(saved));
    this.running.set(port, { receiver, address: want.address, listening: result.listening, unsubscribe });
    if (this.failed.delete(port)) this.told.delete(`failed:${port}`);
    deps.log(`Callback receiver: listening on ${result.listening.join(' and ')} for ${ids(want.requestIds)}.`);
    for (const note of result.notes) deps.log(`Callback receiver: ${note}.`);
  }

  private fail(want: WantedReceiver, message: string, portTaken = false): void {
    const port = want.address.port;
    const first = !this.failed.has(port);
    this.failed.set(port, message);
    if (first) this.deps.log(`Callback receiver: could not listen for ${ids(want.requestIds)}: ${message}.`);
    const other = portTaken
      ? ' If another VS Code window with Alloy has this workspace open, it receives them and they appear here as files.'
      : '';
    this.tellOnce(`failed:${port}`, {
      severity: 'warning',
      text: `Alloy cannot receive the callbacks for ${ids(want.requestIds)}: ${message}.${other}`,
      actions: ['show-output'],
    });
  }

  private async stop(port: number): Promise<void> {
    const running = this.running.get(port);
    if (!running) return;
    this.running.delete(port);
    running.unsubscribe();
    await running.receiver.stop();
    this.deps.log(`Callback receiver: stopped listening on ${running.listening.join(' and ')}.`);
  }
}
