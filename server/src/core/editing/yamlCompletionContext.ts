// Finds the completion context in YAML text that may be incomplete. The cursor line is read as
// text (indentation, `- ` entries, `key:`, partial words); to learn which mapping the line belongs
// to, the line is replaced by a marker key or value and the patched text is parsed, so the YAML
// parser itself decides the nesting from the indentation.

import type { CompletionContext } from './completionContext';
import { parseYaml } from '../document/parseYaml';
import type { JsonPath, ObjectNode, SyntaxNode, TextSpan } from '../document/syntaxTree';

const MARKER = 'alloy_completion_marker_5b0e';

/** A key at the start of a line's content: plain or quoted, followed by `:` and a space or the end. */
const KEY_PATTERN = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#:{}[\]&*!|>%@`,-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

interface MarkerPlace {
  /** The object holding the marker key, and its path. */
  object?: { path: JsonPath; node: ObjectNode };
  /** The path of the marker value. */
  valuePath?: JsonPath;
}

function findMarker(node: SyntaxNode | undefined, path: JsonPath): MarkerPlace | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value === MARKER ? { valuePath: path } : undefined;
  if (node.kind === 'array') {
    for (let i = 0; i < node.items.length; i++) {
      const found = findMarker(node.items[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const p of node.properties) {
    if (p.key === MARKER) return { object: { path, node } };
    const found = findMarker(p.value, [...path, p.key]);
    if (found) return found;
  }
  return undefined;
}

function locateMarker(text: string, lineStart: number, lineEnd: number, patchedLine: string): MarkerPlace | undefined {
  const patched = text.slice(0, lineStart) + patchedLine + text.slice(lineEnd);
  return findMarker(parseYaml(patched).root, []);
}

function spanOf(lineStart: number, from: number, to: number): TextSpan | undefined {
  return to > from ? { offset: lineStart + from, length: to - from } : undefined;
}

/** The end of a value on a line: before a ` #` comment, trailing blanks dropped. */
function valueEnd(line: string, from: number): number {
  const comment = line.slice(from).search(/(^|[ \t])#/);
  const end = comment < 0 ? line.length : from + comment;
  let e = end;
  while (e > from && /[ \t]/.test(line[e - 1])) e--;
  return e;
}

export function yamlCompletionContext(text: string, offset: number): CompletionContext | undefined {
  // Lines end at LF, CRLF or a lone CR (all YAML line breaks).
  // (lastIndexOf reads a negative start as 0, so the first line needs no search.)
  const lineStart = offset <= 0 ? 0 : Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const lf = text.indexOf('\n', offset);
  const cr = text.indexOf('\r', offset);
  const lineEnd = Math.min(lf < 0 ? text.length : lf, cr < 0 ? text.length : cr);
  if (offset > lineEnd) return undefined;
  const line = text.slice(lineStart, lineEnd);
  const column = offset - lineStart;

  const lead = /^( *)((?:-(?: +|$))*)/.exec(line)!;
  const indent = lead[1].length;
  const blankLine = line.trim().length === 0;
  // On a blank line the cursor column is where the new key goes.
  const keyColumn = blankLine ? column : lead[0].length;
  if (column < keyColumn) return undefined;
  const continuation = ' '.repeat(Math.max(0, keyColumn - indent));
  const prefix = blankLine ? ' '.repeat(column) : line.slice(0, keyColumn);
  const rest = blankLine ? '' : line.slice(keyColumn);
  if (rest.startsWith('#') || /[{}[\]]/.test(rest.slice(0, column - keyColumn))) return undefined;

  const key = KEY_PATTERN.exec(rest);
  if (key) {
    const keyEnd = keyColumn + key[1].length;
    const colon = keyColumn + key[0].length - 1;
    if (column <= keyEnd) {
      const place = locateMarker(text, lineStart, lineEnd, prefix + MARKER + line.slice(keyEnd));
      if (!place?.object) return undefined;
      return propertyContext(place.object, spanOf(lineStart, keyColumn, keyEnd), true, continuation);
    }
    if (column <= colon) return undefined;
    let start = colon + 1;
    while (start < line.length && /[ \t]/.test(line[start])) start++;
    const end = valueEnd(line, start);
    // In the blanks before a written value there is nothing to complete.
    if (end > start && column < start) return undefined;
    // Nor in a comment after the value.
    if (column > end && line.slice(end, column).includes('#')) return undefined;
    if (/^[|>&*!{[]/.test(line.slice(start, end))) return undefined;
    const place = locateMarker(text, lineStart, lineEnd, line.slice(0, colon + 1) + ' ' + MARKER);
    if (!place?.valuePath) return undefined;
    const replaceSpan = spanOf(lineStart, start, end);
    const insertPrefix = !replaceSpan && column === colon + 1 ? ' ' : '';
    return {
      kind: 'value',
      valuePath: place.valuePath,
      replaceSpan,
      hasValue: replaceSpan !== undefined,
      insertPrefix,
      separatorAfter: '',
      continuation,
    };
  }

  const word = rest.replace(/[ \t]+$/, '');
  if (/[\s:#]/.test(word) || column > keyColumn + word.length) return undefined;
  if (word.length === 0 && lead[2].length > 0) {
    // A fresh `- ` entry: a scalar item, or the first key of a mapping item.
    const spaced = prefix.endsWith(' ') ? prefix : prefix + ' ';
    const place = locateMarker(text, lineStart, lineEnd, spaced + MARKER);
    if (!place?.valuePath) return undefined;
    const insertPrefix = spaced === prefix ? '' : ' ';
    return {
      kind: 'value',
      valuePath: place.valuePath,
      hasValue: false,
      sequenceEntry: true,
      insertPrefix,
      separatorAfter: '',
      continuation: continuation + insertPrefix,
    };
  }
  const place = locateMarker(text, lineStart, lineEnd, prefix + MARKER + ':');
  if (!place?.object) return undefined;
  return propertyContext(place.object, spanOf(lineStart, keyColumn, keyColumn + word.length), false, continuation);
}

function propertyContext(
  object: { path: JsonPath; node: ObjectNode },
  replaceSpan: TextSpan | undefined,
  nameOnly: boolean,
  continuation: string,
): CompletionContext {
  const existing = new Set(object.node.properties.map((p) => p.key).filter((k) => k !== MARKER));
  return { kind: 'property', objectPath: object.path, existing, replaceSpan, nameOnly, separatorAfter: '', continuation };
}
