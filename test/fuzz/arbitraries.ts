// The fuzz inputs: fast-check arbitraries of requests and briefs built from the example workspace
// (examples/checkout-service) and mutated — truncations, byte flips, insertions, type swaps, deep
// nesting, dedents, huge strings, thousands of members, surrogates (lone too) and combining
// marks, BOM, CRLF/CR, NUL, duplicate keys, YAML anchors/aliases/tags/several documents,
// `local_path` aimed at a canary outside the root — plus the seeded mutants of
// test/support/mutationCorpus.ts as one more mutation. An input is plain data (printable,
// replayable); `materialize` turns it into a file. Editor sessions for the server route are here too.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { jsonMutants, yamlMutants } from '../support/mutationCorpus';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE = path.join(REPO_ROOT, 'examples', 'checkout-service');

/** The token every canary file holds; no output may ever contain it. */
export const CANARY_TOKEN = 'CANARY_7f3a9c_DO_NOT_QUOTE';

/** A brief-shaped canary, placed outside the repository root. */
export const CANARY_TEXT = `schema_version: alloy.formation_brief.v1
id: brief_${CANARY_TOKEN}
version: 1
project_id: ${CANARY_TOKEN.toLowerCase()}
created_at: "2026-06-06T10:00:00Z"
created_by: ${CANARY_TOKEN}
status: compiled
mission:
  objective: ${CANARY_TOKEN}
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload: { secret: ${CANARY_TOKEN} }
`;

/** Stands for the canary's absolute path in a `local_path`; each route replaces it with its own. */
export const CANARY_ABSOLUTE = '{{CANARY_ABSOLUTE}}';

/** Where a route places the canary, relative to the repository root (a sibling folder). */
export const CANARY_RELATIVE = '../canary/brief.yaml';
/** A symbolic link inside the root, outside `.alloy/` (so no walker lists it), to the canary. */
export const CANARY_LINK = 'links/canary.yaml';

// ---------------------------------------------------------------------------------------------
// The sources.

export interface Source {
  kind: 'request' | 'brief';
  /** The path relative to the example root, `/`-separated. */
  path: string;
  text: string;
}

let sources: Source[] | undefined;

/** Every request and brief of the example workspace, in name order. */
export function exampleSources(): Source[] {
  if (sources) return sources;
  const read = (folder: string, kind: Source['kind']): Source[] =>
    fs
      .readdirSync(path.join(EXAMPLE, '.alloy', folder))
      .filter((name) => /\.(json|ya?ml)$/.test(name))
      .sort()
      .map((name) => ({
        kind,
        path: `.alloy/${folder}/${name}`,
        text: fs.readFileSync(path.join(EXAMPLE, '.alloy', folder, name), 'utf8'),
      }));
  sources = [...read('requests', 'request'), ...read('briefs', 'brief')];
  return sources;
}

const VALID_REQUEST = '.alloy/requests/checkout-payment.json';
const VALID_BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';

// ---------------------------------------------------------------------------------------------
// Mutations: plain data, applied in order by `mutate`.

const UNICODE = [
  '\uD800', // a lone high surrogate
  '\uDFFF', // a lone low surrogate
  '\uDBFF\uDFFF', // the last astral code point
  '😀',
  '\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}', // a ZWJ sequence
  'e\u0301', // a combining mark
  '\u0301', // a combining mark on nothing
  'Z' + '\u0336\u0300'.repeat(40), // stacked marks
  '\u200B',
  '\u200D',
  '\u202E', // right-to-left override
  '\u2028',
  '\u2029',
  '\u0085', // NEL (a line break in YAML 1.1)
  '\uFEFF', // a BOM in the middle
  '\uFFFE',
  '\uFFFF',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u001B]0;title\u0007',
  '::error file=x::injected',
  '\t',
  '\v',
  '\f',
  '中文',
  'ключ',
];

const JSON_SNIPPETS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u',
  '\\ud800',
  '\\uDC00',
  '/*',
  '//',
  '#',
  'null',
  'true',
  '1e999',
  '-0',
  '0x1',
  "'",
  ' ',
  '\n',
  '{"a":1}',
  '"k":',
  '"digest":"sha256:..."',
];

const YAML_SNIPPETS = [
  ': ',
  '- ',
  '? ',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '!tag ',
  '|',
  '>-',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '<<: *a\n',
  '{',
  '[',
  '"',
  "'",
  '#',
  '\t',
  '@',
  '`',
  '%',
  '\n  ',
  ' #',
];

/** A replacement value for a type swap. */
const SWAP_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  '',
  'x',
  '123',
  '2026-06-06',
  'sha256:...',
  [],
  {},
  [1, 'a', null],
  { a: {} },
  { digest: 'sha256:' + '0'.repeat(64) },
];

const LOCAL_PATHS = [
  CANARY_RELATIVE,
  CANARY_ABSOLUTE,
  CANARY_LINK,
  'links/../../canary/brief.yaml',
  '.alloy/briefs/../../../canary/brief.yaml',
  '.alloy/briefs/%2e%2e/%2e%2e/canary/brief.yaml',
  '.alloy\\briefs\\brief_01HZ_CHECKOUT_PAYMENT.yaml',
  '.alloy/briefs/brief_01HZ_CHECKOUT_REFUND.yaml',
  '.alloy/briefs/broken-compiled-without-evidence.yaml',
  '.alloy/briefs/missing.yaml',
  '.alloy/briefs',
  '.alloy/requests/checkout-payment.json',
  './.alloy//briefs/./brief_01HZ_CHECKOUT_PAYMENT.yaml',
  'file:///etc/passwd',
  '/dev/zero',
  '~/brief.yaml',
  '',
  '.',
  '..',
  '\u0000.yaml',
];

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'unicode'; at: number; text: string; times: number }
  | { op: 'flipByte'; at: number; bit: number }
  | { op: 'swapType'; pick: number; value: unknown }
  | { op: 'nest'; pick: number; depth: number; style: 'flow' | 'block' | 'compact' | 'indent' }
  | { op: 'dedent'; pick: number; by: number }
  | { op: 'indent'; pick: number; by: number }
  | { op: 'hugeString'; pick: number; length: number; unit: string; asKey: boolean }
  | { op: 'manyMembers'; pick: number; count: number; known: boolean }
  | { op: 'bom' }
  | { op: 'lineEndings'; eol: '\r\n' | '\r' | 'mixed' }
  | { op: 'nul'; at: number }
  | { op: 'duplicateLine'; pick: number }
  | { op: 'yaml'; construct: YamlConstruct; pick: number }
  | { op: 'localPath'; to: string }
  | { op: 'corpus'; seed: number };

export type YamlConstruct =
  | 'anchor-alias'
  | 'alias-undefined'
  | 'alias-to-collection'
  | 'merge-key'
  | 'alias-bomb'
  | 'tag-binary'
  | 'tag-custom'
  | 'tag-set'
  | 'tag-timestamp'
  | 'second-document'
  | 'directive'
  | 'document-end'
  | 'flow-map';

export interface FuzzInput {
  /** The example file the input starts from. */
  source: string;
  mutations: Mutation[];
  /** Written at the example's own path (so what names it sees it), or at a path of its own. */
  place: 'replace' | 'new';
}

/** One file of a fuzz run: its path relative to the repository root, its text, and its bytes when they are not the UTF-8 of the text. */
export interface FuzzFile {
  path: string;
  text: string;
  bytes?: Uint8Array;
  kind: 'request' | 'brief';
}

const offset = fc.nat({ max: 1_000_000 });

const mutations = [
  { weight: 3, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: offset }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: offset, length: fc.integer({ min: 1, max: 40 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('insert' as const), at: offset, text: fc.constantFrom(...JSON_SNIPPETS, ...YAML_SNIPPETS) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('unicode' as const),
      at: offset,
      text: fc.constantFrom(...UNICODE),
      times: fc.integer({ min: 1, max: 8 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flipByte' as const), at: offset, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('swapType' as const), pick: offset, value: fc.constantFrom(...SWAP_VALUES) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      pick: offset,
      depth: fc.constantFrom(2, 10, 100, 127, 128, 129, 200, 1000, 2500),
      style: fc.constantFrom('flow' as const, 'block' as const, 'compact' as const, 'indent' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dedent' as const), pick: offset, by: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('indent' as const), pick: offset, by: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('hugeString' as const),
      pick: offset,
      length: fc.constantFrom(1_000, 20_000, 200_000, 600_000),
      unit: fc.constantFrom('x', 'é', '😀', 'e\u0301', '\\', ' ', '\u0000'),
      asKey: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('lineEndings' as const),
      eol: fc.constantFrom('\r\n' as const, '\r' as const, 'mixed' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nul' as const), at: offset }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), pick: offset }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('yaml' as const),
      construct: fc.constantFrom<YamlConstruct>(
        'anchor-alias',
        'alias-undefined',
        'alias-to-collection',
        'merge-key',
        'alias-bomb',
        'tag-binary',
        'tag-custom',
        'tag-set',
        'tag-timestamp',
        'second-document',
        'directive',
        'document-end',
        'flow-map',
      ),
      pick: offset,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('localPath' as const), to: fc.constantFrom(...LOCAL_PATHS) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('corpus' as const), seed: fc.nat() }) },
];

/**
 * Thousands of members in one object: in the long run only (`fuzzInputArb({ manyMembers: true })`).
 * A YAML brief whose first line is plain text gets one syntax error per token after it (3,001
 * for 1,000 members, 268 ms; see findings.test.ts), so with this the suite would fail until
 * syntax errors are capped; 10,000–20,000 unknown keys take 104–177 ms of CPU too.
 */
const manyMembers = {
  weight: 1,
  arbitrary: fc.record({
    op: fc.constant('manyMembers' as const),
    pick: offset,
    count: fc.constantFrom(100, 1000, 5000, 20000),
    known: fc.boolean(),
  }),
};

export interface GeneratorOptions {
  /** Adds the many-members mutation (see above). */
  manyMembers?: boolean;
}

function mutationArb(options: GeneratorOptions): fc.Arbitrary<Mutation> {
  return fc.oneof(...(options.manyMembers ? [...mutations, manyMembers] : mutations));
}

/** A fuzz input: an example file (the valid request and brief more often) and up to four mutations (none: the valid file itself). */
export function fuzzInputArb(options: GeneratorOptions = {}): fc.Arbitrary<FuzzInput> {
  const paths = exampleSources().map((s) => s.path);
  return fc.record({
    source: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(VALID_REQUEST, VALID_BRIEF) },
      { weight: 2, arbitrary: fc.constantFrom(...paths) },
    ),
    mutations: fc.array(mutationArb(options), { minLength: 0, maxLength: 4 }),
    place: fc.constantFrom('replace' as const, 'new' as const, 'new' as const),
  });
}

/** A batch of inputs for one repository (the CLI and the server routes). */
export function fuzzBatchArb(minLength: number, maxLength: number, options: GeneratorOptions = {}): fc.Arbitrary<FuzzInput[]> {
  return fc.array(fuzzInputArb(options), { minLength, maxLength });
}

// ---------------------------------------------------------------------------------------------
// Materializing an input.

function sourceOf(relative: string): Source {
  const source = exampleSources().find((s) => s.path === relative);
  if (!source) throw new Error(`no example file ${relative}`);
  return source;
}

/**
 * The file an input stands for. `index` names a file of its own (`fuzz-<index>`), `canaryAbsolute`
 * is the canary's absolute path in this route.
 */
export function materialize(input: FuzzInput, index: number, canaryAbsolute: string): FuzzFile {
  const source = sourceOf(input.source);
  const extension = path.posix.extname(source.path);
  const folder = path.posix.dirname(source.path);
  const file = input.place === 'replace' ? source.path : `${folder}/fuzz-${index}${extension}`;
  const isYaml = extension !== '.json';
  let text = source.text;
  const flips: Extract<Mutation, { op: 'flipByte' }>[] = [];
  for (const mutation of input.mutations) {
    if (mutation.op === 'flipByte') flips.push(mutation);
    else text = mutate(text, mutation, isYaml, canaryAbsolute);
  }
  if (flips.length === 0) return { path: file, text, kind: source.kind };
  // Byte flips come last: the text is what an editor shows for the bytes (U+FFFD for each bad
  // sequence), the bytes are what is on disk.
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return { path: file, text, kind: source.kind };
  for (const flip of flips) bytes[flip.at % bytes.length] ^= 1 << flip.bit;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return {
      path: file,
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
      bytes: new Uint8Array(bytes),
      kind: source.kind,
    };
  }
  return { path: file, text: decoded, kind: source.kind };
}

/** Materializes a batch: `replace` inputs that would share a path become `new` ones. */
export function materializeBatch(inputs: FuzzInput[], canaryAbsolute: string): FuzzFile[] {
  const taken = new Set<string>();
  return inputs.map((input, index) => {
    let file = materialize(input, index, canaryAbsolute);
    if (taken.has(file.path)) file = materialize({ ...input, place: 'new' }, index, canaryAbsolute);
    taken.add(file.path);
    return file;
  });
}

/** The bytes written for a file. */
export function bytesOf(file: FuzzFile): Uint8Array {
  return file.bytes ?? Buffer.from(file.text, 'utf8');
}

/** Whether the file's text is what reading its bytes gives (so a server given the text and a CLI given the bytes see the same). */
export function textIsBytes(file: FuzzFile): boolean {
  return file.bytes === undefined && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(file.text);
}

function at(text: string, n: number): number {
  return n % (text.length + 1);
}

function lineIndexes(lines: string[], accept: (line: string) => boolean): number[] {
  return lines.map((line, i) => (accept(line) ? i : -1)).filter((i) => i >= 0);
}

export function mutate(text: string, m: Mutation, isYaml: boolean, canaryAbsolute: string): string {
  switch (m.op) {
    case 'truncate':
      return text.slice(0, at(text, m.at));
    case 'delete': {
      const i = at(text, m.at);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'insert':
    case 'unicode': {
      const i = at(text, m.at);
      const inserted = m.op === 'unicode' ? m.text.repeat(m.times) : m.text;
      return text.slice(0, i) + inserted + text.slice(i);
    }
    case 'nul': {
      const i = at(text, m.at);
      return text.slice(0, i) + '\u0000' + text.slice(i);
    }
    case 'flipByte':
      return text; // applied by materialize
    case 'swapType':
      return rewriteData(text, isYaml, (paths, set) => {
        if (paths.length > 0) set(paths[m.pick % paths.length], m.value);
      });
    case 'nest':
      return nest(text, m, isYaml);
    case 'dedent':
    case 'indent': {
      const lines = text.split('\n');
      const candidates = lineIndexes(lines, (l) => (m.op === 'dedent' ? /^ +\S/.test(l) : /\S/.test(l)));
      if (candidates.length === 0) return text;
      const i = candidates[m.pick % candidates.length];
      lines[i] = m.op === 'dedent' ? lines[i].slice(Math.min(m.by, /^ */.exec(lines[i])![0].length)) : ' '.repeat(m.by) + lines[i];
      return lines.join('\n');
    }
    case 'hugeString': {
      const huge = m.unit.repeat(Math.max(1, Math.floor(m.length / m.unit.length)));
      return rewriteData(text, isYaml, (paths, set, data) => {
        if (m.asKey) {
          const objects = paths.filter((p) => isObject(get(data, p)));
          const target = objects.length > 0 ? objects[m.pick % objects.length] : [];
          const object = get(data, target);
          if (isObject(object)) object[huge] = 'huge key';
        } else if (paths.length > 0) {
          set(paths[m.pick % paths.length], huge);
        }
      });
    }
    case 'manyMembers':
      // Many members in one object: unknown keys, or (known) members of the free-form payload.
      return rewriteData(text, isYaml, (paths, _set, data) => {
        const payload = get(data, ['foundry', 'payload']);
        const objects = paths.filter((p) => isObject(get(data, p)));
        const target = m.known && isObject(payload) ? payload : get(data, objects.length > 0 ? objects[m.pick % objects.length] : []);
        if (!isObject(target)) return;
        for (let i = 0; i < m.count; i++) target[`member_${i}`] = i % 3 === 0 ? `value ${i}` : i;
      });
    case 'bom':
      return '\uFEFF' + text;
    case 'lineEndings':
      if (m.eol === 'mixed') {
        let n = 0;
        return text.replace(/\n/g, () => ['\r\n', '\n', '\r'][n++ % 3]);
      }
      return text.replace(/\r?\n/g, m.eol);
    case 'duplicateLine': {
      const lines = text.split('\n');
      const candidates = lineIndexes(lines, (l) => l.includes(':'));
      if (candidates.length === 0) return text;
      const i = candidates[m.pick % candidates.length];
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'yaml':
      return yamlConstruct(text, m.construct, m.pick);
    case 'localPath': {
      const to = m.to === CANARY_ABSOLUTE ? canaryAbsolute : m.to;
      const replaced = text.replace(/("local_path"\s*:\s*)"(?:[^"\\]|\\.)*"/, (_all, head: string) => head + JSON.stringify(to));
      if (replaced !== text) return replaced;
      return text.replace(/^(\s*local_path:).*$/m, (_all, head: string) => `${head} ${JSON.stringify(to)}`);
    }
    case 'corpus':
      // The corpus reads its source as data to regenerate it; a source already broken stays as it
      // is, and so does YAML with a tag in it (reading it would print the parser's warning).
      if (isYaml && /(?:^|[\s[{,:-])![^\s]/m.test(text)) return text;
      try {
        return (isYaml ? yamlMutants(text, m.seed, 1) : jsonMutants(text, m.seed, 1))[0];
      } catch {
        return text;
      }
  }
}

// Data-level rewrites: read the text (leniently), change the data, print it back in the same
// format. A text that no longer parses is left as it is (other mutations broke it already).

type DataPath = (string | number)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function get(data: unknown, at: DataPath): unknown {
  let node = data;
  for (const step of at) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/** Every path to a value below the root, depth first (the root itself excluded). */
function allPaths(data: unknown): DataPath[] {
  const out: DataPath[] = [];
  const pending: { node: unknown; at: DataPath }[] = [{ node: data, at: [] }];
  while (pending.length > 0 && out.length < 10_000) {
    const { node, at: here } = pending.pop()!;
    if (here.length > 0) out.push(here);
    if (Array.isArray(node)) node.forEach((v, i) => pending.push({ node: v, at: [...here, i] }));
    else if (isObject(node)) for (const [k, v] of Object.entries(node)) pending.push({ node: v, at: [...here, k] });
  }
  return out;
}

function rewriteData(
  text: string,
  isYaml: boolean,
  change: (paths: DataPath[], set: (at: DataPath, value: unknown) => void, data: unknown) => void,
): string {
  let data: unknown;
  try {
    data = isYaml
      ? // With logLevel 'silent' \`parse\` drops every error, duplicate keys included, so \`uniqueKeys\`
        // changes nothing but the time: it compares each key with every earlier one (seconds for
        // the thousands of members the long run writes).
        parseYaml(text.replace(/^\uFEFF/, ''), {
          version: '1.2',
          schema: 'core',
          uniqueKeys: false,
          maxAliasCount: 100,
          logLevel: 'silent',
        })
      : JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return text;
  }
  if (data === null || typeof data !== 'object') return text;
  const set = (where: DataPath, value: unknown) => {
    const parent = get(data, where.slice(0, -1)) as Record<string | number, unknown>;
    parent[where[where.length - 1]] = structuredClone(value);
  };
  change(allPaths(data), set, data);
  try {
    return isYaml ? stringifyYaml(data, { version: '1.2', lineWidth: 0 }) : JSON.stringify(data, null, 2) + '\n';
  } catch {
    return text;
  }
}

/** Replaces a value (or, failing that, appends a member) with a value nested `depth` levels deep, as text. */
function nest(text: string, m: Extract<Mutation, { op: 'nest' }>, isYaml: boolean): string {
  const d = m.depth;
  let nested: string;
  if (!isYaml || m.style === 'flow') {
    nested = m.pick % 2 === 0 ? '['.repeat(d) + '1' + ']'.repeat(d) : '{"a":'.repeat(d) + '1' + '}'.repeat(d);
    if (isYaml) return `${text.replace(/\n?$/, '\n')}nested: ${nested}\n`;
    // JSON: in place of the first value after the chosen `:`.
    const colons = [...text.matchAll(/:\s*/g)].map((x) => x.index! + x[0].length);
    if (colons.length === 0) return nested;
    const i = colons[m.pick % colons.length];
    const end = /^("(?:[^"\\]|\\.)*"|[^,}\]\s]*)/.exec(text.slice(i))![0].length;
    return text.slice(0, i) + nested + text.slice(i + end);
  }
  const base = text.replace(/\n?$/, '\n');
  if (m.style === 'compact') {
    // Finding 1's shape: compact block sequences, then one line indented less.
    return `${base}nested:\n  ${'- '.repeat(d)}x\n dedented: 1\n`;
  }
  if (m.style === 'block') {
    let out = 'nested:\n';
    for (let i = 1; i <= Math.min(d, 400); i++) out += '  '.repeat(i) + '-\n';
    return base + out + '  '.repeat(Math.min(d, 400) + 1) + 'leaf\n';
  }
  let out = '';
  for (let i = 0; i < Math.min(d, 400); i++) out += ' '.repeat(i) + `k${i}:\n`;
  return base + out + ' '.repeat(Math.min(d, 400)) + 'leaf: 1\n';
}

function yamlConstruct(text: string, construct: YamlConstruct, pick: number): string {
  const base = text.replace(/\n?$/, '\n');
  const lines = base.split('\n');
  const valueLines = lineIndexes(lines, (l) => /^\s*[A-Za-z_][\w.-]*: \S/.test(l) && !/: [|>]/.test(l));
  const chosen = valueLines.length > 0 ? valueLines[pick % valueLines.length] : -1;
  switch (construct) {
    case 'anchor-alias':
      if (chosen < 0) return base + 'a: &a 1\nb: *a\n';
      lines[chosen] = lines[chosen].replace(/: /, ': &anchor ');
      return lines.join('\n') + 'aliased: *anchor\n';
    case 'alias-undefined':
      if (chosen < 0) return base + 'b: *nothing\n';
      lines[chosen] = lines[chosen].replace(/: .*$/, ': *nothing');
      return lines.join('\n');
    case 'alias-to-collection':
      return base.replace(/^(mission|foundry|repo|brief):\s*$/m, '$1: &coll') + 'copy: *coll\n';
    case 'merge-key':
      return base + 'base: &base\n  k: v\nmerged:\n  <<: *base\n  own: 1\n';
    case 'alias-bomb': {
      let out = 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++)
        out += `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]\n`;
      return base + out;
    }
    case 'tag-binary':
      return chosen < 0 ? base + 'b: !!binary aGVsbG8=\n' : replaceValue(lines, chosen, '!!binary aGVsbG8=');
    case 'tag-custom':
      return chosen < 0 ? base + 'c: !custom x\n' : replaceValue(lines, chosen, '!custom x');
    case 'tag-set':
      return base + 'set: !!set\n  ? a\n  ? b\n';
    case 'tag-timestamp':
      return chosen < 0 ? base + 't: !!timestamp 2026-06-06\n' : replaceValue(lines, chosen, '!!timestamp 2026-06-06');
    case 'second-document':
      return base + '---\nsecond: document\n';
    case 'directive':
      return '%YAML 1.1\n---\n' + base;
    case 'document-end':
      return base + '...\n';
    case 'flow-map':
      return base + 'flow: {a: 1, b: [x, y], a: 2}\n';
  }
}

function replaceValue(lines: string[], i: number, value: string): string {
  lines[i] = lines[i].replace(/: .*$/, `: ${value}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Editor sessions (the server route): what happens to each file of a batch once it is open.

/** Junk typed and removed again; it neither starts with a line feed nor ends with a carriage return (so it splits no \r\n). */
const JUNK = [
  'x',
  '{',
  '"',
  ': ',
  '- ',
  '\uD800',
  '😀',
  'e\u0301',
  '\u0000',
  '\t',
  '\r\n  ',
  '\n\n',
  '{"a": [1, 2]}',
  '&a *a',
  '\u2028',
  '\uFEFF',
];

export interface EditorScriptInput {
  editor: FuzzInput;
  junkAt: number;
  junk: string;
  edits: { at: number; remove: number; insert: string }[];
  hoverAt: number;
  close: boolean;
}

/** One file's editor session, as generated. */
export function editorScriptArb(options: GeneratorOptions = {}): fc.Arbitrary<EditorScriptInput> {
  return fc.record({
    editor: fuzzInputArb(options),
    junkAt: offset,
    junk: fc.constantFrom(...JUNK),
    edits: fc.array(
      fc.record({
        at: offset,
        remove: fc.integer({ min: 0, max: 30 }),
        insert: fc.constantFrom('', ...JUNK, ...JSON_SNIPPETS, ...YAML_SNIPPETS, ...UNICODE),
      }),
      { maxLength: 3 },
    ),
    hoverAt: offset,
    close: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  });
}

/** One file's editor session: the final editor text (another input, placed at the file's path) and the edits on the way. */
export interface EditorScript extends Omit<EditorScriptInput, 'editor'> {
  editor: FuzzFile;
}

export function materializeScript(script: EditorScriptInput, file: FuzzFile, index: number, canaryAbsolute: string): EditorScript {
  const editor = materialize(script.editor, index, canaryAbsolute);
  return { ...script, editor: { ...editor, path: file.path } };
}
