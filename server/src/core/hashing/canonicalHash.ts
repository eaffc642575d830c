// SHA-256 of the RFC 8785 (JSON Canonicalization Scheme) form of a value, written `sha256:<hex>`.
// The one hashing rule behind both the brief digest and the idempotency key.

import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonValue } from '../document/syntaxTree';

export function canonicalJson(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

/** SHA-256 hex of a text's UTF-8 bytes: the one-shot `crypto.hash` where Node has it (20.12+), else a Hash object. */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

export function canonicalSha256(value: JsonValue): string {
  return 'sha256:' + sha256Hex(canonicalJson(value));
}

/**
 * Whether two values have the same canonical form (`canonicalJson(a) === canonicalJson(b)`),
 * decided without serialising either: members compare regardless of order, numbers as numbers
 * (so -0 and 0 are equal, as their canonical text is).
 */
export function canonicallyEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!canonicallyEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key) || !canonicallyEqual(a[key], b[key])) return false;
  }
  return true;
}
