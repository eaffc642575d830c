// The syntax tree of a JSON text the fast path accepted (jsonFastPath.ts: strict JSON, no repeated
// key, every number finite, nesting within the limit), built in one pass over the characters with
// exactly the nodes and spans `parseJson` gives through jsonc-parser, at a fraction of the cost:
// no scanner objects, no intermediate tree, no second conversion. A request with a diagnostic
// needs its tree for the diagnostic's range; for a large one this was most of its check. Anything
// unexpected (it cannot happen for an accepted text) gives undefined, and `parseJson` runs.

import { blankByteOrderMark } from './byteOrderMark';
import type { PendingDiagnostic } from './diagnostic';
import { duplicateKey, overflowingNumber } from './jsonDataProblems';
import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { ParseOutcome } from './parseJson';
import type { JsonValue, PropertyNode, SyntaxNode } from './syntaxTree';

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Thrown (one instance) when the text is not what the fast path accepts. */
const UNEXPECTED = new Error('not a text the JSON fast path accepts');

/** The tree of `source`, which `fastJsonValue` accepted; undefined if it turns out otherwise. */
export function fastJsonTree(source: string): SyntaxNode | undefined {
  return read(new TreeReader(blankByteOrderMark(source), undefined));
}

/**
 * `parseJson`'s outcome for a text `JSON.parse` accepts (valid JSON syntax) that the fast path
 * declined for its data: repeated keys and numbers that overflow to Infinity, reported in text
 * order as `parseJson` reports them (there can be no other problem in valid JSON). Undefined
 * (`parseJson` then runs) for anything else, a text nested deeper than the limit included.
 * `parsed`, what `JSON.parse` gave, is the data when no number overflows: it keeps the last of
 * repeated keys in the place of the first, as `toValue` does. A large file with one repeated key
 * went through jsonc-parser before, at 3–4 times the cost.
 */
export function validJsonOutcome(source: string, parsed: JsonValue): ParseOutcome | undefined {
  const problems: PendingDiagnostic[] = [];
  const reader = new TreeReader(blankByteOrderMark(source), problems);
  const root = read(reader);
  if (!root) return undefined;
  return reader.overflowed ? { root, problems } : { root, problems, value: parsed };
}

function read(reader: TreeReader): SyntaxNode | undefined {
  try {
    const root = reader.value();
    reader.skipBlanks();
    return reader.atEnd() ? root : undefined;
  } catch (error) {
    if (error === UNEXPECTED) return undefined;
    throw error;
  }
}

class TreeReader {
  private at = 0;
  /** The first backslash at or after the last string read (-1: none is left); 0 before the first search. */
  private backslash = 0;
  /** The containers open around the value being read. */
  private depth = 0;
  /** Whether a number overflowed (its data is null, where `JSON.parse` gives Infinity). */
  overflowed = false;

  /** `problems`: where repeated keys and overflowing numbers go; without it, either declines the text. */
  constructor(
    private readonly text: string,
    private readonly problems: PendingDiagnostic[] | undefined,
  ) {}

  atEnd(): boolean {
    return this.at === this.text.length;
  }

  skipBlanks(): void {
    const text = this.text;
    let i = this.at;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.at = i;
  }

  /** The value starting at the next non-blank character. Nesting is within the limit, so recursion is bounded. */
  value(): SyntaxNode {
    this.skipBlanks();
    const c = this.text.charCodeAt(this.at);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      // One more container open; beyond the limit, `parseJson` reports the nesting.
      if (++this.depth > MAX_NESTING_DEPTH) throw UNEXPECTED;
      const node = c === OPEN_BRACE ? this.object() : this.array();
      this.depth--;
      return node;
    }
    if (c === QUOTE) {
      const offset = this.at;
      const value = this.string();
      return { kind: 'scalar', span: { offset, length: this.at - offset }, value };
    }
    return this.literal();
  }

  private object(): SyntaxNode {
    const offset = this.at++;
    const properties: PropertyNode[] = [];
    this.skipBlanks();
    if (this.text.charCodeAt(this.at) === CLOSE_BRACE) {
      this.at++;
      return { kind: 'object', span: { offset, length: this.at - offset }, properties };
    }
    const seen = this.problems ? new Set<string>() : undefined;
    for (;;) {
      this.skipBlanks();
      if (this.text.charCodeAt(this.at) !== QUOTE) throw UNEXPECTED;
      const keyOffset = this.at;
      const key = this.string();
      const keySpan = { offset: keyOffset, length: this.at - keyOffset };
      if (seen) {
        if (seen.has(key)) this.problems!.push(duplicateKey(key, keySpan));
        seen.add(key);
      }
      this.skipBlanks();
      if (this.text.charCodeAt(this.at++) !== COLON) throw UNEXPECTED;
      properties.push({ key, keySpan, value: this.value() });
      this.skipBlanks();
      const next = this.text.charCodeAt(this.at++);
      if (next === CLOSE_BRACE) return { kind: 'object', span: { offset, length: this.at - offset }, properties };
      if (next !== COMMA) throw UNEXPECTED;
    }
  }

  private array(): SyntaxNode {
    const offset = this.at++;
    const items: SyntaxNode[] = [];
    this.skipBlanks();
    if (this.text.charCodeAt(this.at) === CLOSE_BRACKET) {
      this.at++;
      return { kind: 'array', span: { offset, length: this.at - offset }, items };
    }
    for (;;) {
      items.push(this.value());
      this.skipBlanks();
      const next = this.text.charCodeAt(this.at++);
      if (next === CLOSE_BRACKET) return { kind: 'array', span: { offset, length: this.at - offset }, items };
      if (next !== COMMA) throw UNEXPECTED;
    }
  }

  /** The string whose opening quote is at `at`; `at` moves past its closing quote. */
  private string(): string {
    const text = this.text;
    const open = this.at;
    let close = text.indexOf('"', open + 1);
    // Most strings have no escape: one native search for the closing quote, and the next backslash
    // of the text, kept from string to string (searched again only once passed, so the searches
    // together read the text once).
    if (this.backslash >= 0 && this.backslash <= open) this.backslash = text.indexOf('\\', open + 1);
    let backslash = this.backslash;
    if (close < 0) throw UNEXPECTED;
    if (backslash < 0 || backslash > close) {
      this.at = close + 1;
      return text.slice(open + 1, close);
    }
    // Escapes: the closing quote is the first one not escaped.
    for (let i = backslash; ;) {
      if (i < 0 || i > close) break;
      // The character after a backslash is escaped; a quote there does not close the string.
      if (i + 1 === close) close = text.indexOf('"', close + 1);
      if (close < 0) throw UNEXPECTED;
      backslash = text.indexOf('\\', i + 2);
      i = backslash;
    }
    this.backslash = backslash;
    this.at = close + 1;
    try {
      return JSON.parse(text.slice(open, close + 1)) as string;
    } catch {
      throw UNEXPECTED;
    }
  }

  /** A number, `true`, `false` or `null`: up to the next delimiter. */
  private literal(): SyntaxNode {
    const text = this.text;
    const offset = this.at;
    let i = offset;
    for (;;) {
      const c = text.charCodeAt(i);
      if (
        Number.isNaN(c) ||
        c === COMMA ||
        c === CLOSE_BRACE ||
        c === CLOSE_BRACKET ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x09
      )
        break;
      i++;
    }
    if (i === offset) throw UNEXPECTED;
    this.at = i;
    const token = text.slice(offset, i);
    const span = { offset, length: i - offset };
    if (token === 'true') return { kind: 'scalar', span, value: true };
    if (token === 'false') return { kind: 'scalar', span, value: false };
    if (token === 'null') return { kind: 'scalar', span, value: null };
    const value = Number(token);
    if (Number.isFinite(value)) return { kind: 'scalar', span, value };
    if (!this.problems || Number.isNaN(value)) throw UNEXPECTED;
    this.problems.push(overflowingNumber(span));
    this.overflowed = true;
    return { kind: 'scalar', span, value: null };
  }
}
