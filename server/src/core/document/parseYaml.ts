// YAML parsing with positions (the `yaml` package, YAML 1.2 core schema: an unquoted timestamp
// stays a string). Also reports what JSON cannot represent, since briefs are digested as JSON, and
// the control characters YAML forbids (NUL in a key, say) that the package lets through.
// Every node an alias produces is placed on the alias (`digest: *who` is at `*who`, not at the
// anchored value), so diagnostics and edits there never land on the anchor's text. At most 100
// `syntax` errors are listed one by one, then one more counts the rest (syntaxCap.ts).

import { Alias, Composer, isAlias, isMap, isPair, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';
import type { PendingDiagnostic } from './diagnostic';
import { MAX_NESTING_DEPTH, nestingTooDeep } from './nestingLimit';
import type { ParseOutcome } from './parseJson';
import { guardStack, stackExhausted } from './stackExhaustion';
import { capSyntaxProblems, countingSummary, MAX_SYNTAX_LISTED, type DroppedErrors } from './syntaxCap';
import type { PropertyNode, SyntaxNode, TextSpan } from './syntaxTree';
import { yamlConcreteTree } from './yamlNesting';

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
  return guardStack(text, parseYamlText);
}

/** The controls YAML forbids: C0 but tab, LF and CR; DEL; C1 but NEL (U+0085). */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

function isForbiddenControl(c: number): boolean {
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  return c >= 0x7f && c <= 0x9f && c !== 0x85;
}

/** Whether the text starts with two byte order marks (the second is a problem, see below). */
function hasSecondByteOrderMark(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff && text.charCodeAt(1) === 0xfeff;
}

/** At most this many control characters are reported one by one; the rest in one more diagnostic. */
const MAX_CONTROL_REPORTS = 100;

/**
 * YAML 1.2 allows no C0 control character but tab, LF and CR, no DEL and no C1 control but NEL
 * anywhere in a stream (§5.1, c-printable; quoted strings take them escaped, `"\x00"`), and the
 * `yaml` package reads them without a word: one `syntax` diagnostic on each such character (a key,
 * a value or a comment alike). A second byte order mark right after the first is one too: the
 * `yaml` package reads it as part of the first key once the first is set aside, another reader
 * as a second mark, so the file's data (and its digest) would depend on the reader.
 */
export function controlCharacterProblems(text: string): PendingDiagnostic[] {
  const problems: PendingDiagnostic[] = [];
  if (hasSecondByteOrderMark(text))
    problems.push({
      code: 'syntax',
      message: 'A second byte order mark (U+FEFF) follows the first; a file has at most one, at its start',
      span: { offset: 1, length: 1 },
    });
  // The usual text has none: one native scan says so (a character loop costs ~20 ms a megabyte).
  if (!FORBIDDEN_CONTROL.test(text)) return problems;
  let more = 0;
  let firstMore = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isForbiddenControl(c)) continue;
    if (problems.length === MAX_CONTROL_REPORTS) {
      if (more++ === 0) firstMore = i;
      continue;
    }
    const hex = c.toString(16).padStart(2, '0');
    const name = c === 0 ? ' (NUL)' : '';
    problems.push({
      code: 'syntax',
      message: `The control character U+00${hex.toUpperCase()}${name} is not allowed in YAML; in a double-quoted string write it as "\\x${hex}"`,
      span: { offset: i, length: 1 },
    });
  }
  if (more > 0) {
    const message = `${more} more control characters are not allowed in YAML (the first ${MAX_CONTROL_REPORTS} are reported one by one)`;
    problems.push(countingSummary({ code: 'syntax', message, span: { offset: firstMore, length: 1 } }, more));
  }
  return problems;
}

function parseYamlText(text: string): ParseOutcome {
  const problems: PendingDiagnostic[] = controlCharacterProblems(text);
  // A lone CR is a YAML 1.2 line break that the yaml package does not know; LF has the same length.
  let source = text.replace(/\r(?!\n)/g, '\n');
  // A second byte order mark (reported above) is read as a blank, so that it is the one problem.
  if (hasSecondByteOrderMark(source)) source = '\uFEFF ' + source.slice(2);
  const cst = yamlConcreteTree(source);
  if (cst.tooDeep) return { root: undefined, problems: capSyntaxProblems([...problems, nestingTooDeep(cst.tooDeep)]) };
  const { tokens, dropped } = withoutStrayErrorsBeyondCap(cst.tokens, text.length);
  // No `uniqueKeys`: the composer compares each key with every earlier one (quadratic in the size
  // of a map); the converter finds repeated keys with a Set.
  const list = Array.from(new Composer({ version: '1.2', schema: 'core', uniqueKeys: false, strict: true }).compose(tokens));
  // The composer catches a stack overflow itself and goes on with part of the tree: none of it is read.
  if (list.some((doc) => doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')))
    return { root: undefined, problems: [stackExhausted(text)] };
  for (const doc of list) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      // Unknown tags are reported once, by the JSON-data check below; repeated keys on the whole key, there too.
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
  if (!first || first.contents === null) return { root: undefined, problems: capSyntaxProblems(problems, dropped) };
  const converter = new Converter(first, problems);
  const root = converter.convert(first.contents as Node);
  return { root, problems: capSyntaxProblems(problems, dropped) };
}

/**
 * The CST without the stray tokens (an `error` token between documents: `k0: 0` after a plain
 * text line is three) past the first MAX_SYNTAX_LISTED + 1, which would each become one error the
 * cap then counts: they are counted here instead, without the composer making an error of each.
 * They add nothing to any document, so the tree is the same.
 */
function withoutStrayErrorsBeyondCap(tokens: CST.Token[], textLength: number): { tokens: CST.Token[]; dropped?: DroppedErrors } {
  let stray = 0;
  for (const token of tokens) if (token.type === 'error') stray++;
  if (stray <= MAX_SYNTAX_LISTED + 1) return { tokens };
  const kept: CST.Token[] = [];
  let seen = 0;
  let dropped: DroppedErrors | undefined;
  for (const token of tokens) {
    if (token.type !== 'error' || ++seen <= MAX_SYNTAX_LISTED + 1) {
      kept.push(token);
      continue;
    }
    if (dropped) dropped.count++;
    else {
      const offset = Math.min(token.offset, textLength);
      const end = Math.min(token.offset + Math.max(1, token.source.length), textLength);
      dropped = { count: 1, first: { offset, length: Math.max(offset < textLength ? 1 : 0, end - offset) } };
    }
  }
  return { tokens: kept, dropped };
}

/**
 * What each alias of a document refers to: the last node before it, in document order, that
 * carries its anchor (the `yaml` package's rule), found in one walk instead of one per alias.
 */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const targets = new Map<Alias, Node>();
  const latest = new Map<string, Node>();
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const item = pending.pop();
    if (isPair(item)) {
      pending.push(item.value, item.key);
    } else if (isAlias(item)) {
      const target = latest.get(item.source);
      if (target) targets.set(item, target);
    } else if (isMap(item) || isSeq(item) || isScalar(item)) {
      if (item.anchor) latest.set(item.anchor, item);
      if (isMap(item) || isSeq(item)) for (let i = item.items.length - 1; i >= 0; i--) pending.push(item.items[i]);
    }
  }
  return targets;
}

class Converter {
  private expansions = 0;
  /** Nodes produced while expanding aliases. */
  private aliasNodes = 0;
  private readonly aliasStack: Alias[] = [];
  /**
   * Where the outermost alias being expanded is written. Every node the expansion produces is
   * placed there, and the problems of its text are not reported again (they were, at the anchor).
   */
  private aliasSpan: TextSpan | undefined;
  private targets: Map<Alias, Node> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly problems: PendingDiagnostic[],
  ) {}

  /** A problem of the text itself: reported where the text is, not again for each alias of it. */
  private report(problem: PendingDiagnostic): void {
    if (this.aliasSpan === undefined) this.problems.push(problem);
  }

  /** `depth` is the nesting level of `node` (the document's root is at 1). */
  convert(node: Node, depth = 1): SyntaxNode {
    const ownSpan = spanOf(node);
    const span = this.aliasSpan ?? ownSpan;
    if (isAlias(node)) return this.convertAlias(node, span, depth);
    if (this.aliasStack.length > 0) this.aliasNodes++;
    if ((isMap(node) || isSeq(node)) && depth > MAX_NESTING_DEPTH) {
      // Only aliases can nest this deep here: the text itself was checked before composing. The
      // error names the anchored collection that crosses the limit.
      this.problems.push(nestingTooDeep({ offset: ownSpan.offset, length: Math.min(1, ownSpan.length) }));
      return { kind: 'scalar', span, value: null };
    }
    const badTag = this.checkTag(node, span);
    if (isMap(node)) {
      const properties: PropertyNode[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keySpan = this.aliasSpan ?? (keyNode ? spanOf(keyNode) : span);
        let key: string;
        if (isScalar(keyNode) && typeof keyNode.value === 'string') {
          key = keyNode.value;
        } else {
          this.report({
            code: 'schema',
            message: 'Keys must be strings: JSON cannot represent this key, so the file cannot be digested',
            span: keySpan,
          });
          // A map, a sequence or nothing as the key names no member: the error above is all there is to say.
          if (!isScalar(keyNode)) continue;
          key = String(keyNode.value);
        }
        if (seen.has(key))
          this.report({ code: 'syntax', message: `Duplicate key "${key}": YAML maps must have unique keys`, span: keySpan });
        seen.add(key);
        const value = pair.value === null ? undefined : this.convert(pair.value as Node, depth + 1);
        properties.push({ key, keySpan, value: value ?? (keyNode && isScalar(keyNode) ? this.emptyValueAfter(keySpan) : undefined) });
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
          this.report({ code: 'schema', message: 'JSON cannot represent .nan or .inf, so the file cannot be digested', span });
          return { kind: 'scalar', span, value: null };
        }
        return { kind: 'scalar', span, value: n };
      }
      if (!badTag)
        this.report({
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
    this.targets ??= aliasTargets(this.doc);
    const target = this.targets.get(alias);
    if (!target) return { kind: 'scalar', span, value: null };
    const outermost = this.aliasSpan === undefined;
    if (outermost) this.aliasSpan = span;
    this.aliasStack.push(alias);
    try {
      return this.convert(target, depth);
    } finally {
      this.aliasStack.pop();
      if (outermost) this.aliasSpan = undefined;
    }
  }

  /** An empty value (`key:` with nothing after it) is YAML null; placed just after the key (or on the alias). */
  private emptyValueAfter(keySpan: TextSpan): SyntaxNode {
    const span = this.aliasSpan ?? { offset: keySpan.offset + keySpan.length, length: 0 };
    return { kind: 'scalar', span, value: null };
  }

  /** Reports a tag that is not JSON data; true when the tag is one. */
  private checkTag(node: Node, span: TextSpan): boolean {
    const tag = (node as { tag?: string }).tag;
    if (!tag || JSON_TAGS.has(tag)) return false;
    this.report({ code: 'schema', message: `The tag ${tag} is not JSON data, so the file cannot be digested`, span });
    return true;
  }
}

function spanOf(node: Node): TextSpan {
  const range = node.range ?? [0, 0, 0];
  return { offset: range[0], length: Math.max(0, range[1] - range[0]) };
}
