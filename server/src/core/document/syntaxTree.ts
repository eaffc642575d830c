// A format-neutral syntax tree with source offsets, shared by the JSON and YAML parsers.
// Offsets and lengths count UTF-16 code units, like JavaScript strings and LSP positions.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface TextSpan {
  offset: number;
  length: number;
}

export interface PropertyNode {
  key: string;
  keySpan: TextSpan;
  /** Undefined when the key has no value yet (`"foo":` while typing). */
  value: SyntaxNode | undefined;
}

export interface ObjectNode {
  kind: 'object';
  span: TextSpan;
  properties: PropertyNode[];
}

export interface ArrayNode {
  kind: 'array';
  span: TextSpan;
  items: SyntaxNode[];
}

export interface ScalarNode {
  kind: 'scalar';
  span: TextSpan;
  value: string | number | boolean | null;
}

export type SyntaxNode = ObjectNode | ArrayNode | ScalarNode;

export type JsonPath = (string | number)[];

export function spanEnd(span: TextSpan): number {
  return span.offset + span.length;
}

export function findProperty(node: SyntaxNode | undefined, key: string): PropertyNode | undefined {
  if (!node || node.kind !== 'object') return undefined;
  // The last occurrence wins, as in JSON.parse; duplicates are reported by the parsers.
  for (let i = node.properties.length - 1; i >= 0; i--) {
    if (node.properties[i].key === key) return node.properties[i];
  }
  return undefined;
}

/** The node at a JSON path, or undefined when a step is missing. */
export function nodeAtPath(root: SyntaxNode | undefined, path: JsonPath): SyntaxNode | undefined {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') {
      node = node.kind === 'array' ? node.items[step] : undefined;
    } else {
      node = findProperty(node, step)?.value;
    }
  }
  return node;
}

/** The property whose value sits at `path` (the last step must be a key). */
export function propertyAtPath(root: SyntaxNode | undefined, path: JsonPath): PropertyNode | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  return findProperty(nodeAtPath(root, path.slice(0, -1)), last);
}

/** The scalar at a JSON path, when the value there is a scalar. */
export function scalarAt(root: SyntaxNode | undefined, path: JsonPath): ScalarNode | undefined {
  const node = nodeAtPath(root, path);
  return node?.kind === 'scalar' ? node : undefined;
}

/** The string scalar at a JSON path, when the value there is a string. */
export function stringAt(root: SyntaxNode | undefined, path: JsonPath): (ScalarNode & { value: string }) | undefined {
  const node = scalarAt(root, path);
  return node && typeof node.value === 'string' ? (node as ScalarNode & { value: string }) : undefined;
}

/** A member of a JSON object value; undefined for any other value. */
export function memberOf(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)
    ? value[key]
    : undefined;
}

export type JsonScalar = string | number | boolean | null;

/**
 * The data at a JSON path, read the way `nodeAtPath` reads the tree (a key step only into an
 * object, an index step only into an array), so that rules can read data without a tree and ask
 * for a position only when they report.
 */
export function valueAtPath(value: JsonValue | undefined, path: JsonPath): JsonValue | undefined {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') {
      current = Array.isArray(current) ? current[step] : undefined;
    } else {
      current = memberOf(current, step);
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** The scalar at a JSON path (`null` included); undefined when missing or not a scalar. */
export function scalarValueAt(value: JsonValue | undefined, path: JsonPath): JsonScalar | undefined {
  const found = valueAtPath(value, path);
  return found !== null && typeof found === 'object' ? undefined : found;
}

/** The string at a JSON path, when the value there is a string. */
export function stringValueAt(value: JsonValue | undefined, path: JsonPath): string | undefined {
  const found = valueAtPath(value, path);
  return typeof found === 'string' ? found : undefined;
}

/**
 * Every scalar in the data that `test` accepts, with its path, in member and item order. The path
 * is copied only for a scalar that is found, so a walk that finds nothing builds nothing.
 */
export function scalarsWhere<T extends JsonScalar>(
  value: JsonValue,
  test: (scalar: JsonScalar) => scalar is T,
): { path: JsonPath; value: T }[] {
  const found: { path: JsonPath; value: T }[] = [];
  const at: JsonPath = [];
  const visit = (node: JsonValue) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        at.push(i);
        visit(node[i]);
        at.pop();
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        at.push(key);
        visit(node[key]);
        at.pop();
      }
    } else if (test(node)) found.push({ path: [...at], value: node });
  };
  visit(value);
  return found;
}

/** Where the node at a JSON path is; the whole text's start when the tree has no such node. */
export function spanAtPath(root: SyntaxNode | undefined, path: JsonPath): TextSpan {
  return nodeAtPath(root, path)?.span ?? { offset: 0, length: 0 };
}

/**
 * Sets `out[key]` as data: `__proto__` is defined, not assigned (`out['__proto__'] = v` would
 * replace the prototype instead of adding data). Every other key is assigned (defining each of
 * 20,000 members took 15 ms; assigning them, 2).
 */
export function setMember(out: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

export function toValue(node: SyntaxNode): JsonValue {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(toValue);
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const p of node.properties) if (p.value) setMember(out, p.key, toValue(p.value));
      return out;
    }
  }
}

export interface NodeLocation {
  /** Path of the innermost node that contains the offset. */
  path: JsonPath;
  node: SyntaxNode | undefined;
  /** Set when the offset is on a property key; `path` then ends with that key. */
  onKey?: PropertyNode;
  /** The object that holds the key under the cursor, or the object the cursor is inside. */
  container?: ObjectNode;
}

function contains(span: TextSpan, offset: number): boolean {
  return offset >= span.offset && offset <= spanEnd(span);
}

/** Finds what lies under an offset: a key, a value, or a position inside an object. */
export function locate(root: SyntaxNode | undefined, offset: number): NodeLocation {
  const path: JsonPath = [];
  let node = root;
  let container: ObjectNode | undefined;
  while (node) {
    if (node.kind === 'object') {
      container = node;
      const prop = node.properties.find((p) => contains(p.keySpan, offset) || (p.value !== undefined && contains(p.value.span, offset)));
      if (!prop) return { path, node, container };
      path.push(prop.key);
      if (contains(prop.keySpan, offset)) return { path, node: prop.value, onKey: prop, container: node };
      node = prop.value;
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => contains(item.span, offset));
      if (index < 0) return { path, node, container };
      path.push(index);
      node = node.items[index];
    } else {
      return { path, node, container };
    }
  }
  return { path, node, container };
}
