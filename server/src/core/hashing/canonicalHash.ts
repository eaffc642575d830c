// SHA-256 of the RFC 8785 (JSON Canonicalization Scheme) form of a value, written `sha256:<hex>`.
// The one hashing rule behind both the brief digest and the idempotency key.

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonValue } from '../document/syntaxTree';

export function canonicalJson(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

export function canonicalSha256(value: JsonValue): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
