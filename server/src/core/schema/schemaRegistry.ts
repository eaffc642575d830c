// Loads the v1 JSON Schemas (the single source for validation, hover and completion) and hands out
// their validators, generated at build time from the same files (generated/schemaValidators.js).

import commonSchema from '../../../../schemas/common.v1.schema.json';
import observationSchema from '../../../../schemas/evidence_observation.v1.schema.json';
import briefSchema from '../../../../schemas/formation_brief.v1.schema.json';
import requestSchema from '../../../../schemas/foundry_execution_request.v1.schema.json';
import runResultSchema from '../../../../schemas/foundry_run_result.v1.schema.json';
import type { FileKind } from '../document/fileKind';
import * as generated from './generated/schemaValidators';
import type { GeneratedValidator } from './generated/schemaValidators';

/** A JSON Schema object as read from disk; only the keywords this code uses are typed. */
export interface SchemaNode {
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  markdownDescription?: string;
  examples?: unknown[];
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  defaultSnippets?: { label?: string; description?: string; body: unknown }[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  $defs?: Record<string, SchemaNode>;
  'x-alloy-removed-values'?: Record<string, string>;
  [keyword: string]: unknown;
}

const SCHEMAS: Record<FileKind, SchemaNode> = {
  request: requestSchema as SchemaNode,
  brief: briefSchema as SchemaNode,
  'run-result': runResultSchema as SchemaNode,
  'evidence-observation': observationSchema as SchemaNode,
};

const ALL_SCHEMAS: SchemaNode[] = [commonSchema as SchemaNode, ...Object.values(SCHEMAS)];

const VALIDATORS: Record<FileKind, GeneratedValidator> = {
  request: generated.request,
  brief: generated.brief,
  'run-result': generated.runResult,
  'evidence-observation': generated.evidenceObservation,
};

/** The validator of a kind's schema; after a failed call, its `errors` are ajv's error objects. */
export function validatorFor(kind: FileKind): GeneratedValidator {
  return VALIDATORS[kind];
}

export function rootSchema(kind: FileKind): SchemaNode {
  return SCHEMAS[kind];
}

/** The schema whose `$id` is this absolute URI (fragment removed), if it is one of ours. */
function schemaById(uri: string): SchemaNode | undefined {
  return ALL_SCHEMAS.find((s) => s.$id === uri);
}

/**
 * Follows a `$ref` to its target schema: `#/json/pointer` within the current file, or a reference
 * relative to the current file's `$id` (`common.v1.schema.json#/$defs/requestId`), resolved as
 * ajv and file-based tools resolve it.
 */
function resolveRef(schema: SchemaNode, base: SchemaNode): { schema: SchemaNode; base: SchemaNode } {
  let current = schema;
  let currentBase = base;
  for (let guard = 0; current.$ref && guard < 16; guard++) {
    const hash = current.$ref.indexOf('#');
    const reference = hash < 0 ? current.$ref : current.$ref.slice(0, hash);
    const pointer = hash < 0 ? '' : current.$ref.slice(hash + 1);
    const doc = reference ? schemaById(new URL(reference, currentBase.$id).href) : currentBase;
    if (!doc) break;
    let target: unknown = doc;
    for (const raw of pointer.split('/').filter(Boolean)) {
      const step = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown>)?.[step];
    }
    if (!target || typeof target !== 'object') break;
    // Keep the referring schema's own docs (they are more specific than the shared definition).
    const { $ref: _ignored, ...own } = current;
    current = { ...(target as SchemaNode), ...own };
    currentBase = doc;
  }
  return { schema: current, base: currentBase };
}

/** The sub-schema that describes the value at a JSON path, following `$ref`s. */
export function schemaAtPath(kind: FileKind, path: (string | number)[]): SchemaNode | undefined {
  let base = SCHEMAS[kind];
  let node: SchemaNode | undefined = base;
  for (const step of path) {
    if (!node) return undefined;
    ({ schema: node, base } = resolveRef(node, base));
    if (typeof step === 'number') {
      node = node.items;
    } else {
      const props: Record<string, SchemaNode> | undefined = node.properties;
      node = props && Object.prototype.hasOwnProperty.call(props, step) ? props[step] : undefined;
    }
  }
  return node ? resolveRef(node, base).schema : undefined;
}
