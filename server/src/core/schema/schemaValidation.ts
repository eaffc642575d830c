// Runs the compiled schema and turns ajv's errors into diagnostics on exact ranges:
// a missing member on the key of the object that should hold it (the opening brace at the root),
// an unknown member on its own key, everything else on the value. Linear in the number of errors:
// nodes are found through one index per object, and an object lists at most 100 unknown members
// (then one diagnostic says how many more there are).

import type { ErrorObject } from 'ajv';
import { bestBranchErrors } from './bestBranchErrors';
import { closestMatch } from './closeMatch';
import { countText } from '../document/countText';
import type { PendingDiagnostic } from '../document/diagnostic';
import type { FileKind } from '../document/fileKind';
import { isPlaceholder } from './placeholder';
import { rootSchema, validatorFor, type SchemaNode } from './schemaRegistry';
import type { JsonPath, JsonValue, ObjectNode, PropertyNode, SyntaxNode, TextSpan } from '../document/syntaxTree';

const FORMAT_NAMES: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time with an offset, e.g. 2026-06-06T10:05:00-04:00',
  'git-ref-name': 'a valid git branch name (git check-ref-format)',
  'alloy-callback-url': 'an absolute https URL, or http to 127.0.0.1, localhost or [::1] only',
  'absolute-path': 'an absolute path',
};

/** The unknown members of one object that get a diagnostic each; the rest are counted in one more. */
export const MAX_UNKNOWN_PROPERTIES_LISTED = 100;

/** `tree` gives the syntax tree, which is needed (and built) only when the data has errors. */
export function validateAgainstSchema(kind: FileKind, tree: () => SyntaxNode, value: JsonValue): PendingDiagnostic[] {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const indexed = new IndexedTree(tree());
  const out: PendingDiagnostic[] = [];
  /** The unknown members named by the errors, by the JSON pointer of the object that holds them. */
  const unknown = new Map<string, ErrorObject[]>();
  const add = (error: ErrorObject) => {
    const d = toDiagnostic(error, indexed);
    if (d) out.push(error.schemaPath.startsWith('#/then/') ? { ...d, message: d.message + conditionNote(kind, value) } : d);
  };
  for (const error of bestBranchErrors(validate.errors ?? [])) {
    if (error.keyword !== 'additionalProperties') {
      add(error);
      continue;
    }
    const group = unknown.get(error.instancePath);
    if (group) group.push(error);
    else unknown.set(error.instancePath, [error]);
  }
  for (const [pointer, errors] of unknown) {
    if (errors.length <= MAX_UNKNOWN_PROPERTIES_LISTED) {
      errors.forEach(add);
      continue;
    }
    // The first ones in text order get a diagnostic each (and a "did you mean"); the others are counted.
    const path = pointerToPath(pointer);
    const object = indexed.node(path);
    const anchor = objectAnchor(indexed, path).offset;
    const placed = errors.map((error) => ({ error, offset: indexed.memberOf(object, unknownMember(error))?.keySpan.offset ?? anchor }));
    placed.sort((a, b) => a.offset - b.offset);
    for (const { error } of placed.slice(0, MAX_UNKNOWN_PROPERTIES_LISTED)) add(error);
    out.push(moreUnknownProperties(indexed, path, errors.length - MAX_UNKNOWN_PROPERTIES_LISTED));
  }
  return out;
}

/** The one diagnostic, on the object, for its unknown members beyond the ones listed. */
function moreUnknownProperties(tree: IndexedTree, path: JsonPath, more: number): PendingDiagnostic {
  const what = more === 1 ? 'property of this object is' : 'properties of this object are';
  return {
    code: 'unknown-property',
    message: `${countText(more)} more ${what} not defined in v1 (only the first ${MAX_UNKNOWN_PROPERTIES_LISTED} are listed).`,
    span: objectAnchor(tree, path),
  };
}

/** The key an `additionalProperties` error names. */
function unknownMember(error: ErrorObject): string {
  return (error.params as { additionalProperty: string }).additionalProperty;
}

/** Why a conditional (`if`/`then`) rule applies, e.g. ` (required when status is "compiled")`. */
function conditionNote(kind: FileKind, value: JsonValue): string {
  const names = (rootSchema(kind).if as SchemaNode | undefined)?.required ?? [];
  const data = value as Record<string, JsonValue>;
  const parts = names.map((n) => `${n} is ${JSON.stringify(data?.[n])}`);
  return parts.length ? ` Required when ${parts.join(' and ')}.` : '';
}

function pointerToPath(pointer: string): JsonPath {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((step) => (/^\d+$/.test(step) ? Number(step) : step));
}

/**
 * The syntax tree with an index of each object's members, built the first time an error names the
 * object: the same answers as `nodeAtPath` and `propertyAtPath` (the last of repeated keys wins),
 * without scanning an object of 20,000 members once per error.
 */
class IndexedTree {
  private readonly members = new Map<ObjectNode, Map<string, PropertyNode>>();
  private readonly nodes = new Map<string, SyntaxNode | undefined>();

  constructor(readonly root: SyntaxNode) {}

  /** The member `key` of `node` (an object), through the object's index. */
  memberOf(node: SyntaxNode | undefined, key: string): PropertyNode | undefined {
    if (node?.kind !== 'object') return undefined;
    let index = this.members.get(node);
    if (!index) {
      index = new Map();
      for (const p of node.properties) index.set(p.key, p);
      this.members.set(node, index);
    }
    return index.get(key);
  }

  node(path: JsonPath): SyntaxNode | undefined {
    const id = JSON.stringify(path);
    if (this.nodes.has(id)) return this.nodes.get(id);
    let node: SyntaxNode | undefined = this.root;
    for (const step of path) {
      if (!node) break;
      node = typeof step === 'number' ? (node.kind === 'array' ? node.items[step] : undefined) : this.memberOf(node, step)?.value;
    }
    this.nodes.set(id, node);
    return node;
  }

  /** The property whose value sits at `path` (the last step must be a key). */
  property(path: JsonPath): PropertyNode | undefined {
    const last = path[path.length - 1];
    return typeof last === 'string' ? this.memberOf(this.node(path.slice(0, -1)), last) : undefined;
  }
}

/** Where a problem with the object at `path` is shown: its key, or the opening brace at the root. */
function objectAnchor(tree: IndexedTree, path: JsonPath): TextSpan {
  const root = tree.root;
  if (path.length > 0) {
    const prop = tree.property(path);
    if (prop) return prop.keySpan;
    const node = tree.node(path);
    if (node) return node.span;
  }
  return { offset: root.span.offset, length: root.kind === 'object' && root.span.length > 0 ? 1 : root.span.length };
}

function describe(schema: SchemaNode | undefined): string {
  const title = schema?.title ? ` for ${schema.title.toLowerCase()}` : '';
  const example = schema?.examples?.[0];
  return typeof example === 'string' ? `${title}, e.g. "${example}"` : title;
}

function toDiagnostic(error: ErrorObject, tree: IndexedTree): PendingDiagnostic | undefined {
  const path = pointerToPath(error.instancePath);
  const parentSchema = error.parentSchema as SchemaNode | undefined;
  const node = tree.node(path);
  const valueSpan = node?.span ?? objectAnchor(tree, path);
  const value = node?.kind === 'scalar' ? node.value : undefined;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing `then` branch reports its own errors
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { code: 'schema', message: `Missing property "${missing}".`, span: objectAnchor(tree, path) };
    }
    case 'additionalProperties': {
      const extra = unknownMember(error);
      const known = Object.keys(parentSchema?.properties ?? {});
      const suggestion = closestMatch(extra, known);
      return {
        code: 'unknown-property',
        message: `Property "${extra}" is not defined in v1.` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        // On its own key.
        span: tree.property([...path, extra])?.keySpan ?? objectAnchor(tree, path),
        data: suggestion ? { replacementCandidates: [suggestion] } : undefined,
      };
    }
    case 'type': {
      const expected = (error.params as { type: string | string[] }).type;
      const list = Array.isArray(expected) ? expected.join(' or ') : expected;
      return { code: 'schema', message: `Incorrect type. Expected ${list}.`, span: valueSpan };
    }
    case 'enum': {
      const removed = parentSchema?.['x-alloy-removed-values'];
      if (typeof value === 'string' && removed && Object.prototype.hasOwnProperty.call(removed, value)) {
        return { code: 'schema', message: removed[value], span: valueSpan };
      }
      const allowed = (parentSchema?.enum ?? []).map((v) => JSON.stringify(v)).join(', ');
      const suggestion =
        typeof value === 'string'
          ? closestMatch(
              value,
              (parentSchema?.enum ?? []).filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      return {
        code: 'schema',
        message: `Value is not accepted. Valid values: ${allowed}.` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        span: valueSpan,
        data: suggestion ? { replacementCandidates: [suggestion] } : undefined,
      };
    }
    case 'const':
      return { code: 'schema', message: `Value must be ${JSON.stringify(parentSchema?.const)}.`, span: valueSpan };
    case 'pattern': {
      if (isPlaceholder(value)) return placeholder(value as string, parentSchema, valueSpan);
      return { code: 'schema', message: `"${String(value)}" is not a valid value${describe(parentSchema)}.`, span: valueSpan };
    }
    case 'format': {
      if (isPlaceholder(value)) return placeholder(value as string, parentSchema, valueSpan);
      const format = (error.params as { format: string }).format;
      return { code: 'schema', message: `"${String(value)}" is not ${FORMAT_NAMES[format] ?? `a valid ${format}`}.`, span: valueSpan };
    }
    case 'minLength':
    case 'minItems': {
      const limit = (error.params as { limit: number }).limit;
      const what = error.keyword === 'minLength' ? 'character' : 'item';
      const message = limit === 1 ? 'Value must not be empty.' : `Value must have at least ${limit} ${what}s.`;
      return { code: 'schema', message, span: valueSpan };
    }
    case 'minimum':
      return { code: 'schema', message: `Value must be ${(error.params as { limit: number }).limit} or more.`, span: valueSpan };
    default: {
      const text = error.message ?? 'does not match the schema';
      return { code: 'schema', message: `Value ${text}.`, span: valueSpan };
    }
  }
}

function placeholder(value: string, schema: SchemaNode | undefined, span: TextSpan): PendingDiagnostic {
  const what = schema?.title ? schema.title.toLowerCase() : 'value';
  return { code: 'placeholder', message: `"${value}" is a placeholder: replace it with the real ${what}.`, span };
}
