// Reads the documentation a schema node carries (title, markdown description, examples, per-value
// docs of enums, default snippets). The schemas are the only source of field docs: hover and
// completion take every word from here.

import type { SchemaNode } from './schemaRegistry';

export type SchemaScalar = string | number | boolean | null;

export interface ValueChoice {
  value: SchemaScalar;
  /** Markdown documentation of this value, when the schema has one. */
  documentation?: string;
}

/** The field's description, markdown preferred. */
export function descriptionOf(schema: SchemaNode): string | undefined {
  return schema.markdownDescription ?? schema.description;
}

export function firstExample(schema: SchemaNode): unknown {
  return Array.isArray(schema.examples) && schema.examples.length > 0 ? schema.examples[0] : undefined;
}

export function typesOf(schema: SchemaNode): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

function isScalar(value: unknown): value is SchemaScalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** The values a field may take, when the schema lists them (`enum`, `const`, or a boolean type). */
export function valueChoices(schema: SchemaNode): ValueChoice[] {
  if (Array.isArray(schema.enum)) {
    const docs = schema.markdownEnumDescriptions ?? schema.enumDescriptions ?? [];
    return schema.enum.filter(isScalar).map((value) => {
      const i = schema.enum!.indexOf(value);
      return docs[i] !== undefined ? { value, documentation: docs[i] } : { value };
    });
  }
  if (schema.const !== undefined && isScalar(schema.const)) return [{ value: schema.const }];
  if (typesOf(schema).includes('boolean')) return [{ value: true }, { value: false }];
  return [];
}

/** The documentation of one value: its enum description, or why a removed value is no longer accepted. */
export function documentationOfValue(schema: SchemaNode, value: unknown): string | undefined {
  if (Array.isArray(schema.enum)) {
    const i = schema.enum.indexOf(value);
    if (i >= 0) return (schema.markdownEnumDescriptions ?? schema.enumDescriptions ?? [])[i];
  }
  const removed = schema['x-alloy-removed-values'];
  if (typeof value === 'string' && removed && Object.prototype.hasOwnProperty.call(removed, value)) return removed[value];
  return undefined;
}

/** The body of the first default snippet of an object schema (or of an array's item schema). */
export function defaultSnippetBody(schema: SchemaNode): { label?: string; description?: string; body: unknown } | undefined {
  const snippets = schema.defaultSnippets;
  return Array.isArray(snippets) && snippets.length > 0 ? snippets[0] : undefined;
}

export function isRequiredIn(objectSchema: SchemaNode, name: string): boolean {
  return Array.isArray(objectSchema.required) && objectSchema.required.includes(name);
}
