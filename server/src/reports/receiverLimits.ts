// The receiver's limits (SPEC §8.2 and the research's slowloris checklist): body size, how long
// headers and bodies may take, keep-alive, and how many sockets may be open at once. Defaults
// here, and a check that says in words which option is wrong.

export interface ReceiverLimits {
  /** Largest body accepted, counted while it streams. */
  bodyLimitBytes: number;
  /** All headers must have arrived within this time (408 otherwise). */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this time (408 otherwise). */
  requestTimeoutMs: number;
  /** Longest pause between two pieces of a body (408 otherwise). */
  bodyIdleTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Requests served on one connection before it is closed. */
  maxRequestsPerSocket: number;
  /** Open connections across all listeners; one more is answered 503 and closed. */
  maxConnections: number;
  /** After a refusal that left a body unread, how long its bytes are still read and dropped before closing. */
  lingerMs: number;
}

export const DEFAULT_RECEIVER_LIMITS: Readonly<ReceiverLimits> = {
  bodyLimitBytes: 1024 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  bodyIdleTimeoutMs: 5_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 100,
  maxConnections: 128,
  lingerMs: 1_000,
};

/** The defaults with the given overrides; throws an error naming the option when one is not usable. */
export function receiverLimitsOf(overrides: Partial<ReceiverLimits> = {}): ReceiverLimits {
  const limits: ReceiverLimits = { ...DEFAULT_RECEIVER_LIMITS };
  for (const [name, value] of Object.entries(overrides) as [keyof ReceiverLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_RECEIVER_LIMITS)) throw new Error(`Unknown receiver limit "${name}".`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new Error(`Receiver limit ${name} must be a whole number of at least 1, not ${String(value)}.`);
    }
    limits[name] = value;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error(
      `Receiver limit headersTimeoutMs (${limits.headersTimeoutMs}) must not exceed requestTimeoutMs (${limits.requestTimeoutMs}).`,
    );
  }
  return limits;
}
