// Which members differ between the bytes submitted earlier under a key and the file now: the
// words of a "same key, other bytes" refusal. Key order and whitespace are formatting, not data.

import type { JsonValue } from '../core';

/** At most this many paths are named; the rest are counted. */
const MAX_NAMED = 12;

export interface FieldChanges {
  /** Dotted paths (`reporting.callback_url`, `gates[2]`), in document order, capped. */
  fields: string[];
  /** True when the data is equal and only the bytes (formatting, key order) differ. */
  formattingOnly: boolean;
}

export function changedFields(before: string, after: string): FieldChanges {
  let old: JsonValue;
  let now: JsonValue;
  try {
    old = JSON.parse(before) as JsonValue;
    now = JSON.parse(after) as JsonValue;
  } catch {
    return { fields: ['(the submitted bytes are not JSON)'], formattingOnly: false };
  }
  const found: string[] = [];
  collect(old, now, '', found);
  if (found.length === 0) return { fields: [], formattingOnly: true };
  const fields = found.length > MAX_NAMED ? [...found.slice(0, MAX_NAMED), `and ${found.length - MAX_NAMED} more`] : found;
  return { fields, formattingOnly: false };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collect(old: JsonValue | undefined, now: JsonValue | undefined, at: string, found: string[]): void {
  if (isObject(old) && isObject(now)) {
    const names = [...Object.keys(now), ...Object.keys(old).filter((k) => !(k in now))];
    for (const name of names) collect(old[name], now[name], at === '' ? name : `${at}.${name}`, found);
    return;
  }
  if (Array.isArray(old) && Array.isArray(now) && old.length === now.length) {
    old.forEach((item, i) => collect(item, now[i], `${at}[${i}]`, found));
    return;
  }
  if (!sameValue(old, now)) found.push(at === '' ? '(the whole document)' : at);
}

function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  return a === b;
}
