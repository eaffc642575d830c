// The syntax tree of a text the YAML fast path reads (yamlFastPath.ts), built without the `yaml`
// package and with exactly the spans `parseYaml` gives (the package's node ranges); undefined when
// the text leaves the subset, and then `parseYaml` builds it. Where collections end, which
// depends on the blank and comment lines between entries, is explained on `TreeReader`.

import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { ArrayNode, ObjectNode, PropertyNode, SyntaxNode, TextSpan } from './syntaxTree';
import { DECLINED, FlowReader, LineReader, readFastYaml } from './yamlFastPath';

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
/** The kind of a comment line in `Lines.kinds`. */
const COMMENT_LINE = 1;

/** The tree of `text` when the fast path reads it, with `parseYaml`'s spans; undefined to use `parseYaml`. */
export function fastYamlTree(text: string): SyntaxNode | undefined {
  return readFastYaml(text, (lines) => new TreeReader(text, lines).document());
}

/**
 * The block structure as `BlockReader` reads it, building nodes. Besides the spans, it tracks
 * where the `yaml` parser puts the blank and comment lines between entries, since they decide
 * where collections end:
 * - after a one-line value (a scalar or a flow collection), its line break and then each comment
 *   line more indented than the collection holding it (blank lines between them included, up to
 *   the first comment line that is not) belong to the value;
 * - after an empty value (`key:` or `-` with nothing below), every blank and comment line up to
 *   the next content belongs to it, and then it ends there if its own line, one of these lines
 *   or (for `-`) a comment line before the `-` holds a comment, else just after its indicator;
 * - the other lines (the trail) stay in the innermost collection that ends there if a comment
 *   among them is at least as indented as that collection (and it is not at column 0), else
 *   they pass outwards, to the next entry of the collection that goes on.
 */
class TreeReader extends LineReader {
  /** Where the node read last ends for its parent (the `yaml` package's `range[2]`). */
  private nodeEnd = 0;
  /** The greatest column of a comment line in the trail; -1 when the trail holds no comment. */
  private trailColumn = -1;
  /** Where the trail ends: at the next content token (its line's indentation included), or the text's end. */
  private trailEnd = 0;

  document(): SyntaxNode | undefined {
    this.skipToContent();
    // Nothing but blanks and comments: the slow path has no root either.
    if (this.line >= this.lines.count) return undefined;
    const indent = this.lines.indents[this.line];
    const root = this.collection(this.lines.starts[this.line] + indent, indent, 1);
    if (this.line < this.lines.count) throw DECLINED;
    return root;
  }

  /** Where the line after `line` starts (the text's end after the last line). */
  private lineAfter(line: number): number {
    return line + 1 < this.lines.count ? this.lines.starts[line + 1] : this.text.length;
  }

  /** Where the content of the current line starts (the text's end past the last line). */
  private contentStart(): number {
    const { lines } = this;
    return this.line < lines.count ? lines.starts[this.line] + lines.indents[this.line] : this.text.length;
  }

  /** Skips to the next content line; the blank and comment lines from `from` on are the trail. */
  private trailFrom(from: number): void {
    this.skipToContent();
    const { kinds, indents } = this.lines;
    let column = -1;
    for (let ln = from; ln < this.line; ln++) if (kinds[ln] === COMMENT_LINE && indents[ln] > column) column = indents[ln];
    this.trailColumn = column;
    this.trailEnd = this.contentStart();
  }

  /**
   * The span of a collection that starts at `start` (column `col`) and whose entries are read:
   * it ends where its last entry ends. The trail stays in it when a comment there is at least as
   * indented as it (and it is not at column 0); it then ends after the trail for its parent.
   */
  private closeSpan(start: number, col: number): TextSpan {
    const span = { offset: start, length: this.nodeEnd - start };
    if (col > 0 && this.trailColumn >= col) {
      this.nodeEnd = this.trailEnd;
      this.trailColumn = -1;
    }
    return span;
  }

  /** A block collection whose first entry starts at `pos` (column `col`) on the current line. */
  private collection(pos: number, col: number, depth: number): SyntaxNode {
    if (depth > MAX_NESTING_DEPTH) throw DECLINED;
    return this.isDashAt(pos) ? this.sequence(pos, col, depth) : this.mapping(pos, col, depth);
  }

  private sequence(start: number, col: number, depth: number): ArrayNode {
    const { text, lines } = this;
    const items: SyntaxNode[] = [];
    let pos = start;
    /** Whether a comment line came before this entry's `-` (the parser counts it in the entry). */
    let commentBefore = false;
    for (;;) {
      const end = lines.ends[this.line];
      let p = pos + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p >= end || text.charCodeAt(p) === HASH) items.push(this.nestedBlock(p, col, depth, false, commentBefore));
      else items.push(this.inlineNode(p, col + (p - pos), col, depth));
      if (this.line >= lines.count) break;
      const indent = lines.indents[this.line];
      if (indent < col) break;
      if (indent > col) throw DECLINED;
      pos = lines.starts[this.line] + indent;
      // A key at the sequence's column: the sequence was the compact value of that map's key.
      if (!this.isDashAt(pos)) break;
      // The trail goes on to the next entry.
      commentBefore = this.trailColumn >= 0;
      this.trailColumn = -1;
    }
    const span = this.closeSpan(start, col);
    return { kind: 'array', span, items };
  }

  private mapping(start: number, col: number, depth: number): ObjectNode {
    const { text, lines } = this;
    const properties: PropertyNode[] = [];
    const keys = new Set<string>();
    let pos = start;
    for (;;) {
      const end = lines.ends[this.line];
      const key = this.key(pos, end);
      if (keys.has(key)) throw DECLINED;
      keys.add(key);
      const keySpan = { offset: pos, length: this.tokenEnd - pos };
      let p = this.tokenEnd + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      let value: SyntaxNode;
      if (p >= end || text.charCodeAt(p) === HASH) {
        value = this.nestedBlock(p, col, depth, true, false);
      } else {
        if (this.isDashAt(p)) throw DECLINED;
        value = this.scalarValue(p, end, col, depth);
      }
      properties.push({ key, keySpan, value });
      if (this.line >= lines.count) break;
      const indent = lines.indents[this.line];
      if (indent < col) break;
      if (indent > col) throw DECLINED;
      // The trail goes on to the next key, where it changes no span.
      this.trailColumn = -1;
      pos = lines.starts[this.line] + indent;
    }
    const span = this.closeSpan(start, col);
    return { kind: 'object', span, properties };
  }

  /**
   * The node after `- ` on the current line (at `pos`, column `col`): a compact sequence
   * (`- - a`), a compact map (`- key: value`) or a scalar.
   */
  private inlineNode(pos: number, col: number, ownerCol: number, depth: number): SyntaxNode {
    if (this.isDashAt(pos)) return this.collection(pos, col, depth + 1);
    const end = this.lines.ends[this.line];
    if (this.startsKey(pos, end)) return this.collection(pos, col, depth + 1);
    return this.scalarValue(pos, end, ownerCol, depth);
  }

  /**
   * The value after `key:` or `-` (whose following spaces end at `emptyAt`) when it has nothing
   * on its line: a block collection below, or an empty value (null) at `emptyAt`.
   */
  private nestedBlock(emptyAt: number, ownerCol: number, depth: number, sameColumnSequence: boolean, commentBefore: boolean): SyntaxNode {
    const { text, lines } = this;
    let comment = commentBefore || (emptyAt < lines.ends[this.line] && text.charCodeAt(emptyAt) === HASH);
    this.line++;
    const first = this.line;
    this.skipToContent();
    if (this.line < lines.count) {
      const indent = lines.indents[this.line];
      const pos = lines.starts[this.line] + indent;
      if (indent > ownerCol) return this.collection(pos, indent, depth + 1);
      if (sameColumnSequence && indent === ownerCol && this.isDashAt(pos)) return this.collection(pos, indent, depth + 1);
    }
    for (let ln = first; ln < this.line && !comment; ln++) comment = lines.kinds[ln] === COMMENT_LINE;
    this.nodeEnd = comment ? this.contentStart() : emptyAt;
    this.trailColumn = -1;
    return { kind: 'scalar', span: { offset: emptyAt, length: 0 }, value: null };
  }

  /**
   * A value that starts on the current line at `pos`, in a collection at column `col`; reads the
   * rest of the line (and a block scalar's lines), and the blank and comment lines after it.
   */
  private scalarValue(pos: number, end: number, col: number, depth: number): SyntaxNode {
    const { text } = this;
    const c = text.charCodeAt(pos);
    if (c === 0x7c || c === 0x3e) {
      const value = this.blockScalar(pos, end, col, c === 0x7c);
      const blockEnd = this.lineAfter(this.blockLast);
      this.nodeEnd = blockEnd;
      // The blank lines after the content and any comment lines below are all trail.
      this.trailFrom(this.line);
      return { kind: 'scalar', span: { offset: pos, length: blockEnd - pos }, value };
    }
    let node: SyntaxNode;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      const flow = new FlowTreeReader(text, end);
      node = flow.node(pos, depth + 1);
      this.tokenEnd = flow.pos;
    } else {
      const value = this.token(pos, end);
      if (this.tokenPlain && text.charCodeAt(this.tokenEnd) === COLON) throw DECLINED;
      node = { kind: 'scalar', span: { offset: pos, length: this.tokenEnd - pos }, value };
    }
    this.endOfLine(this.tokenEnd, end);
    const valueLine = this.line++;
    this.skipToContent();
    // The line break, then each comment line more indented than the collection (with the blank
    // lines before it), up to the first comment line that is not.
    const { kinds, indents } = this.lines;
    let nodeEnd = this.lineAfter(valueLine);
    let trail = valueLine + 1;
    for (let ln = trail; ln < this.line; ln++) {
      if (kinds[ln] !== COMMENT_LINE) continue;
      if (indents[ln] <= col) break;
      nodeEnd = this.lineAfter(ln);
      trail = ln + 1;
    }
    this.nodeEnd = nodeEnd;
    this.trailFrom(trail);
    return node;
  }
}

/** A one-line flow collection as `FlowReader` reads it, building nodes. */
class FlowTreeReader extends FlowReader {
  node(start: number, depth: number): ArrayNode | ObjectNode {
    if (depth > MAX_NESTING_DEPTH) throw DECLINED;
    const { text } = this;
    const isSeq = text.charCodeAt(start) === OPEN_BRACKET;
    const close = isSeq ? CLOSE_BRACKET : CLOSE_BRACE;
    const items: SyntaxNode[] = [];
    const properties: PropertyNode[] = [];
    const keys = new Set<string>();
    this.pos = start + 1;
    this.spaces();
    if (text.charCodeAt(this.pos) === close) {
      this.pos++;
    } else {
      for (;;) {
        if (isSeq) {
          items.push(this.item(depth));
        } else {
          const keyStart = this.pos;
          const key = this.scalar(true);
          if (typeof key !== 'string' || keys.has(key)) throw DECLINED;
          keys.add(key);
          const keySpan = { offset: keyStart, length: this.pos - keyStart };
          if (text.charCodeAt(this.pos) !== COLON || text.charCodeAt(this.pos + 1) !== SPACE) throw DECLINED;
          this.pos += 2;
          this.spaces();
          properties.push({ key, keySpan, value: this.item(depth) });
        }
        this.spaces();
        const c = text.charCodeAt(this.pos);
        this.pos++;
        if (c === close) break;
        if (c !== COMMA) throw DECLINED;
        this.spaces();
      }
    }
    const span = { offset: start, length: this.pos - start };
    return isSeq ? { kind: 'array', span, items } : { kind: 'object', span, properties };
  }

  private item(depth: number): SyntaxNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.node(this.pos, depth + 1);
    const start = this.pos;
    const value = this.scalar(false);
    return { kind: 'scalar', span: { offset: start, length: this.pos - start }, value };
  }
}
