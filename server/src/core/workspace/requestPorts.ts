// What making a new request file takes from its environment: the clock and random bytes (for a
// fresh ULID request id) and a create that never overwrites. The server and the CLI pass the Node
// ones (nodeRequestPorts.ts); tests pass fixed ones.

export type CreateFileResult = { ok: true } | { ok: false; problem: 'exists' } | { ok: false; problem: 'failed'; reason: string };

export interface RequestPorts {
  /** Milliseconds since the epoch. */
  now(): number;
  /** `count` bytes from a cryptographic random source. */
  randomBytes(count: number): Uint8Array;
  /** Creates the file (and its missing folders) with this text; an existing file is left as it is. */
  createFile(p: string, text: string): CreateFileResult;
}
