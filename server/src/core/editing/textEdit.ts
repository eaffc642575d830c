// Minimal text edits: replace a scalar value while keeping its quoting style and everything else.
// A YAML alias (`digest: *who`) is replaced by the value itself, never its anchored target.

import type { FileAnalysis } from '../rules/fileAnalysis';
import type { TextSpan } from '../document/syntaxTree';

export interface FileEdit {
  file: string;
  span: TextSpan;
  newText: string;
}

/**
 * Whether the text at `span` is a YAML alias (`*name`). The parser places every node an alias
 * produces on the alias itself, so an edit there replaces the alias, not the anchored value.
 */
export function isAliasAt(analysis: FileAnalysis, span: TextSpan): boolean {
  return analysis.format === 'yaml' && analysis.text.charCodeAt(span.offset) === 0x2a; /* * */
}

/**
 * Whether the YAML value at `span` carries an anchor (`&name value`, after any tag) that an alias
 * (`*name`) uses elsewhere in the text: replacing the value would change those copies too, so a
 * digest or key written there would not be the one the file then has (a brief whose `digest` is
 * copied into its content has no digest that stays right).
 */
export function isSharedAnchorAt(analysis: FileAnalysis, span: TextSpan): boolean {
  if (analysis.format !== 'yaml') return false;
  const text = analysis.text;
  const lineStart = Math.max(text.lastIndexOf('\n', span.offset - 1), text.lastIndexOf('\r', span.offset - 1)) + 1;
  // The properties before the value on its line: `&name`, `!tag`, in either order.
  for (const token of text
    .slice(lineStart, span.offset)
    .split(/[ \t]+/)
    .reverse()) {
    if (token === '') continue;
    if (token.startsWith('!')) continue;
    if (!token.startsWith('&') || token.length === 1) return false;
    const name = token.slice(1).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    return new RegExp(`\\*${name}(?![^\\s,\\[\\]{}])`).test(text);
  }
  return false;
}

/**
 * Replaces the string scalar at `span` with `value`, keeping JSON quoting or the YAML quote style;
 * an alias there is replaced by the plain (or, when needed, double-quoted) value.
 */
export function replaceStringValue(analysis: FileAnalysis, span: TextSpan, value: string): FileEdit {
  const original = analysis.text.slice(span.offset, span.offset + span.length);
  let newText: string;
  if (analysis.format === 'json') {
    newText = JSON.stringify(value);
  } else if (original.startsWith("'")) {
    newText = `'${value.replace(/'/g, "''")}'`;
  } else if (original.startsWith('"') || !/^[A-Za-z0-9_./:-]+$/.test(value)) {
    newText = JSON.stringify(value);
  } else {
    newText = value;
  }
  return { file: analysis.path, span, newText };
}

/** Replaces the key at `span` with another property name. */
export function renameKey(analysis: FileAnalysis, span: TextSpan, name: string): FileEdit {
  const original = analysis.text.slice(span.offset, span.offset + span.length);
  const quoted =
    analysis.format === 'json' || original.startsWith('"') ? JSON.stringify(name) : original.startsWith("'") ? `'${name}'` : name;
  return { file: analysis.path, span, newText: quoted };
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: { span: TextSpan; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.span.offset - a.span.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}
