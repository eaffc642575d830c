// The intake's small ports: time, waiting and logging, injected so tests run on a fake clock.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Waits `ms`; resolves early (never rejects) when the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** One line of the intake's log (stderr for the program); never given a token. */
export type Log = (line: string) => void;
