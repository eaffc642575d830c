// The outline of a request or a brief: its top-level sections, the members of each section that is
// an object, and in a brief each protected capability (named by its `id`, with its
// `evidence_required` items) and each `evidence_plan.required` / `suggested` item (named by its
// text). Also the file's workspace symbol: a brief's `id`, a request's `request_id`. Other files have
// no symbols (the JSON and YAML servers outline them).

import type { Range } from '../document/lineIndex';
import type { FileAnalysis } from '../rules/fileAnalysis';
import { nodeAtPath, spanEnd, stringValueAt, type PropertyNode, type SyntaxNode, type TextSpan } from '../document/syntaxTree';
import { unquotedSpan } from './unquotedSpan';

export type AlloySymbolKind =
  'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'capability' | 'evidence' | 'brief' | 'request';

export interface AlloySymbol {
  name: string;
  kind: AlloySymbolKind;
  /** A scalar's value (shortened), a capability's statement, an array's item count. */
  detail?: string;
  /** All of it: a property from its key to the end of its value, an item its whole span. */
  range: Range;
  /** What to reveal: a property's key, a capability's `id` value, an item itself. */
  selectionRange: Range;
  children: AlloySymbol[];
}

/** How long a detail may be before it is cut (with an ellipsis). */
export const DETAIL_LIMIT = 80;

/** The symbols of a request or brief, in text order; none for other files or text without data. */
export function documentSymbolsOf(analysis: FileAnalysis): AlloySymbol[] {
  if (analysis.kind !== 'request' && analysis.kind !== 'brief') return [];
  const root = analysis.root;
  if (root?.kind !== 'object') return [];
  const isBrief = analysis.kind === 'brief';
  return root.properties.map((property) => {
    const symbol = propertySymbol(analysis, property);
    const value = property.value;
    if (isBrief && property.key === 'protected_capabilities' && value?.kind === 'array') {
      symbol.children = value.items.map((item, index) => capabilitySymbol(analysis, item, index));
    } else if (value?.kind === 'object') {
      symbol.children = value.properties.map((member) => {
        const child = propertySymbol(analysis, member);
        const items = member.value;
        if (isBrief && property.key === 'evidence_plan' && items?.kind === 'array') {
          child.children = items.items.map((item, index) => evidenceSymbol(analysis, item, index));
        }
        return child;
      });
    }
    return symbol;
  });
}

/** The symbol that stands for the whole file in a workspace search: a brief's `id`, a request's `request_id`. */
export interface FileSymbol {
  name: string;
  kind: 'brief' | 'request';
  file: string;
  /** The id's value without its quotes. */
  range: Range;
}

/** The file's id, read from its data (no syntax tree is built). */
export function symbolIdOf(analysis: FileAnalysis): string | undefined {
  if (analysis.kind !== 'request' && analysis.kind !== 'brief') return undefined;
  const id = stringValueAt(analysis.value, [idMember(analysis.kind)]);
  return id !== undefined && id.length > 0 ? id : undefined;
}

/** The file's symbol with the id's range (this builds the syntax tree). */
export function fileSymbolOf(analysis: FileAnalysis): FileSymbol | undefined {
  const name = symbolIdOf(analysis);
  if (name === undefined || (analysis.kind !== 'request' && analysis.kind !== 'brief')) return undefined;
  const node = nodeAtPath(analysis.root, [idMember(analysis.kind)]);
  if (node?.kind !== 'scalar') return undefined;
  const span = unquotedSpan(analysis.text, node.span);
  return { name, kind: analysis.kind, file: analysis.path, range: analysis.lines.rangeOf(span.offset, span.length) };
}

function idMember(kind: 'request' | 'brief'): string {
  return kind === 'brief' ? 'id' : 'request_id';
}

function propertySymbol(analysis: FileAnalysis, property: PropertyNode): AlloySymbol {
  const value = property.value;
  const end = value ? spanEnd(value.span) : spanEnd(property.keySpan);
  return {
    name: nameOf(property.key),
    kind: kindOf(value),
    detail: value ? detailOf(value) : undefined,
    range: rangeBetween(analysis, property.keySpan.offset, end),
    selectionRange: rangeOfSpan(analysis, property.keySpan),
    children: [],
  };
}

function capabilitySymbol(analysis: FileAnalysis, item: SyntaxNode, index: number): AlloySymbol {
  const id = nodeAtPath(item, ['id']);
  const statement = nodeAtPath(item, ['statement']);
  const evidence = nodeAtPath(item, ['evidence_required']);
  const named = id?.kind === 'scalar' && id.value !== null && String(id.value).length > 0;
  return {
    name: named ? String(id.value) : `[${index}]`,
    kind: 'capability',
    detail: statement?.kind === 'scalar' && typeof statement.value === 'string' ? shortened(statement.value) : undefined,
    range: rangeOfSpan(analysis, item.span),
    selectionRange: rangeOfSpan(analysis, named ? unquotedSpan(analysis.text, id.span) : item.span),
    children: evidence?.kind === 'array' ? evidence.items.map((e, i) => evidenceSymbol(analysis, e, i)) : [],
  };
}

function evidenceSymbol(analysis: FileAnalysis, item: SyntaxNode, index: number): AlloySymbol {
  const text = item.kind === 'scalar' && item.value !== null ? shortened(String(item.value)) : '';
  const range = rangeOfSpan(analysis, item.kind === 'scalar' ? unquotedSpan(analysis.text, item.span) : item.span);
  return { name: text.length > 0 ? text : `[${index}]`, kind: 'evidence', range, selectionRange: range, children: [] };
}

function kindOf(value: SyntaxNode | undefined): AlloySymbolKind {
  if (!value) return 'null';
  if (value.kind !== 'scalar') return value.kind;
  if (value.value === null) return 'null';
  return typeof value.value as 'string' | 'number' | 'boolean';
}

function detailOf(value: SyntaxNode): string | undefined {
  if (value.kind === 'array') return value.items.length === 1 ? '1 item' : `${value.items.length} items`;
  if (value.kind === 'object') return undefined;
  return shortened(String(value.value));
}

/** A symbol name is never empty (editors refuse empty names): an empty key shows as `""`. */
function nameOf(key: string): string {
  return key.length > 0 ? key : '""';
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= DETAIL_LIMIT ? oneLine : oneLine.slice(0, DETAIL_LIMIT - 1) + '…';
}

function rangeOfSpan(analysis: FileAnalysis, span: TextSpan): Range {
  return analysis.lines.rangeOf(span.offset, span.length);
}

function rangeBetween(analysis: FileAnalysis, start: number, end: number): Range {
  return analysis.lines.rangeOf(start, end - start);
}
