// How a report value is shown as text: long values are cut (the raw JSON document has them whole),
// invisible and direction-changing characters are made visible so that they cannot disguise an id,
// and the result is escaped. Pure; shared by the Node renderer and the page script.

import { escapeHtml } from './escapeHtml';

/** The most characters of one value the page shows; the rest is counted and left to the raw JSON. */
export const MAX_SHOWN_CHARS = 2000;

// Bidi controls (U+061C, U+200E–F, U+202A–E, U+2066–9), zero-width characters (U+200B–D, U+2060,
// U+FEFF), C0 controls other than tab and line feed, DEL and C1 controls.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function codePointName(c: string): string {
  return `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** The value with invisible characters named (`[U+202E]`) and lone surrogates as U+FFFD. Not escaped. */
export function visibleText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replace(INVISIBLE, (c) => (c === '\u0000' ? '\uFFFD' : codePointName(c)));
}

/** Where to cut `value` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutPoint(value: string, max: number): number {
  if (value.length <= max) return value.length;
  const code = value.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** The value as escaped HTML text, cut to `max` characters with a note saying how many were left out. */
export function shownText(value: string, max: number = MAX_SHOWN_CHARS): string {
  const cut = cutPoint(value, max);
  const head = escapeHtml(visibleText(value.slice(0, cut)));
  if (cut === value.length) return head;
  const rest = value.length - cut;
  return `${head}<span class="cut">… ${rest.toLocaleString('en-US')} more characters (see the raw JSON)</span>`;
}

/** Any JSON value as short text: strings as they are, anything else as compact JSON. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
