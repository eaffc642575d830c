// Completion proposals from the schemas: property names (snippets for required members) and enum values.

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { CompletionContext, PropertyNameContext, ValueContext } from './completionContext';
import type { FileFormat, FileKind } from '../document/fileKind';
import { jsonCompletionContext } from './jsonCompletionContext';
import { defaultSnippetBody, descriptionOf, isRequiredIn, typesOf, valueChoices } from '../schema/schemaDocs';
import { schemaAtPath, type SchemaNode } from '../schema/schemaRegistry';
import { escapeSnippetLiteral, jsonSnippetText, yamlSnippetLines } from './snippetText';
import type { JsonPath, TextSpan } from '../document/syntaxTree';
import { yamlCompletionContext } from './yamlCompletionContext';
import { yamlIndentUnit } from './yamlIndentation';
import { yamlScalarText } from './yamlScalarText';

export interface CompletionProposal {
  label: string;
  kind: 'property' | 'value' | 'snippet';
  /** Text to insert; a VS Code snippet when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  /** Markdown documentation. */
  documentation?: string;
  detail?: string;
  /** The text the proposal replaces (e.g. a partly typed key); insert at the cursor when absent. */
  replaceSpan?: TextSpan;
  sortText?: string;
  filterText?: string;
  /** Accepting this proposal should open suggestions again (the value that follows has choices). */
  triggerSuggest?: boolean;
}

/** JSON snippets are indented with tabs, which the editor turns into the file's own indentation. */
const JSON_INDENT = '\t';

interface Writer {
  format: FileFormat;
  /** YAML indentation step. */
  unit: string;
  text: string;
}

export function completionsAt(workspace: AlloyWorkspace, file: string, offset: number): CompletionProposal[] {
  const analysis = workspace.analysisOf(file);
  if (!analysis?.kind || !isOffsetIn(analysis.text, offset)) return [];
  const found: CompletionContext | undefined =
    analysis.format === 'json' ? jsonCompletionContext(analysis.text, analysis.root, offset) : yamlCompletionContext(analysis.text, offset);
  if (!found) return [];
  const context = withUsableReplaceSpan(found, analysis.text, offset);
  const writer: Writer = {
    format: analysis.format,
    unit: analysis.format === 'json' ? JSON_INDENT : yamlIndentUnit(analysis.text),
    text: analysis.text,
  };
  return context.kind === 'property' ? propertyProposals(analysis.kind, context, writer) : valueProposals(analysis.kind, context, writer);
}

/**
 * The context, its replace span dropped (the proposal is then inserted at the cursor) when it is
 * not one an editor takes: one line holding the cursor. A value whose text has no end (a quoted
 * string left open until the end of a truncated file) gave the opening quote alone, far before
 * the cursor.
 */
function withUsableReplaceSpan(context: CompletionContext, text: string, offset: number): CompletionContext {
  const span = context.replaceSpan;
  if (!span) return context;
  const end = span.offset + span.length;
  const usable = span.offset <= offset && offset <= end && !/[\r\n]/.test(text.slice(span.offset, end));
  return usable ? context : { ...context, replaceSpan: undefined };
}

/** Whether an offset is a cursor position in the text (the LSP layer may pass anything). */
function isOffsetIn(text: string, offset: number): boolean {
  return Number.isInteger(offset) && offset >= 0 && offset <= text.length;
}

function sortKey(group: number, index: number): string {
  return `${group}_${String(index).padStart(3, '0')}`;
}

/** Text after the first line of a multi-line insert, indented relative to the insert line. */
function indentLines(lines: string[], prefix: string): string {
  return lines.map((l) => prefix + l).join('\n');
}

function startsWithQuote(writer: Writer, span: TextSpan | undefined): boolean {
  return span !== undefined && writer.text[span.offset] === '"';
}

// ---- property names --------------------------------------------------------------------------

function propertyProposals(kind: FileKind, context: PropertyNameContext, writer: Writer): CompletionProposal[] {
  const objectSchema = schemaAtPath(kind, context.objectPath);
  if (!objectSchema?.properties) return [];
  const out: CompletionProposal[] = [];
  Object.keys(objectSchema.properties).forEach((name, index) => {
    if (context.existing.has(name)) return;
    const schema = schemaAtPath(kind, [...context.objectPath, name]) ?? {};
    const required = isRequiredIn(objectSchema, name);
    const insert = context.nameOnly
      ? { text: writer.format === 'json' ? JSON.stringify(name) : name, isSnippet: false }
      : memberInsert(kind, name, schema, context, writer);
    const proposal: CompletionProposal = {
      label: name,
      kind: 'property',
      insertText: insert.text,
      isSnippet: insert.isSnippet,
      sortText: sortKey(required ? 0 : 1, index),
    };
    const detail = [schema.title, required ? 'required' : undefined].filter(Boolean).join(' · ');
    if (detail) proposal.detail = detail;
    const documentation = descriptionOf(schema);
    if (documentation) proposal.documentation = documentation;
    if (context.replaceSpan) proposal.replaceSpan = context.replaceSpan;
    if (writer.format === 'json' && startsWithQuote(writer, context.replaceSpan)) proposal.filterText = JSON.stringify(name);
    if (insert.triggerSuggest) proposal.triggerSuggest = true;
    out.push(proposal);
  });
  if (!context.nameOnly && context.existing.size === 0) out.push(...objectSnippets(objectSchema, context, writer));
  return out;
}

/** The first default snippet of an object's schema, or of the object schema of an array's items. */
function snippetFor(kind: FileKind, path: JsonPath, schema: SchemaNode): { body: unknown } | undefined {
  const own = defaultSnippetBody(schema);
  if (own) return own;
  if (typesOf(schema).includes('array')) {
    const item = schemaAtPath(kind, [...path, 0]);
    const body = item ? defaultSnippetBody(item)?.body : undefined;
    if (body !== undefined) return { body: [body] };
  }
  return undefined;
}

function hasChoices(schema: SchemaNode): boolean {
  return valueChoices(schema).length > 0;
}

/** What to insert for a new member: the name, and a value skeleton (or the schema's default snippet). */
function memberInsert(
  kind: FileKind,
  name: string,
  schema: SchemaNode,
  context: PropertyNameContext,
  writer: Writer,
): { text: string; isSnippet: boolean; triggerSuggest?: boolean } {
  const snippet = snippetFor(kind, [...context.objectPath, name], schema);
  const types = typesOf(schema);
  const constant = schema.const;
  if (writer.format === 'json') {
    const key = escapeSnippetLiteral(JSON.stringify(name));
    let value: string;
    if (constant !== undefined) value = escapeSnippetLiteral(JSON.stringify(constant));
    else if (snippet) value = jsonSnippetText(snippet.body, writer.unit);
    else if (types[0] === 'string') value = '"$1"';
    else if (types[0] === 'object') value = '{$1}';
    else if (types[0] === 'array') value = '[$1]';
    else value = '$1';
    const triggerSuggest = constant === undefined && !snippet && hasChoices(schema);
    return { text: `${key}: ${value}${context.separatorAfter}`, isSnippet: true, ...(triggerSuggest ? { triggerSuggest } : {}) };
  }
  const key = escapeSnippetLiteral(name);
  const nested = context.continuation + writer.unit;
  if (constant !== undefined) return { text: `${key}: ${escapeSnippetLiteral(yamlScalarText(constant as string))}`, isSnippet: true };
  if (snippet) return { text: `${key}:\n${indentLines(yamlSnippetLines(snippet.body, writer.unit), nested)}`, isSnippet: true };
  if (types[0] === 'object') return { text: `${key}:\n${nested}$1`, isSnippet: true };
  if (types[0] === 'array') return { text: `${key}:\n${nested}- $1`, isSnippet: true };
  return { text: `${name}: `, isSnippet: false, ...(hasChoices(schema) ? { triggerSuggest: true } : {}) };
}

/** Default snippets that fill an empty object (kind `snippet`). */
function objectSnippets(objectSchema: SchemaNode, context: PropertyNameContext, writer: Writer): CompletionProposal[] {
  const snippets = Array.isArray(objectSchema.defaultSnippets) ? objectSchema.defaultSnippets : [];
  return snippets.flatMap((snippet, index) => {
    const body = snippet.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
    let insertText: string;
    if (writer.format === 'json') {
      const members = Object.entries(body).map(
        ([k, v]) => `${JSON.stringify(k).replace(/\\/g, '\\\\')}: ${jsonSnippetText(v, writer.unit)}`,
      );
      insertText = members.join(`,\n`) + context.separatorAfter;
    } else {
      const [first, ...more] = yamlSnippetLines(body, writer.unit);
      insertText = [first, ...more.map((l) => context.continuation + l)].join('\n');
    }
    const proposal: CompletionProposal = {
      label: snippet.label ?? 'New object',
      kind: 'snippet',
      insertText,
      isSnippet: true,
      sortText: sortKey(2, index),
    };
    if (snippet.description) proposal.documentation = snippet.description;
    if (context.replaceSpan) proposal.replaceSpan = context.replaceSpan;
    return [proposal];
  });
}

// ---- values ----------------------------------------------------------------------------------

function valueProposals(kind: FileKind, context: ValueContext, writer: Writer): CompletionProposal[] {
  const schema = schemaAtPath(kind, context.valuePath);
  if (!schema) return [];
  const prefix = context.insertPrefix ?? '';
  if (context.sequenceEntry && typesOf(schema).includes('object')) {
    const asObject: PropertyNameContext = {
      kind: 'property',
      objectPath: context.valuePath,
      existing: new Set(),
      nameOnly: false,
      separatorAfter: '',
      continuation: context.continuation,
    };
    return propertyProposals(kind, asObject, writer).map((p) => ({ ...p, insertText: prefix + p.insertText }));
  }
  const out: CompletionProposal[] = valueChoices(schema).map((choice, index) => {
    const label = typeof choice.value === 'string' ? choice.value : JSON.stringify(choice.value);
    const text = writer.format === 'json' ? JSON.stringify(choice.value) + context.separatorAfter : prefix + yamlScalarText(choice.value);
    const proposal: CompletionProposal = { label, kind: 'value', insertText: text, isSnippet: false, sortText: sortKey(0, index) };
    if (choice.documentation) proposal.documentation = choice.documentation;
    if (context.replaceSpan) proposal.replaceSpan = context.replaceSpan;
    if (writer.format === 'json' && startsWithQuote(writer, context.replaceSpan)) proposal.filterText = JSON.stringify(choice.value);
    return proposal;
  });
  if (!context.hasValue) {
    const snippet = snippetFor(kind, context.valuePath, schema);
    const described = defaultSnippetBody(schema);
    if (snippet) {
      const insertText =
        writer.format === 'json'
          ? jsonSnippetText(snippet.body, writer.unit) + context.separatorAfter
          : '\n' + indentLines(yamlSnippetLines(snippet.body, writer.unit), context.continuation + writer.unit);
      const proposal: CompletionProposal = {
        label: described?.label ?? schema.title ?? 'New value',
        kind: 'snippet',
        insertText,
        isSnippet: true,
        sortText: sortKey(1, 0),
      };
      const documentation = described?.description ?? descriptionOf(schema);
      if (documentation) proposal.documentation = documentation;
      out.push(proposal);
    }
  }
  return out;
}
