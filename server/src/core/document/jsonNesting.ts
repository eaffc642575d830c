// Finds the bracket that nests a JSON text too deep, before anything recursive (jsonc-parser's
// parser and getLocation included) reads it. Uses jsonc-parser's own scanner, so strings and
// comments are skipped exactly as the parser skips them.

import { createScanner } from 'jsonc-parser';
import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { TextSpan } from './syntaxTree';

// jsonc-parser's SyntaxKind is a `const enum`, which the bundler cannot inline: its values here.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

function bracketCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) count++;
  }
  return count;
}

/**
 * The first `{` or `[` that opens a level deeper than the limit, or undefined. A closing bracket
 * ends a level only when it matches (the parser skips a stray one), so the count never falls
 * below the parser's own depth.
 */
export function jsonNestingTooDeep(text: string): TextSpan | undefined {
  if (bracketCount(text) <= MAX_NESTING_DEPTH) return undefined;
  const scanner = createScanner(text, true);
  const open: number[] = [];
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      open.push(token);
      if (open.length > MAX_NESTING_DEPTH) return { offset: scanner.getTokenOffset(), length: 1 };
    } else if (
      (token === CLOSE_BRACE && open[open.length - 1] === OPEN_BRACE) ||
      (token === CLOSE_BRACKET && open[open.length - 1] === OPEN_BRACKET)
    ) {
      open.pop();
    }
  }
  return undefined;
}
