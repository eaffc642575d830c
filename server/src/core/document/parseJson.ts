// Strict JSON parsing with positions (jsonc-parser): comments and trailing commas are errors,
// because Foundry receives the file's bytes as JSON. Every span lies inside the text, and at most
// 100 `syntax` errors are listed one by one (syntaxCap.ts).

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { blankByteOrderMark } from './byteOrderMark';
import type { PendingDiagnostic } from './diagnostic';
import { jsonNestingTooDeep } from './jsonNesting';
import { nestingTooDeep } from './nestingLimit';
import { isStackExhaustion, stackExhausted } from './stackExhaustion';
import { capSyntaxProblems } from './syntaxCap';
import type { PropertyNode, SyntaxNode, TextSpan } from './syntaxTree';

export interface ParseOutcome {
  root: SyntaxNode | undefined;
  problems: PendingDiagnostic[];
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon expected',
  CommaExpected: 'Comma expected',
  CloseBraceExpected: 'Closing brace expected',
  CloseBracketExpected: 'Closing bracket expected',
  EndOfFileExpected: 'End of file expected',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Unexpected end of comment',
  UnexpectedEndOfString: 'Unexpected end of string',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid unicode sequence in string',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Invalid character in string',
};

export function parseJson(source: string): ParseOutcome {
  try {
    return parseJsonText(source);
  } catch (error) {
    // The nesting is bounded before parsing; this is for a caller that was already deep in its stack.
    if (isStackExhaustion(error)) return { root: undefined, problems: [stackExhausted(source)] };
    throw error;
  }
}

function parseJsonText(source: string): ParseOutcome {
  const text = blankByteOrderMark(source);
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep) return { root: undefined, problems: [nestingTooDeep(tooDeep)] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const problems: PendingDiagnostic[] = errors.flatMap((e) => {
    const name = printParseErrorCode(e.error);
    // jsonc-parser puts a raw control character on the whole string: each one is placed on itself.
    if (name === 'InvalidCharacter') {
      const controls = controlCharactersIn(text, e.offset, e.offset + e.length);
      if (controls.length > 0) return controls;
    }
    const comma = trailingCommaBefore(text, e.offset);
    if (comma !== undefined && (name === 'PropertyNameExpected' || name === 'ValueExpected')) {
      // jsonc-parser reports a trailing comma (once or twice) on the closing bracket; VS Code puts it on the comma.
      return { code: 'syntax', message: 'Trailing comma', span: { offset: comma, length: 1 } };
    }
    return { code: 'syntax', message: MESSAGES[name] ?? name, span: spanInside(text, e.offset, e.length) };
  });
  const root = tree ? convert(tree, problems) : undefined;
  return { root, problems: capSyntaxProblems(problems) };
}

/**
 * A parse error's span, kept inside the text: jsonc-parser puts an unterminated comment's error one
 * past the end (`/*` gives 0+3). At least one character, unless the error is at the very end.
 */
function spanInside(text: string, offset: number, length: number): TextSpan {
  const start = Math.max(0, Math.min(offset, text.length));
  const end = Math.max(start, Math.min(offset + length, text.length));
  return { offset: start, length: Math.max(end - start, start < text.length ? 1 : 0) };
}

/** One `syntax` diagnostic on each raw control character (U+0000 to U+001F) in `text[from, to)`. */
function controlCharactersIn(text: string, from: number, to: number): PendingDiagnostic[] {
  const problems: PendingDiagnostic[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20) continue;
    const hex = c.toString(16).toUpperCase().padStart(4, '0');
    const name = c === 0 ? ' (NUL)' : '';
    problems.push({
      code: 'syntax',
      message: `The control character U+${hex}${name} is not allowed in a JSON string; write it as "\\u${hex.toLowerCase()}"`,
      span: { offset: i, length: 1 },
    });
  }
  return problems;
}

/** The offset of a comma that directly precedes (whitespace aside) the `}` or `]` at `offset`. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  if (text[offset] !== '}' && text[offset] !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}

function convert(node: Node, problems: PendingDiagnostic[]): SyntaxNode {
  const span = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object': {
      const properties: PropertyNode[] = [];
      const seen = new Set<string>();
      for (const child of node.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const keySpan = { offset: keyNode.offset, length: keyNode.length };
        if (seen.has(key)) {
          problems.push({ code: 'syntax', message: `Duplicate key "${key}": JSON data must have unique keys`, span: keySpan });
        }
        seen.add(key);
        properties.push({ key, keySpan, value: valueNode ? convert(valueNode, problems) : undefined });
      }
      return { kind: 'object', span, properties };
    }
    case 'array':
      return { kind: 'array', span, items: (node.children ?? []).map((c) => convert(c, problems)) };
    case 'number':
      if (!Number.isFinite(node.value)) {
        // 1e400 is valid JSON text but no double: JSON.parse and RFC 8785 see Infinity.
        problems.push({
          code: 'schema',
          message: 'This number is too large to be represented (it overflows to Infinity), so the file cannot be hashed',
          span,
        });
        return { kind: 'scalar', span, value: null };
      }
      return { kind: 'scalar', span, value: node.value as number };
    case 'string':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', span, value: node.value as string | number | boolean | null };
    default:
      return { kind: 'scalar', span, value: null };
  }
}
