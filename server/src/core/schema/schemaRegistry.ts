// Loads the v1 JSON Schemas (the single source for validation, hover and completion) and
// compiles each validator once.

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import commonSchema from '../../../../schemas/common.v1.schema.json';
import observationSchema from '../../../../schemas/evidence_observation.v1.schema.json';
import briefSchema from '../../../../schemas/formation_brief.v1.schema.json';
import requestSchema from '../../../../schemas/foundry_execution_request.v1.schema.json';
import runResultSchema from '../../../../schemas/foundry_run_result.v1.schema.json';
import type { FileKind } from '../document/fileKind';
import { isAbsolutePathText, isCallbackUrl, isGitRefName } from './formats';

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

/** Annotation keywords of VS Code's JSON vocabulary and our own, accepted in strict mode. */
const ANNOTATIONS: { keyword: string; schemaType: 'string' | 'array' | 'object' }[] = [
  { keyword: 'markdownDescription', schemaType: 'string' },
  { keyword: 'enumDescriptions', schemaType: 'array' },
  { keyword: 'markdownEnumDescriptions', schemaType: 'array' },
  { keyword: 'defaultSnippets', schemaType: 'array' },
  { keyword: 'x-alloy-removed-values', schemaType: 'object' },
];

let ajv: Ajv2020 | undefined;
const validators = new Map<FileKind, ValidateFunction>();

function getAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addFormat('git-ref-name', isGitRefName);
    ajv.addFormat('alloy-callback-url', isCallbackUrl);
    ajv.addFormat('absolute-path', isAbsolutePathText);
    for (const a of ANNOTATIONS) ajv.addKeyword({ keyword: a.keyword, schemaType: a.schemaType });
    for (const s of ALL_SCHEMAS) ajv.addSchema(s as object);
  }
  return ajv;
}

export function validatorFor(kind: FileKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = getAjv().getSchema(SCHEMAS[kind].$id as string);
    if (!v) throw new Error(`schema for ${kind} did not compile`);
    validators.set(kind, v);
  }
  return v;
}

export function rootSchema(kind: FileKind): SchemaNode {
  return SCHEMAS[kind];
}

/** Follows a `$ref` (`urn:…#/json/pointer` or local `#/…`) to its target schema. */
function resolveRef(schema: SchemaNode, base: SchemaNode): { schema: SchemaNode; base: SchemaNode } {
  let current = schema;
  let currentBase = base;
  for (let guard = 0; current.$ref && guard < 16; guard++) {
    const [id, pointer = ''] = current.$ref.split('#');
    const doc = id ? ALL_SCHEMAS.find((s) => s.$id === id) : currentBase;
    if (!doc) break;
    let target: unknown = doc;
    for (const raw of pointer.split('/').filter(Boolean)) {
      const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
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
