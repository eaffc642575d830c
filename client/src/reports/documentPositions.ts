// Where a value sits in a request or brief, for diagnostics placed by the extension itself (run
// results): a small lookup over the syntax tree the core's `analyzeFile` returns (JSON and YAML
// alike), from a path of member names and item indexes to the value's range. Pure.

import type { FileAnalysis, JsonValue, Range } from '../../../server/src/core';

type Tree = NonNullable<FileAnalysis['root']>;
type Step = string | number;

function nodeAt(root: Tree | undefined, steps: readonly Step[]): Tree | undefined {
  let node = root;
  for (const step of steps) {
    if (!node) return undefined;
    if (typeof step === 'number') {
      node = node.kind === 'array' ? node.items[step] : undefined;
    } else if (node.kind === 'object') {
      // The last occurrence wins, as in JSON.parse (duplicates are reported by the core).
      let found: Tree | undefined;
      for (const property of node.properties) if (property.key === step) found = property.value;
      node = found;
    } else {
      node = undefined;
    }
  }
  return node;
}

function rangeOf(analysis: FileAnalysis, node: Tree): Range {
  return analysis.lines.rangeOf(node.span.offset, node.span.length);
}

/** The range of the value at `steps`, or undefined when a step is missing. */
export function rangeAtPath(analysis: FileAnalysis, steps: readonly Step[]): Range | undefined {
  const node = nodeAt(analysis.root, steps);
  return node ? rangeOf(analysis, node) : undefined;
}

/** The start of the file, for a diagnostic whose value cannot be found. */
export function fileStart(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function scalarText(node: Tree | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** The ranges of the items of the array at `arrayPath` that are this string. */
export function stringItemRanges(analysis: FileAnalysis, arrayPath: readonly Step[], value: string): Range[] {
  const array = nodeAt(analysis.root, arrayPath);
  if (array?.kind !== 'array') return [];
  return array.items.filter((item) => scalarText(item) === value).map((item) => rangeOf(analysis, item));
}

/** The ranges of `member` in the object items of the array at `arrayPath` whose `member` is this string. */
export function objectItemRanges(analysis: FileAnalysis, arrayPath: readonly Step[], member: string, value: string): Range[] {
  const array = nodeAt(analysis.root, arrayPath);
  if (array?.kind !== 'array') return [];
  const ranges: Range[] = [];
  for (const item of array.items) {
    const field = nodeAt(item, [member]);
    if (scalarText(field) === value && field) ranges.push(rangeOf(analysis, field));
  }
  return ranges;
}

/** `value[steps…]` of plain data (the core's JsonValue), or undefined. */
export function valueAt(value: JsonValue | undefined, steps: readonly Step[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const step of steps) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else if (
      typeof current === 'object' &&
      current !== null &&
      !Array.isArray(current) &&
      Object.prototype.hasOwnProperty.call(current, step)
    ) {
      current = current[step];
    } else current = undefined;
    if (current === undefined) return undefined;
  }
  return current;
}
