// The cursor marker of editing fixtures: a `|` in a fixture text marks where the cursor is. One
// helper takes it out and says where it was, and fails clearly when there is not exactly one.

import assert from 'node:assert/strict';

export const CURSOR_MARKER = '|';

export interface MarkedText {
  /** The fixture text without the marker. */
  text: string;
  /** The UTF-16 offset of the cursor in `text` (where the marker was). */
  offset: number;
}

/** The text without its single `|` and the cursor's offset; fails when there is no `|` or more than one. */
export function cursorAt(marked: string): MarkedText {
  const offset = marked.indexOf(CURSOR_MARKER);
  assert.ok(offset >= 0, `the fixture marks the cursor with ${CURSOR_MARKER}, but has none: ${JSON.stringify(marked)}`);
  const again = marked.indexOf(CURSOR_MARKER, offset + 1);
  assert.ok(
    again < 0,
    `the fixture has more than one cursor marker ${CURSOR_MARKER} (at ${offset} and ${again}): ${JSON.stringify(marked)}`,
  );
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/**
 * The cursor `within` characters into the first `needle` of `text` (for tests that name the cursor
 * by the text it is on): `text` is marked there and read back with cursorAt, so the same rules
 * hold. Also returns where the needle starts. Fails when the needle is not in the text.
 */
export function cursorOn(text: string, needle: string, within: number): MarkedText & { needleOffset: number } {
  const needleOffset = text.indexOf(needle);
  assert.ok(needleOffset >= 0, `fixture lacks ${needle}`);
  const cursor = cursorAt(text.slice(0, needleOffset + within) + CURSOR_MARKER + text.slice(needleOffset + within));
  return { ...cursor, needleOffset };
}
