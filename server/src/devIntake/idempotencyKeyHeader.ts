// Reads the Idempotency-Key header: the raw `sha256:<64 hex>` that SPEC §7.2 sends, or the same
// value as an RFC 8941 structured-field string (`"sha256:…"`) that the IETF draft describes.

export type KeyHeader = { ok: true; key: string; form: 'raw' | 'sf-string' } | { ok: false; message: string };

const KEY = /^sha256:[0-9a-f]{64}$/;

/** A header value as it may be quoted in a message: at most 80 characters, control characters escaped. */
export function quoted(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}

export function parseIdempotencyKeyHeader(value: string | undefined): KeyHeader {
  if (value === undefined || value.trim() === '') {
    return {
      ok: false,
      message: "The Idempotency-Key header is missing: send the request's idempotency_key (sha256: and 64 lowercase hex digits).",
    };
  }
  const trimmed = value.trim();
  const form = trimmed.startsWith('"') ? 'sf-string' : 'raw';
  let key = trimmed;
  if (form === 'sf-string') {
    // An sf-string is a quoted run of printable ASCII; a key never needs the \" or \\ escapes.
    if (trimmed.length < 2 || !trimmed.endsWith('"') || trimmed.slice(1, -1).includes('"') || trimmed.includes('\\')) {
      return { ok: false, message: `The Idempotency-Key header ${quoted(value)} is not a well-formed RFC 8941 string.` };
    }
    key = trimmed.slice(1, -1);
  }
  if (KEY.test(key)) return { ok: true, key, form };
  const hint = /^sha256:[0-9a-fA-F]{64}$/.test(key) ? ' The hex digits must be lowercase.' : '';
  return {
    ok: false,
    message:
      `The Idempotency-Key header ${quoted(value)} is not sha256: followed by 64 lowercase hex digits ` +
      `(raw, or quoted as an RFC 8941 string).${hint}`,
  };
}
