// Finds the completion context in JSON text that may be incomplete or broken, using
// jsonc-parser's error-tolerant scanner (`getLocation`) and the parsed tree for present members.

import { getLocation } from 'jsonc-parser';
import { blankByteOrderMark } from '../document/byteOrderMark';
import type { CompletionContext } from './completionContext';
import { jsonNestingTooDeep } from '../document/jsonNesting';
import { nodeAtPath, type JsonPath, type SyntaxNode, type TextSpan } from '../document/syntaxTree';

const SCALAR_TYPES = new Set(['string', 'number', 'boolean', 'null']);

/** `,` when another member or value follows the insert position, else nothing. */
function separatorAfter(text: string, from: number): string {
  const rest = text.slice(from).trimStart();
  return rest.length === 0 || ',}]'.includes(rest[0]) ? '' : ',';
}

/** A bare word (no quotes) around the offset, such as `thr` or `tru` typed without quotes. */
function bareWordAround(text: string, offset: number): TextSpan | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1])) start--;
  while (end < text.length && /[\w.-]/.test(text[end])) end++;
  return end > start ? { offset: start, length: end - start } : undefined;
}

/** Whether the offset is just after a closed string token (`"abc"|`), where nothing is completed. */
function isAfterClosedString(text: string, token: TextSpan, offset: number): boolean {
  const end = token.offset + token.length;
  return offset === end && token.length >= 2 && text[end - 1] === '"';
}

/** Whether the offset lies inside a node's brackets (a node missing its closing bracket extends to the end). */
function isInside(text: string, node: SyntaxNode | undefined, offset: number): boolean {
  if (!node) return true;
  const end = node.span.offset + node.span.length;
  const closed = node.kind !== 'scalar' && (text[end - 1] === '}' || text[end - 1] === ']');
  return offset > node.span.offset && (offset < end || !closed);
}

function membersOf(root: SyntaxNode | undefined, path: JsonPath, except: TextSpan | undefined): Set<string> {
  const node = nodeAtPath(root, path);
  const keys = new Set<string>();
  if (node?.kind !== 'object') return keys;
  for (const p of node.properties) {
    if (except && p.keySpan.offset === except.offset) continue;
    keys.add(p.key);
  }
  return keys;
}

export function jsonCompletionContext(text: string, root: SyntaxNode | undefined, offset: number): CompletionContext | undefined {
  // getLocation recurses once per level: a text nested too deep would overflow the stack.
  if (jsonNestingTooDeep(text)) return undefined;
  const location = getLocation(blankByteOrderMark(text), offset);
  const previous = location.previousNode;
  const path = location.path;

  if (location.isAtPropertyKey) {
    const objectPath = path.slice(0, -1);
    if (!isInside(text, nodeAtPath(root, objectPath), offset)) return undefined;
    let replaceSpan: TextSpan | undefined;
    let nameOnly = false;
    if (previous && previous.type === 'property' && offset >= previous.offset && offset <= previous.offset + previous.length) {
      replaceSpan = { offset: previous.offset, length: previous.length };
      if (isAfterClosedString(text, replaceSpan, offset)) return undefined;
      nameOnly = /^\s*:/.test(text.slice(previous.offset + previous.length));
    } else {
      replaceSpan = bareWordAround(text, offset);
    }
    const end = replaceSpan ? replaceSpan.offset + replaceSpan.length : offset;
    return {
      kind: 'property',
      objectPath,
      existing: membersOf(root, objectPath, replaceSpan),
      replaceSpan,
      nameOnly,
      separatorAfter: separatorAfter(text, end),
      continuation: '',
    };
  }

  if (previous && SCALAR_TYPES.has(previous.type)) {
    const token = { offset: previous.offset, length: previous.length };
    const end = token.offset + token.length;
    if (offset > end) {
      // After a complete value on a later line (a comma is missing): a new member of the enclosing object.
      const last = path[path.length - 1];
      if (typeof last !== 'string' || !/[\r\n]/.test(text.slice(end, offset))) return undefined;
      const objectPath = path.slice(0, -1);
      return {
        kind: 'property',
        objectPath,
        existing: membersOf(root, objectPath, undefined),
        nameOnly: false,
        separatorAfter: separatorAfter(text, offset),
        continuation: '',
      };
    }
    if (isAfterClosedString(text, token, offset)) return undefined;
    return {
      kind: 'value',
      valuePath: path,
      replaceSpan: token,
      hasValue: true,
      separatorAfter: separatorAfter(text, end),
      continuation: '',
    };
  }

  // Next to an object or array written there (such as after the root's closing brace) there is nothing to complete.
  const present = nodeAtPath(root, path);
  if (present && present.kind !== 'scalar') return undefined;
  const word = bareWordAround(text, offset);
  const end = word ? word.offset + word.length : offset;
  return {
    kind: 'value',
    valuePath: path,
    replaceSpan: word,
    hasValue: word !== undefined,
    separatorAfter: separatorAfter(text, end),
    continuation: '',
  };
}
