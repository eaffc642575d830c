// An independent computation of the canonical hash for the tests: JSON with object keys sorted
// (enough for RFC 8785 when every string is ASCII and every number an integer), then SHA-256.

import { createHash } from 'node:crypto';

export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Of(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}
