// Hover content: field docs from the schemas, plus computed facts (digest, key, brief summary).

import { stringify } from 'yaml';
import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { FileFormat, FileKind } from '../document/fileKind';
import { computedFacts } from './hoverFacts';
import { codeBlock, inlineCode } from './markdownText';
import { descriptionOf, documentationOfValue, firstExample, valueChoices } from '../schema/schemaDocs';
import { schemaAtPath, type SchemaNode } from '../schema/schemaRegistry';
import { locate, type JsonPath, type ScalarNode, type TextSpan } from '../document/syntaxTree';
import { yamlScalarText } from './yamlScalarText';

export interface HoverInfo {
  /** Markdown text. */
  markdown: string;
  /** What the hover covers (a key or a value). */
  span: TextSpan;
}

export function hoverAt(workspace: AlloyWorkspace, file: string, offset: number): HoverInfo | undefined {
  const analysis = workspace.analysisOf(file);
  if (!analysis?.kind || !analysis.root || !(Number.isInteger(offset) && offset >= 0 && offset <= analysis.text.length)) return undefined;
  const location = locate(analysis.root, offset);
  let span: TextSpan;
  let value: ScalarNode | undefined;
  if (location.onKey) {
    span = location.onKey.keySpan;
  } else if (location.node?.kind === 'scalar' && location.path.length > 0) {
    span = location.node.span;
    value = location.node;
  } else {
    return undefined;
  }
  const sections: string[] = [];
  const schema = documentedSchema(analysis.kind, location.path);
  if (schema) sections.push(...fieldDocs(schema, value, analysis.format));
  const facts = computedFacts(workspace, analysis, location.path);
  if (facts) sections.push(facts);
  return sections.length > 0 ? { markdown: sections.join('\n\n'), span } : undefined;
}

function hasDocs(schema: SchemaNode): boolean {
  return schema.title !== undefined || descriptionOf(schema) !== undefined;
}

/** The schema at a path; for an undocumented array item, the array's own schema. */
function documentedSchema(kind: FileKind, at: JsonPath): SchemaNode | undefined {
  const schema = schemaAtPath(kind, at);
  if (schema && !hasDocs(schema) && typeof at[at.length - 1] === 'number') {
    const list = schemaAtPath(kind, at.slice(0, -1));
    if (list && hasDocs(list))
      return {
        ...list,
        enum: schema.enum,
        enumDescriptions: schema.enumDescriptions,
        markdownEnumDescriptions: schema.markdownEnumDescriptions,
      };
  }
  return schema;
}

function valueText(value: unknown, format: FileFormat): string {
  if (format === 'yaml' && (value === null || ['string', 'number', 'boolean'].includes(typeof value))) {
    return yamlScalarText(value as string | number | boolean | null);
  }
  return JSON.stringify(value);
}

function exampleText(example: unknown, format: FileFormat): string {
  if (example === null || typeof example !== 'object') return `Example: ${inlineCode(valueText(example, format))}`;
  const text = format === 'json' ? JSON.stringify(example, null, 2) : stringify(example, { version: '1.2' });
  return `Example:\n\n${codeBlock(format, text)}`;
}

/** Title, description, the value's own doc (on a value) or the list of values (on a key), and an example. */
function fieldDocs(schema: SchemaNode, value: ScalarNode | undefined, format: FileFormat): string[] {
  const out: string[] = [];
  if (schema.title) out.push(`**${schema.title}**`);
  const description = descriptionOf(schema);
  if (description) out.push(description);
  if (value) {
    const doc = documentationOfValue(schema, value.value);
    if (doc) out.push(`${inlineCode(valueText(value.value, format))}: ${doc}`);
  } else if (Array.isArray(schema.enum)) {
    const lines = valueChoices(schema).map(
      (c) => `- ${inlineCode(valueText(c.value, format))}` + (c.documentation ? `: ${c.documentation}` : ''),
    );
    out.push(['Values:', '', ...lines].join('\n'));
  }
  const example = firstExample(schema);
  if (example !== undefined) out.push(exampleText(example, format));
  return out;
}
