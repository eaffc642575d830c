// The fuzz properties' own oracles, independent of the code under test: where a range may lie in a
// text (LSP lines: \r\n, \r or \n; a leading BOM takes no column), a brief's digest and a
// request's idempotency key from data read with other parsers (`yaml`, JSON.parse) and hashed
// with test/support/independentHash.ts, and a search for the canary's token.

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { canonicalText, sha256Of } from '../support/independentHash';
import { CANARY_TOKEN } from './arbitraries';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * The lines of a text (without their line breaks): \r\n, \r and \n end lines. A leading BOM
 * takes no column, as an editor shows it: the positions of the core, the CLI and the server, also
 * for a client whose text keeps the mark (byteOrderMark.ts; the README says so). A range inside
 * these lines is inside such a client's text too, whose line 0 is one character longer.
 */
export function linesOf(text: string): string[] {
  return (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
}

/**
 * Whether a map of the document has two equal keys, as the `yaml` package's `uniqueKeys` compares
 * them (the same node, or scalars with strictly equal values), through one set per map.
 */
function hasRepeatedKey(document: ReturnType<typeof parseDocument>): boolean {
  let repeated = false;
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        // NaN is not equal to itself under ===; a Set would take two NaNs for one.
        if (typeof key === 'number' && Number.isNaN(key)) continue;
        if (seen.has(key)) repeated = true;
        seen.add(key);
      }
      if (repeated) return visit.BREAK;
    },
  });
  return repeated;
}

/** What is wrong with a range in a text (with its lines), or undefined when it lies inside. */
export function rangeProblem(lines: string[], range: Range | undefined): string | undefined {
  if (!range || !range.start || !range.end) return 'no range';
  for (const [name, p] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0)
      return `${name} ${show(p)} is not a position`;
    if (p.line >= lines.length) return `${name} ${show(p)} is past the last line (${lines.length} lines)`;
    const line = lines[p.line];
    if (p.character > line.length) return `${name} ${show(p)} is past the end of its line (${line.length} characters)`;
    const before = line.charCodeAt(p.character - 1);
    const after = line.charCodeAt(p.character);
    if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return `${name} ${show(p)} splits a surrogate pair`;
  }
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character))
    return `it ends before it starts (${show(start)}–${show(end)})`;
  return undefined;
}

export function show(p: Position): string {
  return `${p.line}:${p.character}`;
}

/** Whether a string holds no lone surrogate (String.prototype.isWellFormed, which ES2022's lib lacks). */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Where the canary's token appears in a value (any string in it, at any depth), if anywhere. */
export function canaryIn(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return undefined;
  const at = text.indexOf(CANARY_TOKEN);
  return at < 0 ? undefined : text.slice(Math.max(0, at - 80), at + CANARY_TOKEN.length + 20);
}

// ---------------------------------------------------------------------------------------------
// Data, digests and keys.

export type Independent<T> = { ok: true; value: T } | { ok: false; reason: string; notJsonData?: boolean };

/** Whether a JS value is JSON data as RFC 8785 can write it (finite numbers, plain objects and arrays). */
function jsonDataProblem(value: unknown, depth = 0): string | undefined {
  if (depth > 10_000) return 'nested too deep';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `the number ${value}`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonDataProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key of Object.keys(value)) {
      const problem = jsonDataProblem((value as Record<string, unknown>)[key], depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return `a value of type ${Object.prototype.toString.call(value)}`;
}

/**
 * A YAML or JSON text's data, read with the `yaml` package (YAML 1.2 core schema, unique keys) or
 * JSON.parse. `notJsonData` marks data that exists but is not JSON data (duplicate keys, a key that
 * is not a string, .nan/.inf, a tag that makes no JSON value): the core must give no digest for it.
 */
export function independentData(text: string, format: 'json' | 'yaml'): Independent<unknown> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (format === 'json') {
    try {
      const value: unknown = JSON.parse(body);
      const problem = jsonDataProblem(value);
      return problem ? { ok: false, reason: problem, notJsonData: true } : { ok: true, value };
    } catch (error) {
      return { ok: false, reason: `JSON.parse: ${(error as Error).message}` };
    }
  }
  if (body.includes('\u0000')) return { ok: false, reason: 'NUL in YAML' };
  let document;
  try {
    // YAML 1.2 line breaks are CR LF, CR or LF, and a parser reads each as LF; the `yaml` package
    // takes a lone CR for a space, so the text is given to it with LF only. Repeated keys are
    // found below: the package's own check compares each key with every earlier one of its map.
    document = parseDocument(body.replace(/\r\n?/g, '\n'), {
      version: '1.2',
      schema: 'core',
      uniqueKeys: false,
      merge: false,
      prettyErrors: false,
    });
  } catch (error) {
    return { ok: false, reason: `yaml threw: ${(error as Error).message}` };
  }
  if (hasRepeatedKey(document) && document.errors.length === 0 && document.warnings.length === 0)
    return { ok: false, reason: 'duplicate keys', notJsonData: true };
  if (document.errors.length > 0) return { ok: false, reason: `yaml: ${document.errors[0].code}` };
  if (document.warnings.length > 0) return { ok: false, reason: `yaml warning: ${document.warnings[0].code}` };
  let keyProblem: string | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (!isPair(pair)) return;
      const key = pair.key;
      if (isAlias(key)) keyProblem ??= 'an alias as a key';
      else if (!isScalar(key)) keyProblem ??= 'a collection as a key';
      else if (typeof key.value !== 'string') keyProblem ??= `a ${key.value === null ? 'null' : typeof key.value} key`;
    },
    Scalar(_key, node) {
      // `!` is the non-specific tag: a plain string, a map or a sequence as written.
      if (
        node.tag &&
        ![
          '!',
          'tag:yaml.org,2002:str',
          'tag:yaml.org,2002:int',
          'tag:yaml.org,2002:float',
          'tag:yaml.org,2002:bool',
          'tag:yaml.org,2002:null',
        ].includes(node.tag)
      )
        keyProblem ??= `the tag ${node.tag}`;
    },
    Map(_key, node) {
      if (isMap(node) && node.tag && node.tag !== '!' && node.tag !== 'tag:yaml.org,2002:map') keyProblem ??= `the tag ${node.tag}`;
    },
    Seq(_key, node) {
      if (isSeq(node) && node.tag && node.tag !== '!' && node.tag !== 'tag:yaml.org,2002:seq') keyProblem ??= `the tag ${node.tag}`;
    },
  });
  if (keyProblem) return { ok: false, reason: keyProblem, notJsonData: true };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    return { ok: false, reason: `yaml toJS: ${(error as Error).message}` };
  }
  const problem = jsonDataProblem(value);
  return problem ? { ok: false, reason: problem, notJsonData: true } : { ok: true, value };
}

/** SPEC §4: sha256 of the canonical JSON of the brief's data without its top-level `digest`. */
export function independentDigest(data: unknown): string {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const { digest: _own, ...content } = data as Record<string, unknown>;
    return sha256Of(canonicalText(content));
  }
  return sha256Of(canonicalText(data));
}

function member(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** SPEC §5: the key of a request's seven inputs, or undefined when one is missing or of the wrong type. */
export function independentKey(request: unknown): string | undefined {
  const foundry = member(request, 'foundry');
  const requestedBy = member(request, 'requested_by') ?? null;
  const inputs = {
    brief_digest: member(member(request, 'brief'), 'digest'),
    entry_event: member(foundry, 'entry_event'),
    payload: member(foundry, 'payload'),
    project_id: member(request, 'project_id'),
    repo_revision: member(member(request, 'repo'), 'revision'),
    requested_by: requestedBy,
    throttle: member(foundry, 'throttle'),
  };
  const strings = [inputs.brief_digest, inputs.entry_event, inputs.project_id, inputs.repo_revision, inputs.throttle];
  if (strings.some((s) => typeof s !== 'string') || inputs.payload === undefined) return undefined;
  if (requestedBy !== null && typeof requestedBy !== 'string') return undefined;
  return sha256Of(canonicalText(inputs));
}
