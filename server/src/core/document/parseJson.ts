// Strict JSON parsing with positions (jsonc-parser's scanner and error recovery, read by
// jsonRecoveringReader.ts): comments and trailing commas are errors, because Foundry receives the
// file's bytes as JSON. Every span lies inside the text, and at most 100 `syntax` errors are
// listed one by one (syntaxCap.ts).

import { printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { blankByteOrderMark } from './byteOrderMark';
import type { PendingDiagnostic } from './diagnostic';
import { duplicateKey, overflowingNumber } from './jsonDataProblems';
import { jsonNestingTooDeep } from './jsonNesting';
import { readJsonWithRecovery, type JsonEvents } from './jsonRecoveringReader';
import { nestingTooDeep } from './nestingLimit';
import { guardStack } from './stackExhaustion';
import { capSyntaxProblems } from './syntaxCap';
import {
  setMember,
  type ArrayNode,
  type JsonValue,
  type ObjectNode,
  type PropertyNode,
  type SyntaxNode,
  type TextSpan,
} from './syntaxTree';

export interface ParseOutcome {
  root: SyntaxNode | undefined;
  problems: PendingDiagnostic[];
  /** The data of `root` (`toValue(root)`), when the parser gives it as it reads. */
  value?: JsonValue | undefined;
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
  return guardStack(source, parseJsonText);
}

function parseJsonText(source: string): ParseOutcome {
  const text = blankByteOrderMark(source);
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep) return { root: undefined, problems: [nestingTooDeep(tooDeep)] };
  const builder = new TreeBuilder();
  readJsonWithRecovery(text, builder);
  const problems = syntaxProblems(text, builder.errors);
  for (const p of builder.problems) problems.push(p);
  const { node: root, value } = builder.root;
  return { root, value, problems: capSyntaxProblems(problems) };
}

/** jsonc-parser's errors as `syntax` diagnostics, in its order. */
export function syntaxProblems(text: string, errors: readonly ParseError[]): PendingDiagnostic[] {
  return errors.flatMap((e) => {
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

/** An open container or property while the reader reads the text (parseTree's `currentParent`). */
type Open =
  | { kind: 'root'; node: SyntaxNode | undefined; value: JsonValue | undefined; parent: undefined }
  | { kind: 'object'; node: ObjectNode; value: { [key: string]: JsonValue }; seen: Set<string>; parent: Open }
  | { kind: 'array'; node: ArrayNode; value: JsonValue[]; parent: Open }
  | { kind: 'property'; node: PropertyNode; parent: Open & { kind: 'object' } };

/**
 * Builds the tree and the data from the reader's events in one pass, exactly as jsonc-parser's
 * `parseTree` nests its nodes (a property stays open until its value, a `,` or the object's end;
 * a container's length runs to its closing token, or to the end of the text), with no
 * intermediate tree: for a large file that tree and its conversion were half the parse.
 * Repeated keys and numbers that overflow are reported in text order.
 */
class TreeBuilder implements JsonEvents {
  readonly root: Open & { kind: 'root' } = { kind: 'root', node: undefined, value: undefined, parent: undefined };
  private open: Open = this.root;

  /** Repeated keys and overflowing numbers, in text order (after the parse errors). */
  readonly problems: PendingDiagnostic[] = [];
  readonly errors: ParseError[] = [];

  /** A value node and its data, added where parseTree's `onValue` adds it. */
  private add(node: SyntaxNode, value: JsonValue): void {
    const open = this.open;
    if (open.kind === 'array') {
      open.node.items.push(node);
      open.value.push(value);
    } else if (open.kind === 'property') {
      if (open.node.value !== undefined) return;
      open.node.value = node;
      setMember(open.parent.value, open.node.key, value);
    } else if (open.kind === 'root') {
      if (open.node !== undefined) return;
      open.node = node;
      open.value = value;
    }
  }

  /** Closes an open property (its value is complete, or will not come). */
  private closeProperty(): void {
    if (this.open.kind === 'property') this.open = this.open.parent;
  }

  onObjectBegin = (offset: number): void => {
    const node: ObjectNode = { kind: 'object', span: { offset, length: -1 }, properties: [] };
    const value: { [key: string]: JsonValue } = {};
    this.add(node, value);
    this.open = { kind: 'object', node, value, seen: new Set(), parent: this.open };
  };

  onObjectProperty = (key: string, offset: number, length: number): void => {
    const open = this.open;
    if (open.kind !== 'object') return;
    const keySpan = { offset, length };
    if (open.seen.has(key)) this.problems.push(duplicateKey(key, keySpan));
    open.seen.add(key);
    const node: PropertyNode = { key, keySpan, value: undefined };
    open.node.properties.push(node);
    this.open = { kind: 'property', node, parent: open };
  };

  onObjectEnd = (offset: number, length: number): void => {
    this.closeProperty();
    this.closeContainer(offset + length);
  };

  onArrayBegin = (offset: number): void => {
    const node: ArrayNode = { kind: 'array', span: { offset, length: -1 }, items: [] };
    const value: JsonValue[] = [];
    this.add(node, value);
    this.open = { kind: 'array', node, value, parent: this.open };
  };

  onArrayEnd = (offset: number, length: number): void => {
    this.closeContainer(offset + length);
  };

  onLiteralValue = (value: string | number | boolean | null, offset: number, length: number): void => {
    const span = { offset, length };
    if (typeof value === 'number' && !Number.isFinite(value)) {
      this.problems.push(overflowingNumber(span));
      this.add({ kind: 'scalar', span, value: null }, null);
    } else {
      this.add({ kind: 'scalar', span, value }, value);
    }
    this.closeProperty();
  };

  onError = (error: ParseErrorCode, offset: number, length: number): void => {
    this.errors.push({ error, offset, length });
  };

  onComma = (): void => {
    this.closeProperty();
  };

  /** Ends the innermost container at `end`, then the property it was the value of. */
  private closeContainer(end: number): void {
    const open = this.open;
    if (open.kind === 'object' || open.kind === 'array') {
      open.node.span.length = end - open.node.span.offset;
      this.open = open.parent;
    }
    this.closeProperty();
  }
}
