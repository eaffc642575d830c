// A fresh request id: `runreq_` + a ULID (48-bit millisecond time, then 80 random bits, in
// Crockford's base 32), so ids sort by creation time and match the schema's `runreq_[0-9A-Za-z_]+`.

/** Crockford's base 32: digits and capitals without I, L, O and U. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;
export const ULID_RANDOM_BYTES = 10;

/** The 26 characters of a ULID for this time (ms since the epoch) and 10 random bytes. */
export function ulid(now: number, random: Uint8Array): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIME) throw new RangeError(`a ULID's time is 0 to 2^48 - 1 ms, not ${now}`);
  if (random.length !== ULID_RANDOM_BYTES) throw new RangeError(`a ULID takes ${ULID_RANDOM_BYTES} random bytes, not ${random.length}`);
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let rest = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) rest = CROCKFORD[Number(bits & 31n)] + rest;
  return time + rest;
}

export function newRequestId(now: number, random: Uint8Array): string {
  return `runreq_${ulid(now, random)}`;
}
