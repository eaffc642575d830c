// YAML parsing with positions (the `yaml` package, YAML 1.2 core schema: an unquoted timestamp
// stays a string). Also reports what JSON cannot represent, since briefs are digested as JSON.

import { Alias, Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, type Document, type Node } from 'yaml';
import type { PendingDiagnostic } from './diagnostic';
import { MAX_NESTING_DEPTH, nestingTooDeep } from './nestingLimit';
import type { ParseOutcome } from './parseJson';
import type { PropertyNode, SyntaxNode, TextSpan } from './syntaxTree';
import { yamlNestingTooDeep } from './yamlNesting';

/** Tags whose values map onto JSON types. */
const JSON_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

/**
 * Bound alias expansion (a "billion laughs" document expands exponentially): the number of
 * aliases expanded, and the number of nodes they produce.
 */
const MAX_ALIAS_EXPANSIONS = 1000;
const MAX_ALIAS_NODES = 10_000;

export function parseYaml(text: string): ParseOutcome {
  const problems: PendingDiagnostic[] = [];
  // A lone CR is a YAML 1.2 line break that the yaml package does not know; LF has the same length.
  const source = text.replace(/\r(?!\n)/g, '\n');
  const tokens = Array.from(new Parser().parse(source));
  const tooDeep = yamlNestingTooDeep(tokens);
  if (tooDeep) return { root: undefined, problems: [nestingTooDeep(tooDeep)] };
  const list = Array.from(new Composer({ version: '1.2', schema: 'core', uniqueKeys: true, strict: true }).compose(tokens));
  for (const doc of list) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      // Unknown tags are reported once, by the JSON-data check below; duplicate keys on the whole key, there too.
      if (e.code === 'TAG_RESOLVE_FAILED' || e.code === 'DUPLICATE_KEY') continue;
      const start = Math.min(e.pos[0], text.length);
      const end = Math.min(e.pos[1], text.length);
      const message = e.message.split('\n')[0];
      // At least one character, unless the error is at the very end of the text.
      problems.push({ code: 'syntax', message, span: { offset: start, length: Math.max(start < text.length ? 1 : 0, end - start) } });
    }
  }
  if (list.length > 1) {
    const second = list[1];
    const offset = second.range[0];
    problems.push({
      code: 'syntax',
      message: 'Only one YAML document is allowed in an Alloy file',
      span: { offset, length: Math.max(1, second.range[1] - offset) },
    });
  }
  const first = list[0];
  if (!first || first.contents === null) return { root: undefined, problems };
  const converter = new Converter(first, problems);
  return { root: converter.convert(first.contents as Node), problems };
}

class Converter {
  private expansions = 0;
  /** Nodes produced while expanding aliases. */
  private aliasNodes = 0;
  private readonly aliasStack: Alias[] = [];

  constructor(
    private readonly doc: Document,
    private readonly problems: PendingDiagnostic[],
  ) {}

  /** `depth` is the nesting level of `node` (the document's root is at 1). */
  convert(node: Node, depth = 1): SyntaxNode {
    const span = spanOf(node);
    if (isAlias(node)) return this.convertAlias(node, span, depth);
    if (this.aliasStack.length > 0) this.aliasNodes++;
    if ((isMap(node) || isSeq(node)) && depth > MAX_NESTING_DEPTH) {
      // Only aliases can nest this deep here: the text itself was checked before composing.
      this.problems.push(nestingTooDeep({ offset: span.offset, length: Math.min(1, span.length) }));
      return { kind: 'scalar', span, value: null };
    }
    const badTag = this.checkTag(node, span);
    if (isMap(node)) {
      const properties: PropertyNode[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keySpan = keyNode ? spanOf(keyNode) : span;
        let key: string;
        if (isScalar(keyNode) && typeof keyNode.value === 'string') {
          key = keyNode.value;
        } else {
          this.problems.push({
            code: 'schema',
            message: 'Keys must be strings: JSON cannot represent this key, so the file cannot be digested',
            span: keySpan,
          });
          // A map, a sequence or nothing as the key names no member: the error above is all there is to say.
          if (!isScalar(keyNode)) continue;
          key = String(keyNode.value);
        }
        if (seen.has(key))
          this.problems.push({ code: 'syntax', message: `Duplicate key "${key}": YAML maps must have unique keys`, span: keySpan });
        seen.add(key);
        const value = pair.value === null ? undefined : this.convert(pair.value as Node, depth + 1);
        properties.push({ key, keySpan, value: value ?? (keyNode && isScalar(keyNode) ? nullAfter(keySpan) : undefined) });
      }
      return { kind: 'object', span, properties };
    }
    if (isSeq(node)) {
      return {
        kind: 'array',
        span,
        items: node.items.map((item) => (item === null ? { kind: 'scalar', span, value: null } : this.convert(item as Node, depth + 1))),
      };
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return { kind: 'scalar', span, value: v };
      if (typeof v === 'number' || typeof v === 'bigint') {
        const n = Number(v);
        if (!Number.isFinite(n)) {
          this.problems.push({ code: 'schema', message: 'JSON cannot represent .nan or .inf, so the file cannot be digested', span });
          return { kind: 'scalar', span, value: null };
        }
        return { kind: 'scalar', span, value: n };
      }
      if (!badTag)
        this.problems.push({
          code: 'schema',
          message: 'This value is not JSON data (binary or another type), so the file cannot be digested',
          span,
        });
      return { kind: 'scalar', span, value: null };
    }
    return { kind: 'scalar', span, value: null };
  }

  private convertAlias(alias: Alias, span: TextSpan, depth: number): SyntaxNode {
    if (++this.expansions > MAX_ALIAS_EXPANSIONS || this.aliasNodes > MAX_ALIAS_NODES || this.aliasStack.includes(alias)) {
      this.problems.push({ code: 'syntax', message: 'Too many or recursive alias expansions', span });
      return { kind: 'scalar', span, value: null };
    }
    const target = alias.resolve(this.doc);
    if (!target) return { kind: 'scalar', span, value: null };
    this.aliasStack.push(alias);
    try {
      return this.convert(target as Node, depth);
    } finally {
      this.aliasStack.pop();
    }
  }

  /** Reports a tag that is not JSON data; true when it did. */
  private checkTag(node: Node, span: TextSpan): boolean {
    const tag = (node as { tag?: string }).tag;
    if (!tag || JSON_TAGS.has(tag)) return false;
    this.problems.push({ code: 'schema', message: `The tag ${tag} is not JSON data, so the file cannot be digested`, span });
    return true;
  }
}

function spanOf(node: Node): TextSpan {
  const range = node.range ?? [0, 0, 0];
  return { offset: range[0], length: Math.max(0, range[1] - range[0]) };
}

/** An empty value (`key:` with nothing after it) is YAML null; place it just after the key. */
function nullAfter(keySpan: TextSpan): SyntaxNode {
  return { kind: 'scalar', span: { offset: keySpan.offset + keySpan.length, length: 0 }, value: null };
}
