// The strict fast path for JSON data: `JSON.parse` plus the checks the strict parser makes and
// `JSON.parse` does not (a repeated key, a number that overflows to Infinity, the nesting limit,
// a leading byte order mark). It either returns the data, exactly as the slow parser's tree would
// give it with no problem reported, or declines (undefined) and the slow parser runs.

import { blankByteOrderMark } from './byteOrderMark';
import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { JsonValue } from './syntaxTree';

/** The data of a JSON text that the strict parser accepts without a problem; else undefined. */
export function fastJsonValue(source: string): JsonValue | undefined {
  const text = blankByteOrderMark(source);
  const members = memberCount(text);
  if (members < 0) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  // `JSON.parse` keeps the last of two equal keys: fewer members in the data than colons in the
  // text means a key was repeated (in valid JSON text every colon outside a string ends a key).
  return membersIfFinite(value) === members ? value : undefined;
}

/**
 * The colons outside strings (one per object member in valid JSON), or -1 when brackets nest
 * deeper than the limit. Valid JSON is not checked here: `JSON.parse` does that.
 */
function memberCount(text: string): number {
  let depth = 0;
  let colons = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = closingQuote(text, i);
      if (i < 0) return 0; // an unterminated string: not JSON, and JSON.parse will say so
    } else if (c === 0x3a /* : */) {
      colons++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_NESTING_DEPTH) return -1;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return colons;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close > 0) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return -1;
}

/** The members of every object in the data, or -1 when a number is not finite. */
function membersIfFinite(value: JsonValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : -1;
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const n = membersIfFinite(item);
      if (n < 0) return -1;
      count += n;
    }
    return count;
  }
  for (const key in value) {
    const n = membersIfFinite(value[key]);
    if (n < 0) return -1;
    count += n + 1;
  }
  return count;
}
