// Text edits that rename, insert, move, replace, remove and comment out members of JSON and YAML
// objects, keeping every other character of the file (comments, quoting, indentation, line
// endings). Block-style YAML is edited by lines; JSON and YAML flow collections by commas.
// New values are rendered in the file's own indentation step and line ending.

import type { FileAnalysis } from '../rules/fileAnalysis';
import type { JsonValue, ObjectNode, PropertyNode, SyntaxNode } from '../document/syntaxTree';
import { type FileEdit } from './textEdit';
import { yamlScalarText } from './yamlScalarText';

/** A member to write: fresh data, a member of the file moved under a new name, or a new object. */
export type NewMember = { key: string; data: JsonValue } | { key: string; from: PropertyNode } | { key: string; children: NewMember[] };

interface PendingEdit {
  offset: number;
  length: number;
  newText: string;
  seq: number;
}

export class StructuralEditor {
  readonly text: string;
  readonly eol: string;
  /** One step of indentation, as the file writes it. */
  readonly unit: string;
  private readonly edits: PendingEdit[] = [];

  constructor(private readonly analysis: FileAnalysis) {
    this.text = analysis.text;
    this.eol = /\r\n/.test(this.text) ? '\r\n' : '\n';
    this.unit = this.detectUnit();
  }

  private get yaml(): boolean {
    return this.analysis.format === 'yaml';
  }

  // --- reading the layout ---------------------------------------------------------------

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The end of the line holding `offset`, before its line break. */
  private lineEnd(offset: number): number {
    const n = this.text.indexOf('\n', offset);
    const end = n === -1 ? this.text.length : n;
    return end > offset && this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** The indentation of members written at `offset`: the whitespace before it, a `- ` counted as spaces. */
  indentAt(offset: number): string {
    return this.text.slice(this.lineStart(offset), offset).replace(/[^\t]/g, ' ');
  }

  /** The indentation of an object's members (its first member's), or of the object's key plus one step. */
  memberIndent(node: ObjectNode): string {
    const first = node.properties[0];
    return first ? this.indentAt(first.keySpan.offset) : this.indentAt(node.span.offset) + this.unit;
  }

  /** Whether members are separated by commas (JSON, YAML flow) rather than by lines (YAML block). */
  private commaStyle(node: SyntaxNode): boolean {
    return !this.yaml || this.text[node.span.offset] === '{' || this.text[node.span.offset] === '[';
  }

  /** Whether a comma-style object is written on one line. */
  private oneLine(node: SyntaxNode): boolean {
    return !this.text.slice(node.span.offset, node.span.offset + node.span.length).includes('\n');
  }

  private detectUnit(): string {
    const root = this.analysis.root;
    if (root?.kind === 'object') {
      for (const p of root.properties) {
        const v = p.value;
        if (v?.kind === 'object' && v.properties.length > 0 && this.startsLine(v.properties[0])) {
          const inner = this.indentAt(v.properties[0].keySpan.offset);
          const outer = this.indentAt(p.keySpan.offset);
          if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
        }
      }
    }
    return '  ';
  }

  /** Whether a key begins its line (after indentation, or after the dashes of sequence items): block style. */
  private startsLine(p: PropertyNode): boolean {
    return /^[ \t]*(?:-[ \t]+)*$/.test(this.text.slice(this.lineStart(p.keySpan.offset), p.keySpan.offset));
  }

  /** A YAML block member ends with its line (a trailing comment included), line break included. */
  private yamlRegionEnd(p: PropertyNode): number {
    const end = p.value ? p.value.span.offset + p.value.span.length : p.keySpan.offset + p.keySpan.length;
    const last = end > 0 && this.text[end - 1] === '\n' ? end - 1 : end;
    const lineEnd = this.lineEnd(last);
    if (lineEnd >= this.text.length) return this.text.length;
    return this.text.indexOf('\n', lineEnd) + 1;
  }

  /** The YAML region without its final line break. */
  private yamlRegionEndBeforeBreak(p: PropertyNode): number {
    let end = this.yamlRegionEnd(p);
    if (end > 0 && this.text[end - 1] === '\n') end--;
    if (end > 0 && this.text[end - 1] === '\r') end--;
    return end;
  }

  private valueEnd(p: PropertyNode): number {
    return p.value ? p.value.span.offset + p.value.span.length : p.keySpan.offset + p.keySpan.length;
  }

  // --- rendering --------------------------------------------------------------------------

  private keyText(key: string): string {
    return this.yaml ? yamlScalarText(key) : JSON.stringify(key);
  }

  /** Replaces `from` at the start of every line (but the first, unless `first`) by `to`. */
  private reindent(text: string, from: string, to: string, first: boolean): string {
    return text
      .split('\n')
      .map((line, i) => ((i > 0 || first) && line.startsWith(from) ? to + line.slice(from.length) : line))
      .join('\n');
  }

  private jsonText(data: JsonValue, indent: string, oneLine: boolean): string {
    if (oneLine) return JSON.stringify(data);
    return JSON.stringify(data, null, this.unit)
      .split('\n')
      .join(this.eol + indent);
  }

  /** YAML block lines of a collection's content, each starting with its indentation, joined by line breaks. */
  private yamlBlock(data: JsonValue, indent: string): string | undefined {
    if (Array.isArray(data)) {
      if (data.length === 0) return undefined;
      return data
        .map((item) => {
          if (item !== null && typeof item === 'object') {
            const inner = this.yamlBlock(item, indent + '  ');
            if (inner === undefined) return `${indent}- ${Array.isArray(item) ? '[]' : '{}'}`;
            return `${indent}- ${inner.slice(indent.length + 2)}`;
          }
          return `${indent}- ${yamlScalarText(item)}`;
        })
        .join(this.eol);
    }
    if (data !== null && typeof data === 'object') {
      const keys = Object.keys(data);
      if (keys.length === 0) return undefined;
      return keys.map((k) => indent + this.renderMember({ key: k, data: data[k] }, indent, false)).join(this.eol);
    }
    return undefined;
  }

  /**
   * A member's text, without indentation before its first line or a line break after its last;
   * its inner lines are indented for a member written at `indent`.
   */
  renderMember(m: NewMember, indent: string, commas: boolean, oneLine = false): string {
    const key = this.keyText(m.key);
    if ('data' in m) {
      if (commas) return `${key}: ${this.jsonText(m.data, indent, oneLine)}`;
      const block = this.yamlBlock(m.data, indent + this.unit);
      if (block !== undefined) return `${key}:${this.eol}${block}`;
      const empty = Array.isArray(m.data) ? '[]' : m.data !== null && typeof m.data === 'object' ? '{}' : undefined;
      return `${key}: ${empty ?? yamlScalarText(m.data as string | number | boolean | null)}`;
    }
    if ('children' in m) {
      if (m.children.length === 0) return `${key}: {}`;
      const inner = indent + this.unit;
      if (commas) {
        if (oneLine) return `${key}: { ${m.children.map((c) => this.renderMember(c, inner, true, true)).join(', ')} }`;
        const body = m.children.map((c) => inner + this.renderMember(c, inner, true)).join(',' + this.eol);
        return `${key}: {${this.eol}${body}${this.eol}${indent}}`;
      }
      return `${key}:${this.eol}${m.children.map((c) => inner + this.renderMember(c, inner, false)).join(this.eol)}`;
    }
    return this.movedMember(key, m.from, indent, commas);
  }

  /** A member of the file, written again under `key` at `indent`: its value's own text, comments kept. */
  private movedMember(key: string, from: PropertyNode, indent: string, commas: boolean): string {
    const value = from.value;
    if (!value) return `${key}: null`;
    const oldIndent = this.indentAt(from.keySpan.offset);
    const valueStart = value.span.offset;
    const between = this.text.slice(from.keySpan.offset + from.keySpan.length, valueStart);
    const block = this.yaml && this.startsLine(from);
    if (!commas && block && between.includes('\n')) {
      // A block collection on the lines below its key: those lines, shifted to the new indentation.
      const lines = this.text.slice(this.lineStart(valueStart), this.yamlRegionEndBeforeBreak(from));
      return `${key}:${this.eol}${this.reindent(lines, oldIndent, indent, true)}`;
    }
    // A block member brings its trailing comment; a flow member ends with its value.
    const end = block && !commas ? this.yamlRegionEndBeforeBreak(from) : this.valueEnd(from);
    return `${key}: ${this.reindent(this.text.slice(valueStart, end), oldIndent, indent, false)}`;
  }

  // --- edits --------------------------------------------------------------------------------

  private push(offset: number, length: number, newText: string): void {
    this.edits.push({ offset, length, newText, seq: this.edits.length });
  }

  renameKey(p: PropertyNode, name: string): void {
    const original = this.text.slice(p.keySpan.offset, p.keySpan.offset + p.keySpan.length);
    const quoted = !this.yaml || original.startsWith('"') ? JSON.stringify(name) : original.startsWith("'") ? `'${name}'` : name;
    this.push(p.keySpan.offset, p.keySpan.length, quoted);
  }

  /** Replaces a scalar value by a string, in JSON quoting or as a YAML scalar (quoted only when needed). */
  replaceScalar(node: SyntaxNode, value: string): void {
    this.push(
      node.span.offset,
      node.span.length,
      this.yaml && this.text[node.span.offset] !== '"' ? yamlScalarText(value) : JSON.stringify(value),
    );
  }

  /** Writes `members` right after member `p` of `parent`. */
  insertAfter(parent: ObjectNode, p: PropertyNode, members: NewMember[]): void {
    if (members.length === 0) return;
    const indent = this.indentAt(p.keySpan.offset);
    if (this.commaStyle(parent)) {
      const one = this.oneLine(parent);
      const sep = one ? ', ' : ',' + this.eol + indent;
      this.push(this.valueEnd(p), 0, members.map((m) => sep + this.renderMember(m, indent, true, one)).join(''));
      return;
    }
    const at = this.yamlRegionEnd(p);
    const lead = at === this.text.length && !this.text.endsWith('\n') ? this.eol : '';
    this.push(at, 0, lead + members.map((m) => indent + this.renderMember(m, indent, false) + this.eol).join(''));
  }

  /** Writes `members` right before member `p` of `parent`. */
  insertBefore(parent: ObjectNode, p: PropertyNode, members: NewMember[]): void {
    if (members.length === 0) return;
    const indent = this.indentAt(p.keySpan.offset);
    if (this.commaStyle(parent)) {
      const one = this.oneLine(parent);
      const sep = one ? ', ' : ',' + this.eol + indent;
      this.push(p.keySpan.offset, 0, members.map((m) => this.renderMember(m, indent, true, one) + sep).join(''));
      return;
    }
    if (this.text.slice(this.lineStart(p.keySpan.offset), p.keySpan.offset).trim() === '') {
      // At the start of the key's line, so that the new lines come before comments on that line's left.
      this.push(this.lineStart(p.keySpan.offset), 0, members.map((m) => indent + this.renderMember(m, indent, false) + this.eol).join(''));
    } else {
      // The first key of a sequence item (`- name: …`): the new members take its place after the dash.
      this.push(p.keySpan.offset, 0, members.map((m) => this.renderMember(m, indent, false) + this.eol + indent).join(''));
    }
  }

  /** Replaces member `p` of `parent` (key and value) by `members`. */
  replaceMember(parent: ObjectNode, p: PropertyNode, members: NewMember[]): void {
    if (members.length === 0) return this.removeMember(parent, p);
    const indent = this.indentAt(p.keySpan.offset);
    if (this.commaStyle(parent)) {
      const one = this.oneLine(parent);
      const sep = one ? ', ' : ',' + this.eol + indent;
      const text = members.map((m) => this.renderMember(m, indent, true, one)).join(sep);
      this.push(p.keySpan.offset, this.valueEnd(p) - p.keySpan.offset, text);
      return;
    }
    const end = this.yamlRegionEndBeforeBreak(p);
    const text = members.map((m) => this.renderMember(m, indent, false)).join(this.eol + indent);
    this.push(p.keySpan.offset, end - p.keySpan.offset, text);
  }

  /** Removes member `p` of `parent`, with its separator (a comma, or its lines). */
  removeMember(parent: ObjectNode, p: PropertyNode): void {
    if (!this.commaStyle(parent)) {
      let start = this.lineStart(p.keySpan.offset);
      const end = this.yamlRegionEnd(p);
      // Between two blank lines (or a blank line and the end), one of them goes with the member.
      const blankAfter = end >= this.text.length || this.text.slice(end, this.lineEnd(end)).trim() === '';
      const before = start > 0 ? this.lineStart(start - 1) : -1;
      if (blankAfter && before >= 0 && this.text.slice(before, start).trim() === '') start = before;
      this.push(start, end - start, '');
      return;
    }
    const i = parent.properties.indexOf(p);
    const next = parent.properties[i + 1];
    const previous = parent.properties[i - 1];
    if (next) this.push(p.keySpan.offset, next.keySpan.offset - p.keySpan.offset, '');
    else if (previous) this.push(this.valueEnd(previous), this.valueEnd(p) - this.valueEnd(previous), '');
    else this.push(p.keySpan.offset, this.valueEnd(p) - p.keySpan.offset, '');
  }

  /** YAML block style only: turns member `p`'s lines into comments under a heading line. */
  commentOut(p: PropertyNode, heading: string): boolean {
    if (!this.yaml || this.text[this.analysis.root?.span.offset ?? 0] === '{') return false;
    const start = this.lineStart(p.keySpan.offset);
    const end = this.yamlRegionEndBeforeBreak(p);
    const indent = this.indentAt(p.keySpan.offset);
    const lines = this.text
      .slice(start, end)
      .split('\n')
      .map((line) => `${indent}# ${line.replace(/\r$/, '').slice(indent.length)}`);
    this.push(start, end - start, [`${indent}# ${heading}`, ...lines].join(this.eol));
    return true;
  }

  // --- result -------------------------------------------------------------------------------

  /**
   * The edits in text order, inserts at one place merged (in the order they were made), or
   * undefined when two of them overlap (a migration that would garble the text is refused).
   */
  result(): FileEdit[] | undefined {
    const sorted = [...this.edits].sort(
      (a, b) => a.offset - b.offset || (a.length === 0 ? 0 : 1) - (b.length === 0 ? 0 : 1) || a.seq - b.seq,
    );
    const merged: PendingEdit[] = [];
    for (const e of sorted) {
      const last = merged[merged.length - 1];
      if (last && e.offset < last.offset + last.length) return undefined;
      if (last && last.length === 0 && last.offset === e.offset) {
        merged[merged.length - 1] = { ...last, length: e.length, newText: last.newText + e.newText };
      } else {
        merged.push(e);
      }
    }
    return merged.map((e) => ({ file: this.analysis.path, span: { offset: e.offset, length: e.length }, newText: e.newText }));
  }
}

/** Applies edits in text order (as `result()` gives them) to a text. */
export function applyOrderedEdits(text: string, edits: readonly FileEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.span.offset) + e.newText;
    at = e.span.offset + e.span.length;
  }
  return out + text.slice(at);
}
