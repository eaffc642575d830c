// The fast path for YAML data: a small reader for plain block-style YAML (block maps and
// sequences, one-line plain and quoted scalars, literal and folded block scalars, one-line flow
// collections of plain data, comments) that returns the same value as `parseYaml` + `toValue`.
// It declines (returns undefined) as soon as the text steps outside that subset or holds anything
// the slow path reports: anchors, aliases, tags, merge keys, directives, document markers, several
// documents, tabs, control characters, a byte order mark, a lone CR, non-string or duplicate keys,
// multi-line plain or quoted scalars, values JSON cannot represent, nesting deeper than the limit.
// The caller then uses `parseYaml`, which also gives positions. The line-level reading (lines,
// tokens, keys, block scalars, flow scalars) is shared with the tree reader of `yamlFastTree.ts`.

import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { JsonScalar, JsonValue } from './syntaxTree';
import { resolvePlainScalar, unescapeDoubleQuoted } from './yamlCoreScalars';

/** Implicit keys longer than this are declined (the `yaml` package allows 1024 characters). */
const MAX_KEY_LENGTH = 1000;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** Thrown (one instance, no stack captured per throw) when the text leaves the subset. */
export const DECLINED = new Error('declined by the YAML fast path');

/** Whether a character cannot start a plain scalar (the YAML indicators); `-` is checked apart. */
function isIndicator(c: number): boolean {
  // ? : , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 0x3f ||
    c === COLON ||
    c === 0x2c ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === HASH ||
    c === 0x26 ||
    c === 0x2a ||
    c === 0x21 ||
    c === 0x7c ||
    c === 0x3e ||
    c === SINGLE_QUOTE ||
    c === DOUBLE_QUOTE ||
    c === 0x25 ||
    c === 0x40 ||
    c === 0x60
  );
}

/** A space, `,`, `[`, `]`, `{`, `}`, `:` or `#`: what ends or breaks a plain scalar in a flow collection. */
function isFlowBreak(c: number): boolean {
  return c === SPACE || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === COLON || c === HASH;
}

/** The value of `text` when it is plain block-style YAML data; undefined to use the slow path. */
export function fastYamlValue(text: string): JsonValue | undefined {
  return readFastYaml(text, (lines) => new BlockReader(text, lines).document());
}

/** Runs a reader over the text's lines; undefined when the scan or the reader declines the text. */
export function readFastYaml<T>(text: string, read: (lines: Lines) => T): T | undefined {
  const lines = scanLines(text);
  if (!lines) return undefined;
  try {
    return read(lines);
  } catch (e) {
    if (e === DECLINED) return undefined;
    throw e;
  }
}

/** The text's lines: where each starts and ends (before CR LF), its indentation and its kind. */
export interface Lines {
  count: number;
  starts: number[];
  ends: number[];
  indents: number[];
  /** 0: blank (spaces only), 1: a comment (`#` first), 2: content. */
  kinds: number[];
}

/**
 * One pass over the characters: splits the lines and declines any character or line the subset
 * leaves out (tabs and other controls, a lone CR, DEL and C1 controls, a byte order mark, lone
 * surrogates, U+2028/2029, non-characters; directives and document markers at column 0).
 */
export function scanLines(text: string): Lines | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  const indents: number[] = [];
  const kinds: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const start = i;
    while (i < n && text.charCodeAt(i) === SPACE) i++;
    const indent = i - start;
    let end = -1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= SPACE && c < 0x7f) continue;
      if (c === 0x0a) {
        end = i;
        break;
      }
      if (c === 0x0d) {
        if (text.charCodeAt(i + 1) !== 0x0a) return undefined;
        end = i;
        i++;
        break;
      }
      if (c < 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe) return undefined;
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = text.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return undefined;
        i++;
      }
    }
    if (end < 0) end = n;
    const first = start + indent < end ? text.charCodeAt(start + indent) : -1;
    if (indent === 0 && first !== -1 && isDocumentLevel(text, start, end)) return undefined;
    starts.push(start);
    ends.push(end);
    indents.push(indent);
    kinds.push(first === -1 ? 0 : first === HASH ? 1 : 2);
    i++;
  }
  return { count: starts.length, starts, ends, indents, kinds };
}

/** A directive (`%`) or a document marker (`---`, `...`) at the start of a line. */
function isDocumentLevel(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (c === 0x25) return true;
  if ((c !== DASH && c !== 0x2e) || end - start < 3) return false;
  return text.charCodeAt(start + 1) === c && text.charCodeAt(start + 2) === c;
}

/**
 * What the value reader and the tree reader share: the lines, the position, and the reading of
 * one line's tokens (keys, one-line scalars) and of block scalars, each declining what the subset
 * leaves out.
 */
export class LineReader {
  /** The line being read. */
  protected line = 0;
  /** Where the last scalar token read by `token` ended. */
  protected tokenEnd = 0;
  /** Whether that token was plain (so its value went through the core schema). */
  protected tokenPlain = false;
  /** The last line of the block scalar read last. */
  protected blockLast = 0;

  constructor(
    protected readonly text: string,
    protected readonly lines: Lines,
  ) {}

  protected skipToContent(): void {
    const { kinds, count } = this.lines;
    while (this.line < count && kinds[this.line] !== 2) this.line++;
  }

  /** `-` followed by a space or the end of the line: a block sequence entry. */
  protected isDashAt(pos: number): boolean {
    const end = this.lines.ends[this.line];
    return this.text.charCodeAt(pos) === DASH && (pos + 1 === end || this.text.charCodeAt(pos + 1) === SPACE);
  }

  /** A block map key at `pos` followed by `:` and a space or the end of the line. */
  protected key(pos: number, end: number): string {
    const { text } = this;
    const key = this.token(pos, end);
    const after = this.tokenEnd;
    if (text.charCodeAt(after) !== COLON || (after + 1 < end && text.charCodeAt(after + 1) !== SPACE)) throw DECLINED;
    if (typeof key !== 'string' || after - pos > MAX_KEY_LENGTH) throw DECLINED;
    // `<<` is a plain key in YAML 1.2, but a merge key elsewhere: leave it to the slow path.
    if (this.tokenPlain && key === '<<') throw DECLINED;
    return key;
  }

  /** Whether the line from `pos` is `key:` (a plain or quoted key and the mapping indicator). */
  protected startsKey(pos: number, end: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(pos);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = closingQuote(text, pos, end);
      return close >= 0 && text.charCodeAt(close + 1) === COLON;
    }
    for (let i = pos; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) return true;
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return false;
    }
    return false;
  }

  /** Only spaces, or spaces and a comment, may follow a value on its line. */
  protected endOfLine(from: number, end: number): void {
    let p = from;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p < end && (p === from || this.text.charCodeAt(p) !== HASH)) throw DECLINED;
  }

  /**
   * A one-line scalar at `pos`: double-quoted, single-quoted or plain. Sets `tokenEnd` (just
   * after the closing quote, or at the `: `, ` #` or trailing spaces that end a plain scalar).
   */
  protected token(pos: number, end: number): JsonScalar {
    const { text } = this;
    const c = text.charCodeAt(pos);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = closingQuote(text, pos, end);
      if (close < 0) throw DECLINED;
      this.tokenEnd = close + 1;
      this.tokenPlain = false;
      if (c === SINGLE_QUOTE) return text.slice(pos + 1, close).replace(/''/g, "'");
      const value = unescapeDoubleQuoted(text, pos + 1, close);
      if (value === undefined) throw DECLINED;
      return value;
    }
    if (isIndicator(c) || (c === DASH && (pos + 1 === end || text.charCodeAt(pos + 1) === SPACE))) throw DECLINED;
    let i = pos;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) break;
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break;
    }
    let last = i;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    // A key is `key:` with nothing between: `key :` is left to the slow path.
    if (last !== i && text.charCodeAt(i) === COLON) throw DECLINED;
    this.tokenEnd = last;
    this.tokenPlain = true;
    const value = resolvePlainScalar(text.slice(pos, last));
    if (value === undefined) throw DECLINED;
    return value;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `pos`, with optional `-`/`+`
   * chomping (an explicit indentation indicator is declined). Its lines are indented more than
   * `ownerCol`; the first line sets the indentation, and may not be preceded by blank lines.
   */
  protected blockScalar(pos: number, end: number, ownerCol: number, literal: boolean): string {
    const { text, lines } = this;
    let p = pos + 1;
    const chomp = text.charCodeAt(p);
    const keep = chomp === 0x2b;
    const strip = chomp === DASH;
    if (keep || strip) p++;
    this.endOfLine(p, end);
    let ln = this.line + 1;
    if (ln >= lines.count || lines.kinds[ln] === 0) throw DECLINED;
    const indent = lines.indents[ln];
    if (indent <= ownerCol) throw DECLINED;
    const body: string[] = [];
    for (; ln < lines.count; ln++) {
      const start = lines.starts[ln];
      if (lines.kinds[ln] === 0) {
        // Spaces beyond the indentation on a blank line would be content: left to the slow path.
        if (lines.ends[ln] - start > indent) throw DECLINED;
        body.push('');
        continue;
      }
      if (lines.indents[ln] < indent) break;
      // Folding around more-indented lines keeps their breaks: left to the slow path.
      if (!literal && lines.indents[ln] > indent) throw DECLINED;
      body.push(text.slice(start + indent, lines.ends[ln]));
    }
    let last = body.length - 1;
    while (body[last] === '') last--;
    const trailing = body.length - 1 - last;
    // Blank lines after the content, when they end the text or precede less-indented lines.
    if (trailing > 0 && keep) throw DECLINED;
    let value: string;
    if (literal) {
      value = body.slice(0, last + 1).join('\n');
    } else {
      value = body[0];
      let breaks = 0;
      for (let i = 1; i <= last; i++) {
        if (body[i] === '') breaks++;
        else {
          value += breaks === 0 ? ' ' + body[i] : '\n'.repeat(breaks) + body[i];
          breaks = 0;
        }
      }
    }
    // Clip and keep end with a line break even at the end of a text without one (as `yaml` reads it).
    if (!strip) value += '\n';
    this.blockLast = this.line + 1 + last;
    this.line = ln;
    return value;
  }
}

/** The value reader: block collections and their entries, as data. */
class BlockReader extends LineReader {
  document(): JsonValue | undefined {
    this.skipToContent();
    // Nothing but blanks and comments: the slow path has no root either.
    if (this.line >= this.lines.count) return undefined;
    const indent = this.lines.indents[this.line];
    const value = this.collection(this.lines.starts[this.line] + indent, indent, 1);
    this.skipToContent();
    if (this.line < this.lines.count) throw DECLINED;
    return value;
  }

  /** A block collection whose first entry starts at `pos` (column `col`) on the current line. */
  private collection(pos: number, col: number, depth: number): JsonValue {
    if (depth > MAX_NESTING_DEPTH) throw DECLINED;
    return this.isDashAt(pos) ? this.sequence(pos, col, depth) : this.mapping(pos, col, depth);
  }

  private sequence(start: number, col: number, depth: number): JsonValue[] {
    const { text, lines } = this;
    const items: JsonValue[] = [];
    let pos = start;
    for (;;) {
      const end = lines.ends[this.line];
      let p = pos + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p >= end || text.charCodeAt(p) === HASH) {
        this.line++;
        items.push(this.nestedBlock(col, depth, false));
      } else {
        items.push(this.inlineNode(p, col + (p - pos), col, depth));
      }
      this.skipToContent();
      if (this.line >= lines.count) break;
      const indent = lines.indents[this.line];
      if (indent < col) break;
      if (indent > col) throw DECLINED;
      pos = lines.starts[this.line] + indent;
      // A key at the sequence's column: the sequence was the compact value of that map's key.
      if (!this.isDashAt(pos)) break;
    }
    return items;
  }

  private mapping(start: number, col: number, depth: number): JsonValue {
    const { text, lines } = this;
    const out: { [key: string]: JsonValue } = {};
    let pos = start;
    for (;;) {
      const end = lines.ends[this.line];
      const key = this.key(pos, end);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw DECLINED;
      let p = this.tokenEnd + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      let value: JsonValue;
      if (p >= end || text.charCodeAt(p) === HASH) {
        this.line++;
        value = this.nestedBlock(col, depth, true);
      } else {
        if (this.isDashAt(p)) throw DECLINED;
        value = this.scalarValue(p, end, col, depth);
      }
      // Defined, not assigned: `out['__proto__'] = v` would replace the prototype (as in toValue).
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.skipToContent();
      if (this.line >= lines.count) break;
      const indent = lines.indents[this.line];
      if (indent < col) break;
      if (indent > col) throw DECLINED;
      pos = lines.starts[this.line] + indent;
    }
    return out;
  }

  /**
   * The node after `- ` on the current line (at `pos`, column `col`): a compact sequence
   * (`- - a`), a compact map (`- key: value`) or a scalar.
   */
  private inlineNode(pos: number, col: number, ownerCol: number, depth: number): JsonValue {
    if (this.isDashAt(pos)) return this.collection(pos, col, depth + 1);
    const end = this.lines.ends[this.line];
    if (this.startsKey(pos, end)) return this.collection(pos, col, depth + 1);
    return this.scalarValue(pos, end, ownerCol, depth);
  }

  /** The value after `key:` or `- ` when it has nothing on its line: a block collection below, or null. */
  private nestedBlock(ownerCol: number, depth: number, sameColumnSequence: boolean): JsonValue {
    this.skipToContent();
    const { lines } = this;
    if (this.line >= lines.count) return null;
    const indent = lines.indents[this.line];
    const pos = lines.starts[this.line] + indent;
    if (indent > ownerCol) return this.collection(pos, indent, depth + 1);
    if (sameColumnSequence && indent === ownerCol && this.isDashAt(pos)) return this.collection(pos, indent, depth + 1);
    return null;
  }

  /** A value that starts on the current line at `pos`; reads the rest of the line (and a block scalar's lines). */
  private scalarValue(pos: number, end: number, ownerCol: number, depth: number): JsonValue {
    const { text } = this;
    const c = text.charCodeAt(pos);
    let value: JsonValue;
    if (c === 0x7c || c === 0x3e) return this.blockScalar(pos, end, ownerCol, c === 0x7c);
    if (c === 0x5b || c === 0x7b) {
      const flow = new FlowReader(text, end);
      value = flow.collection(pos, depth + 1);
      this.tokenEnd = flow.pos;
    } else {
      value = this.token(pos, end);
      if (this.tokenPlain && text.charCodeAt(this.tokenEnd) === COLON) throw DECLINED;
    }
    this.endOfLine(this.tokenEnd, end);
    this.line++;
    return value;
  }
}

/** The closing quote of a quoted scalar opened at `pos`, on the same line; -1 when there is none. */
function closingQuote(text: string, pos: number, end: number): number {
  const quote = text.charCodeAt(pos);
  for (let i = pos + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote === DOUBLE_QUOTE && c === 0x5c) i++;
    else if (c === quote) {
      if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) i++;
      else return i;
    }
  }
  return -1;
}

/**
 * A one-line flow collection of plain data: `[a, b]`, `{ k: v }`, nested, with quoted or plain
 * scalars. Plain scalars here may not hold `:`, `#` or flow indicators; keys need `: `; no empty
 * entries, no trailing comma, no `{ a }` or `[a: b]`.
 */
export class FlowReader {
  pos = 0;

  constructor(
    protected readonly text: string,
    protected readonly end: number,
  ) {}

  collection(start: number, depth: number): JsonValue {
    if (depth > MAX_NESTING_DEPTH) throw DECLINED;
    const { text } = this;
    const open = text.charCodeAt(start);
    const close = open === 0x5b ? 0x5d : 0x7d;
    this.pos = start + 1;
    this.spaces();
    const items: JsonValue[] = [];
    const out: { [key: string]: JsonValue } = {};
    if (text.charCodeAt(this.pos) === close) {
      this.pos++;
      return open === 0x5b ? items : out;
    }
    for (;;) {
      if (open === 0x5b) {
        items.push(this.value(depth));
      } else {
        const key = this.scalar(true);
        if (typeof key !== 'string' || Object.prototype.hasOwnProperty.call(out, key)) throw DECLINED;
        if (text.charCodeAt(this.pos) !== COLON || text.charCodeAt(this.pos + 1) !== SPACE) throw DECLINED;
        this.pos += 2;
        this.spaces();
        const value = this.value(depth);
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      this.spaces();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === close) return open === 0x5b ? items : out;
      if (c !== 0x2c) throw DECLINED;
      this.spaces();
    }
  }

  private value(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x5b || c === 0x7b) return this.collection(this.pos, depth + 1);
    return this.scalar(false);
  }

  /** A quoted or plain scalar; a plain one ends at `,`, `]`, `}` or `:` and must not hold `#`. */
  protected scalar(isKey: boolean): JsonScalar {
    const { text, end } = this;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = closingQuote(text, start, end);
      if (close < 0) throw DECLINED;
      this.pos = close + 1;
      if (c === SINGLE_QUOTE) return text.slice(start + 1, close).replace(/''/g, "'");
      const value = unescapeDoubleQuoted(text, start + 1, close);
      if (value === undefined) throw DECLINED;
      return value;
    }
    if (start >= end || isIndicator(c)) throw DECLINED;
    // `-` starts a plain scalar only before a character that could continue it.
    if (c === DASH && (start + 1 >= end || isFlowBreak(text.charCodeAt(start + 1)))) throw DECLINED;
    let i = start;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x2c || ch === 0x5d || ch === 0x7d) break;
      if (ch === COLON) {
        if (!isKey) throw DECLINED;
        break;
      }
      if (ch === HASH || ch === 0x5b || ch === 0x7b) throw DECLINED;
    }
    let last = i;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    if (isKey && last !== i) throw DECLINED;
    this.pos = last;
    const value = resolvePlainScalar(text.slice(start, last));
    if (value === undefined) throw DECLINED;
    return value;
  }

  protected spaces(): void {
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }
}
