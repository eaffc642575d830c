// Runs a function once after a burst of calls has settled (file events, keystrokes), with the
// timer functions passed in so tests run on a fake clock.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Debounced {
  private handle: unknown;
  private pending = false;

  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Asks for a run `ms` after the last call. */
  schedule(): void {
    if (this.pending) this.timers.clear(this.handle);
    this.pending = true;
    this.handle = this.timers.set(() => {
      this.pending = false;
      this.fn();
    }, this.ms);
  }

  /** Runs now if a run is pending. */
  flush(): void {
    if (!this.pending) return;
    this.timers.clear(this.handle);
    this.pending = false;
    this.fn();
  }

  dispose(): void {
    if (this.pending) this.timers.clear(this.handle);
    this.pending = false;
  }
}
