// The tests' own canonical JSON and SHA-256, independent of the code under test: object keys
// sorted, no whitespace, then node:crypto. Expected digests and keys are computed with these.

import { createHash } from 'node:crypto';

/** A JSON value, for fixtures that want the compiler to check their data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * RFC 8785 for the values the tests use: object keys sorted by UTF-16 code units (what
 * Array.prototype.sort does by default), no whitespace, strings and numbers serialised as
 * ECMAScript's JSON.stringify does (which is what RFC 8785 §3.2.2 prescribes).
 */
export function canonicalText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalText).join(',') + ']';
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalText(object[k])).join(',') + '}';
}

/** `sha256:` and the lower-case hex SHA-256 of the text's UTF-8 bytes. */
export function sha256Of(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}
