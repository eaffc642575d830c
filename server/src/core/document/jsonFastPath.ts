// The strict fast path for JSON data: `JSON.parse` plus the checks the strict parser makes and
// `JSON.parse` does not (a repeated key, a number that overflows to Infinity, the nesting limit,
// a leading byte order mark). It either returns the data, exactly as the slow parser's tree would
// give it with no problem reported, or declines (undefined) and the slow parser runs.

import { blankByteOrderMark } from './byteOrderMark';
import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { JsonValue } from './syntaxTree';

/** The data of a JSON text that the strict parser accepts without a problem; else undefined. */
export function fastJsonValue(source: string): JsonValue | undefined {
  return readJsonFast(source).value;
}

/**
 * What the fast path made of a text: its data (`value`); or, for valid JSON syntax (`JSON.parse`
 * read it) that has a repeated key, a number that overflows or nesting beyond the limit, no data
 * and `parsed`, what `JSON.parse` gave; neither for a text that is not JSON.
 */
export interface FastJsonRead {
  value?: JsonValue;
  parsed?: JsonValue;
}

const NOT_JSON: FastJsonRead = {};

export function readJsonFast(source: string): FastJsonRead {
  const text = blankByteOrderMark(source);
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return NOT_JSON;
  }
  const tally = { members: 0, colons: 0 };
  if (!walk(value, 1, tally)) return { parsed: value };
  // `JSON.parse` keeps the last of two equal keys, so a repeated key shows as fewer members in the
  // data than in the text. In valid JSON text every colon is a member's or a string's. Without
  // `\u` escapes each string's colons are the same in the text and in the data, so the text's
  // members are its colons less the data's string colons (a repeated key's own colons, dropped
  // from the data, only make that count larger). With `\u` escapes, the text is scanned.
  const textMembers = text.includes('\\u') ? memberCount(text) : colonsIn(text) - tally.colons;
  return textMembers === tally.members ? { value } : { parsed: value };
}

/** `:` characters in a text. */
function colonsIn(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}

/**
 * Counts the data's members and the colons in its keys and strings; false when a container is
 * nested deeper than the limit (`depth` is the value's level, the root's is 1) or a number is
 * not finite.
 */
function walk(value: JsonValue, depth: number, tally: { members: number; colons: number }): boolean {
  if (typeof value === 'string') {
    tally.colons += colonsIn(value);
    return true;
  }
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth > MAX_NESTING_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!walk(value[i], depth + 1, tally)) return false;
    return true;
  }
  for (const key in value) {
    tally.members++;
    tally.colons += colonsIn(key);
    if (!walk(value[key], depth + 1, tally)) return false;
  }
  return true;
}

/** The colons outside strings (one per object member in valid JSON), scanning every character. */
function memberCount(text: string): number {
  let colons = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = closingQuote(text, i);
      if (i < 0) return -1; // an unterminated string: not JSON, and JSON.parse said so already
    } else if (c === 0x3a /* : */) {
      colons++;
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
