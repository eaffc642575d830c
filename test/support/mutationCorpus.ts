// A seeded, bounded mutation corpus for differential tests of the parsers' fast paths: texts
// derived from the example workspace (requests, briefs) and the schemas' example run result and
// observation, mutated in structure, in values and in characters. Same seed, same texts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYamlText } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32, small and deterministic (never Math.random).

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, chance: (p) => next() < p, pick: (items) => items[int(items.length)] };
}

// ---------------------------------------------------------------------------------------------
// The sources.

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ALLOY_FOLDER = path.join(REPO_ROOT, 'examples', 'checkout-service', '.alloy');

function readFolder(folder: string, extension: string): string[] {
  const dir = path.join(ALLOY_FOLDER, folder);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
}

let requestSources: string[] | undefined;
let briefSources: string[] | undefined;
let resultSources: string[] | undefined;

/** The example requests (`.alloy/requests/*.json`), in name order. */
export function exampleRequestTexts(): string[] {
  return (requestSources ??= readFolder('requests', '.json'));
}

/**
 * The example v1 briefs (`.alloy/briefs/*.yaml`), in name order. The pre-v1 example (a different
 * shape, tested by the migration tests) is left out, so the seeded corpus stays what it was.
 */
export function exampleBriefTexts(): string[] {
  return (briefSources ??= readFolder('briefs', '.yaml').filter((text) => /^schema_version:/m.test(text)));
}

/** The run result and the evidence observation of the schemas' `examples`, as pretty JSON. */
export function exampleResultTexts(): string[] {
  return (resultSources ??= ['foundry_run_result', 'evidence_observation'].map((name) => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', `${name}.v1.schema.json`), 'utf8')) as {
      examples: unknown[];
    };
    return JSON.stringify(schema.examples[0], null, 2) + '\n';
  }));
}

/** Mutants of the example requests (JSON texts). */
export function requestMutants(seed: number, count: number): string[] {
  return mutantsOf(exampleRequestTexts(), seed, count, mutateJson);
}

/** Mutants of the example run result and observation (JSON texts). */
export function resultMutants(seed: number, count: number): string[] {
  return mutantsOf(exampleResultTexts(), seed, count, mutateJson);
}

/** Mutants of the example briefs (YAML texts). */
export function briefMutants(seed: number, count: number): string[] {
  return mutantsOf(exampleBriefTexts(), seed, count, mutateYaml);
}

/** Mutants of any JSON text. */
export function jsonMutants(source: string, seed: number, count: number): string[] {
  return mutantsOf([source], seed, count, mutateJson);
}

/** Mutants of any YAML text whose data is JSON (a brief, a request read as YAML). */
export function yamlMutants(source: string, seed: number, count: number): string[] {
  return mutantsOf([source], seed, count, mutateYaml);
}

function mutantsOf(sources: string[], seed: number, count: number, mutate: (source: string, random: Random) => string): string[] {
  const random = createRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(mutate(sources[i % sources.length], random));
  return out;
}

// ---------------------------------------------------------------------------------------------
// A data tree that keeps what a value cannot: duplicate keys and raw token texts.

type Tree =
  | { t: 'scalar'; v: string | number | boolean | null; raw?: string }
  | { t: 'seq'; items: Tree[] }
  | { t: 'map'; entries: { key: string; rawKey?: string; value: Tree }[] };

function treeOf(value: unknown): Tree {
  if (Array.isArray(value)) return { t: 'seq', items: value.map(treeOf) };
  if (value !== null && typeof value === 'object')
    return { t: 'map', entries: Object.entries(value).map(([key, v]) => ({ key, value: treeOf(v) })) };
  return { t: 'scalar', v: value as string | number | boolean | null };
}

/** Every collection in the tree, the root first. */
function collections(tree: Tree): Tree[] {
  const out: Tree[] = [];
  const pending = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.t === 'scalar') continue;
    out.push(node);
    if (node.t === 'seq') pending.push(...node.items);
    else for (const e of node.entries) pending.push(e.value);
  }
  return out;
}

/** Replaces one random child value somewhere in the tree (or does nothing in an empty tree). */
function replaceSomeValue(tree: Tree, random: Random, make: (old: Tree) => Tree): void {
  const parents = collections(tree).filter((c) => (c.t === 'seq' ? c.items.length > 0 : c.t === 'map' && c.entries.length > 0));
  if (parents.length === 0) return;
  const parent = random.pick(parents);
  if (parent.t === 'seq') {
    const i = random.int(parent.items.length);
    parent.items[i] = make(parent.items[i]);
  } else if (parent.t === 'map') {
    const e = random.pick(parent.entries);
    e.value = make(e.value);
  }
}

function someMap(tree: Tree, random: Random): Extract<Tree, { t: 'map' }> | undefined {
  const maps = collections(tree).filter((c): c is Extract<Tree, { t: 'map' }> => c.t === 'map');
  return maps.length > 0 ? random.pick(maps) : undefined;
}

function nest(inner: Tree, levels: number, random: Random): Tree {
  let node = inner;
  const asMap = random.chance(0.5);
  for (let i = 0; i < levels; i++) node = asMap ? { t: 'map', entries: [{ key: `n${i % 10}`, value: node }] } : { t: 'seq', items: [node] };
  return node;
}

const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '',
  ' ',
  'ключ',
  '键',
  '😀',
  'e\u0301',
  'a.b',
  'a/b',
];

/** Structural and value mutations shared by both formats; `scalars` are the format's trap values. */
function mutateTree(tree: Tree, random: Random, scalars: () => Tree): void {
  const steps = 1 + random.int(3);
  for (let s = 0; s < steps; s++) {
    switch (random.int(10)) {
      case 0: // a type change
        replaceSomeValue(tree, random, () =>
          random.pick<() => Tree>([
            () => ({ t: 'scalar', v: 'text' }),
            () => ({ t: 'scalar', v: 42 }),
            () => ({ t: 'scalar', v: null }),
            () => ({ t: 'scalar', v: random.chance(0.5) }),
            () => ({ t: 'map', entries: [] }),
            () => ({ t: 'seq', items: [] }),
            () => ({ t: 'map', entries: [{ key: 'inner', value: { t: 'scalar', v: 1 } }] }),
            () => ({
              t: 'seq',
              items: [
                { t: 'scalar', v: 'x' },
                { t: 'scalar', v: 2 },
              ],
            }),
          ])(),
        );
        break;
      case 1: {
        // a member removed
        const map = someMap(tree, random);
        if (map && map.entries.length > 0) map.entries.splice(random.int(map.entries.length), 1);
        break;
      }
      case 2: {
        // a member renamed (to a special key sometimes)
        const map = someMap(tree, random);
        if (map && map.entries.length > 0) {
          const e = random.pick(map.entries);
          e.key = random.chance(0.5) ? random.pick(SPECIAL_KEYS) : e.key + '_x';
          e.rawKey = undefined;
        }
        break;
      }
      case 3: {
        // a duplicate key, at the top or nested
        const map = someMap(tree, random);
        if (map && map.entries.length > 0) {
          const e = random.pick(map.entries);
          const copy = { key: e.key, value: random.chance(0.5) ? e.value : { t: 'scalar' as const, v: 'dup' } };
          map.entries.splice(random.int(map.entries.length + 1), 0, copy);
        }
        break;
      }
      case 4:
      case 5:
      case 6: // a trap value
        replaceSomeValue(tree, random, scalars);
        break;
      case 7: {
        // a new member with a special or unicode key
        const map = someMap(tree, random);
        if (map) map.entries.splice(random.int(map.entries.length + 1), 0, { key: random.pick(SPECIAL_KEYS), value: scalars() });
        break;
      }
      case 8: // deep nesting, near and over the limit of 128 levels
        if (random.chance(0.3))
          replaceSomeValue(tree, random, (old) => nest(old, random.pick([120, 124, 125, 126, 127, 128, 130, 140]), random));
        else replaceSomeValue(tree, random, (old) => nest(old, 1 + random.int(4), random));
        break;
      default: {
        // array changes: an item removed, duplicated or appended
        const seqs = collections(tree).filter((c): c is Extract<Tree, { t: 'seq' }> => c.t === 'seq');
        if (seqs.length === 0) break;
        const seq = random.pick(seqs);
        const which = random.int(3);
        if (which === 0 && seq.items.length > 0) seq.items.splice(random.int(seq.items.length), 1);
        else if (which === 1 && seq.items.length > 0) seq.items.push(seq.items[random.int(seq.items.length)]);
        else seq.items.push(scalars());
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Character-level mutations, for both formats.

function mutateCharacters(text: string, random: Random, alphabet: readonly string[]): string {
  let out = text;
  const ops = 1 + random.int(3);
  for (let i = 0; i < ops; i++) {
    const at = random.int(out.length + 1);
    switch (random.int(3)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + random.int(random.chance(0.8) ? 1 : 8));
        break;
      case 1:
        out = out.slice(0, at) + random.pick(alphabet) + out.slice(at);
        break;
      default: {
        const length = 1 + random.int(12);
        out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON.

const JSON_NUMBERS = [
  '1e400',
  '-1e400',
  '-0',
  '0',
  '1e-400',
  '12345678901234567890',
  '9007199254740993',
  '1.0',
  '1E3',
  '1e+3',
  '1.5e-3',
  '-0.0',
  '0.1',
  '01',
  '1.',
  '.5',
  '+1',
  '0x1F',
  'NaN',
  'Infinity',
  '-Infinity',
  '2e308',
];

const JSON_STRINGS = [
  '"\\u0000"',
  '"\\ud800"',
  '"\\udc00x"',
  '"\\uD83D\\uDE00"',
  '"\\/"',
  '"\\\\"',
  '"\\n\\t\\r\\b\\f"',
  '"\\"quoted\\""',
  '"\u0001"',
  '"tab\there"',
  '"new\nline"',
  '"é ü 中文 😀"',
  '"\\u00e9"',
  '"\\x41"',
  '"\\u12"',
  '"unterminated',
  '""',
  '" "',
  '"\u2028\u2029"',
];

function jsonScalar(random: Random): Tree {
  switch (random.int(4)) {
    case 0:
      return { t: 'scalar', v: 0, raw: random.pick(JSON_NUMBERS) };
    case 1:
      return { t: 'scalar', v: '', raw: random.pick(JSON_STRINGS) };
    case 2:
      return { t: 'scalar', v: random.pick([null, true, false, '', 'checkout', -1, 3.25]) };
    default:
      return { t: 'scalar', v: null, raw: random.pick(['nul', 'True', 'undefined', "'single'", 'tru']) };
  }
}

interface JsonStyle {
  indent: string;
  eol: string;
  trailingCommas: number;
  comments: number;
  escapedKeys: number;
}

function printJson(tree: Tree, style: JsonStyle, random: Random): string {
  const parts: string[] = [];
  const pending: { node: Tree | string; depth: number }[] = [{ node: tree, depth: 0 }];
  const newline = (depth: number): string => (style.indent === '' ? '' : style.eol + style.indent.repeat(depth));
  const comment = (): string => (random.chance(style.comments) ? random.pick([' /* c */ ', '// c' + style.eol]) : '');
  // Iterative, so that nesting thousands deep cannot overflow the generator's stack.
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (typeof node === 'string') {
      parts.push(node);
      continue;
    }
    if (node.t === 'scalar') {
      parts.push(node.raw ?? JSON.stringify(node.v));
      continue;
    }
    const [open, close] = node.t === 'seq' ? ['[', ']'] : ['{', '}'];
    const children: (Tree | string)[] = [];
    const count = node.t === 'seq' ? node.items.length : node.entries.length;
    for (let i = 0; i < count; i++) {
      children.push(newline(depth + 1) + comment());
      if (node.t === 'seq') children.push(node.items[i]);
      else {
        const e = node.entries[i];
        const key = e.rawKey ?? (random.chance(style.escapedKeys) ? escapedKey(e.key) : JSON.stringify(e.key));
        children.push(key + (style.indent === '' ? ':' : ': '), e.value);
      }
      if (i < count - 1) children.push(',');
      else if (random.chance(style.trailingCommas)) children.push(',');
    }
    children.push(count > 0 ? newline(depth) + close : close);
    parts.push(open);
    for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], depth: depth + 1 });
  }
  return parts.join('');
}

/** The same key with its first character written as a \u escape. */
function escapedKey(key: string): string {
  if (key.length === 0) return '""';
  return '"\\u' + key.charCodeAt(0).toString(16).padStart(4, '0') + JSON.stringify(key).slice(2);
}

const JSON_ALPHABET = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', 'a', '\n', '/', '*', '#', "'", '-', '.', 'e', '\u0000', '\t'];

const JSON_WHOLE = ['', ' ', '\n', '\t \r\n ', '\uFEFF', '{}', '[]', 'null', '"text"', '1', '{', '}', '{"a":1}{"b":2}', '\uFEFF{}'];

/** Line-level edits that keep the source's own layout (and its comments, in the broken examples). */
function mutateJsonLines(source: string, random: Random): string {
  const lines = source.split('\n');
  const steps = 1 + random.int(3);
  for (let s = 0; s < steps; s++) {
    const i = random.int(lines.length);
    const line = lines[i];
    switch (random.int(6)) {
      case 0: // a duplicate member or item
        lines.splice(i, 0, line.endsWith(',') || !line.trim() ? line : line + ',');
        break;
      case 1:
        lines.splice(i, 1);
        break;
      case 2: // a trailing comma
        lines[i] = line.replace(/([^,{[])$/, '$1,');
        break;
      case 3: // a comment
        lines[i] = line + random.pick([' // note', ' /* note */', ' #']);
        break;
      case 4: // a value changed to a trap
        lines[i] = line.replace(/: (.*?)(,?)$/, (_m, _v, comma: string) => ': ' + (jsonScalar(random) as { raw?: string }).raw + comma);
        break;
      default: // a key changed
        lines[i] = line.replace(/"[^"]*":/, JSON.stringify(random.pick(SPECIAL_KEYS)) + ':');
    }
  }
  return lines.join(random.chance(0.2) ? '\r\n' : '\n');
}

/** The data of a JSON text; the broken examples (comments, syntax errors) are read leniently. */
function jsonDataOf(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return parseJsonc(source) ?? {};
  }
}

function mutateJson(source: string, random: Random): string {
  if (random.chance(0.03)) return random.pick(JSON_WHOLE);
  if (random.chance(0.25)) {
    const text = mutateJsonLines(source, random);
    return random.chance(0.15) ? mutateCharacters(text, random, JSON_ALPHABET) : text;
  }
  const tree = treeOf(jsonDataOf(source));
  if (random.chance(0.85)) mutateTree(tree, random, () => jsonScalar(random));
  const plain = random.chance(0.4);
  const style: JsonStyle = {
    indent: random.pick(['  ', '  ', '    ', '\t', '']),
    eol: random.chance(0.15) ? '\r\n' : '\n',
    trailingCommas: plain ? 0 : random.pick([0, 0.05, 0.3]),
    comments: plain ? 0 : random.pick([0, 0.05, 0.2]),
    escapedKeys: random.pick([0, 0, 0.1]),
  };
  let text = printJson(tree, style, random) + (random.chance(0.8) ? style.eol : '');
  if (random.chance(0.05)) text = '\uFEFF' + text;
  if (random.chance(0.05)) text = random.pick([' ', '\n', '\r\n', '\t']) + text + random.pick([' ', '\n\n', '\t']);
  if (random.chance(0.2)) text = mutateCharacters(text, random, JSON_ALPHABET);
  return text;
}

// ---------------------------------------------------------------------------------------------
// YAML.

/** Plain scalars whose meaning depends on the schema (YAML 1.1 vs 1.2), or that are not plain at all. */
const YAML_PLAIN_TRAPS = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Yes',
  'NO',
  'On',
  '0o17',
  '017',
  '0x1F',
  '0X1F',
  '-0x1F',
  '+0o7',
  '0b101',
  '0o',
  '0x',
  '1_000',
  '.5',
  '-.5',
  '+1',
  '1e3',
  '1E3',
  '1e+3',
  '6.02e+23',
  '1.',
  '1.0',
  '3.14',
  '-0',
  '+0',
  '-0.0',
  '0.0',
  '00',
  '0',
  '1e400',
  '-1e400',
  '1e-400',
  '12345678901234567890',
  '9007199254740993',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '-.inf',
  '+.Inf',
  '.INF',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'False',
  '2026-06-06',
  '2026-06-06T10:00:00Z',
  '2026-06-06 10:00:00',
  '12:30:00',
  '1:30',
  '190:20:30',
  '1,000',
  'é中文😀',
  'a #b',
  'a#b',
  'a: b',
  'a:b',
  'a :b',
  'http://x/y?z=1#frag',
  '-dash',
  '?q',
  ':colon',
  'x,y',
  'a [b]',
  'a {b}',
  'a]b',
  'a}b',
  "it's",
  'say "hi"',
  'back\\slash',
  'tail ',
  'tail  ',
];

/** Texts of a value that are not plain scalars, or that plain style cannot start with. */
const YAML_OTHER_VALUES = [
  '"\\u0000"',
  '"\\ud800"',
  '"\\udc00x"',
  '"\\U0001F600"',
  '"\\x41\\t\\n\\\\\\"\\/"',
  '"\\N\\_\\L\\P\\e\\a\\b\\v\\f\\0\\ "',
  '"\\q bad escape"',
  '"yes"',
  '"1"',
  '"null"',
  '"~"',
  '"a # not a comment"',
  '"two\n  lines"',
  '"folded\n\n  paragraph"',
  '"trailing\\\n  escape"',
  "'it''s'",
  "'single\n  line two'",
  "''",
  '""',
  "'#x'",
  '"unterminated',
  "'unterminated",
  '@at',
  '`tick',
  '%pct',
  '!bang',
  '&amp',
  '*star',
  '| pipe',
  '> gt',
  '- dash',
  '? q',
  '#comment only',
  '[x]',
  '{y}',
  '[]',
  '{}',
  '[a, b, c]',
  '[1, yes, ~, "q", [nested]]',
  '{a: 1, b: two}',
  '{a: 1, a: 2}',
  '{ k: v, list: [1, 2] }',
  '[a: b]',
  '{a, b}',
  '!!str 1',
  '!!int "3"',
  '!!float 1',
  '!!null ""',
  '!!bool yes',
  '!custom x',
  '!!binary aGVsbG8=',
  '!<tag:yaml.org,2002:str> x',
  '!!timestamp 2026-06-06',
  '&anchor value',
  '*undefined_alias',
];

const YAML_KEYS = [
  '1',
  '-1',
  '1.5',
  '0x1F',
  'true',
  'True',
  'false',
  'null',
  'Null',
  '~',
  'yes',
  '"quoted key"',
  "'single key'",
  '"1"',
  '"true"',
  '""',
  "''",
  'key with spaces',
  'a:b',
  '<<',
  'é',
  'ключ',
  '😀',
  'k#x',
  '"k: v"',
  '[a]',
  '{b: c}',
  '&a k',
  '!!str k',
  '? complex',
  '.inf',
  '2026-06-06',
  '"\\u0041"',
  '__proto__',
  'constructor',
];

/** A block scalar, written as the value after `key:` at `indent` (the text after the colon). */
function blockScalar(random: Random, indent: string, eol: string): string {
  const header = random.pick(['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-', '|-2', '>+1']);
  const inner = indent + '  ';
  const lines = random.pick([
    ['first line', 'second line'],
    ['folded', 'into one', '', 'paragraph two'],
    ['text', '  more indented', 'back'],
    ['trailing   ', ''],
    ['# not a comment', 'key: not a key'],
    ['', '', 'after blanks'],
    ['one', '', ''],
    ['tab\tinside'],
  ]);
  return ' ' + header + eol + lines.map((l) => (l === '' ? (random.chance(0.3) ? inner : '') : inner + l)).join(eol);
}

/** A multi-line plain scalar continuing under `indent`. */
function multiLinePlain(random: Random, indent: string, eol: string): string {
  const more = indent + '  ';
  return (
    ' ' +
    random.pick(['first part', 'one', 'a']) +
    eol +
    more +
    random.pick(['second part', 'two', '', 'three #no']) +
    (random.chance(0.5) ? eol + eol + more + 'next paragraph' : '')
  );
}

interface YamlStyle {
  indent: number;
  /** `- ` items written at the key's column (true) or indented under it. */
  compactSeq: boolean;
  eol: string;
  comments: number;
  quoting: number;
  exotic: number;
  trailingSpaces: number;
}

function yamlScalarText(node: Extract<Tree, { t: 'scalar' }>, style: YamlStyle, random: Random): string {
  if (node.raw !== undefined) return node.raw;
  const v = node.v;
  if (typeof v !== 'string') return v === null ? random.pick(['null', '~', '', 'null']) : String(v);
  const needsQuotes =
    v === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|[:#]\s|\s#|:$|\s$|^(?:true|false|null|~|[-+.]?\d)/i.test(v) || /[\n\t]/.test(v);
  if (needsQuotes || random.chance(style.quoting)) {
    if (!/[\n\t\\"]/.test(v) && random.chance(0.5)) return "'" + v.replace(/'/g, "''") + "'";
    return JSON.stringify(v);
  }
  return v;
}

function printYaml(tree: Tree, style: YamlStyle, random: Random): string {
  const out: string[] = [];
  const { eol } = style;
  const pad = (n: number): string => ' '.repeat(n);
  const tail = (): string =>
    (random.chance(style.comments) ? random.pick([' # note', '  #', ' #: x']) : '') + (random.chance(style.trailingSpaces) ? '  ' : '');
  const fullLineComment = (column: number): void => {
    if (random.chance(style.comments / 2))
      out.push(pad(random.chance(0.5) ? column : 0) + '# ' + random.pick(['comment', 'key: not data', '- no']) + eol);
  };
  let anchors = 0;
  const exotic = (column: number): string | undefined => {
    if (!random.chance(style.exotic)) return undefined;
    switch (random.int(6)) {
      case 0:
        return random.pick(YAML_OTHER_VALUES);
      case 1:
        return blockScalar(random, pad(column), eol).slice(1);
      case 2:
        return multiLinePlain(random, pad(column), eol).slice(1);
      case 3:
        return anchors > 0 ? `*a${random.int(anchors)}` : '*a0';
      case 4:
        return `&a${anchors++} ${random.pick(YAML_PLAIN_TRAPS)}`;
      default:
        return random.pick(YAML_PLAIN_TRAPS);
    }
  };
  const flow = (node: Tree): string => {
    if (node.t === 'scalar') return node.raw ?? (typeof node.v === 'string' ? JSON.stringify(node.v) : String(node.v));
    if (node.t === 'seq') return '[' + node.items.map(flow).join(', ') + ']';
    return '{ ' + node.entries.map((e) => (e.rawKey ?? e.key) + ': ' + flow(e.value)).join(', ') + ' }';
  };
  // Iterative (nesting may be 140 levels deep): each pending item writes one node at a column,
  // after `prefix`, which is either `key:` or `- ` (or nothing for the root).
  const pending: { node: Tree; column: number; prefix: string; inSeq: boolean }[] = [{ node: tree, column: 0, prefix: '', inSeq: false }];
  while (pending.length > 0) {
    const { node, column, prefix, inSeq } = pending.pop()!;
    const asFlow = node.t !== 'scalar' && random.chance(style.exotic / 3);
    if (node.t === 'scalar' || asFlow || (node.t === 'seq' ? node.items.length === 0 : node.entries.length === 0)) {
      const special = node.t === 'scalar' && node.raw === undefined ? exotic(column) : undefined;
      const text = node.t === 'scalar' ? (special ?? yamlScalarText(node, style, random)) : flow(node);
      if (prefix === '') out.push(text + tail() + eol);
      else out.push(prefix + (text === '' ? '' : ' ' + text) + tail() + eol);
      continue;
    }
    const children: { node: Tree; column: number; prefix: string; inSeq: boolean }[] = [];
    let childColumn: number;
    if (prefix === '') {
      childColumn = column;
    } else if (inSeq && node.t === 'map' && random.chance(0.7)) {
      // `- key: value` compact form: the first entry on the dash's line.
      const [first, ...rest] = node.entries;
      const keyColumn = column + 2;
      children.push({
        node: first.value,
        column: keyColumn,
        prefix: prefix.trimEnd() + ' ' + (first.rawKey ?? yamlKey(first.key, random, style)) + ':',
        inSeq: false,
      });
      children.push(...childEntries(rest, keyColumn));
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
      continue;
    } else {
      out.push(prefix + tail() + eol);
      childColumn = node.t === 'seq' && style.compactSeq && !inSeq ? column : column + style.indent;
    }
    if (node.t === 'seq') {
      for (const item of node.items) children.push({ node: item, column: childColumn, prefix: pad(childColumn) + '-', inSeq: true });
    } else {
      children.push(...childEntries(node.entries, childColumn));
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  function childEntries(entries: Extract<Tree, { t: 'map' }>['entries'], column: number) {
    fullLineComment(column);
    return entries.map((e) => ({
      node: e.value,
      column,
      prefix: pad(column) + (e.rawKey ?? yamlKey(e.key, random, style)) + ':',
      inSeq: false,
    }));
  }
  return out.join('');
}

function yamlKey(key: string, random: Random, style: YamlStyle): string {
  const plainOk = /^[A-Za-z_\u00c0-\uffff][^:#\n]*$/.test(key) && !/\s$/.test(key) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(key);
  if (!plainOk || random.chance(style.quoting / 2)) return random.chance(0.5) || key.includes("'") ? JSON.stringify(key) : "'" + key + "'";
  return key;
}

function yamlScalar(random: Random): Tree {
  return random.chance(0.7)
    ? { t: 'scalar', v: '', raw: random.pick(YAML_PLAIN_TRAPS) }
    : { t: 'scalar', v: '', raw: random.pick(YAML_OTHER_VALUES) };
}

/** Line-level edits of a YAML text: keep its own styles (`>-`, flow maps, comments) and change some lines. */
function mutateYamlLines(source: string, random: Random): string {
  const lines = source.split('\n');
  const steps = 1 + random.int(3);
  const contentLines = (): number[] => lines.map((l, i) => (/^\s*[^\s#]/.test(l) ? i : -1)).filter((i) => i >= 0);
  for (let s = 0; s < steps; s++) {
    const candidates = contentLines();
    if (candidates.length === 0) break;
    const i = random.pick(candidates);
    const line = lines[i];
    const indent = /^ */.exec(line)![0];
    const keyMatch = /^(\s*(?:- )?)([^:#]+):(?: (.*))?$/.exec(line);
    switch (random.int(14)) {
      case 0:
      case 1:
      case 2: // a value changed to a trap
        if (keyMatch && keyMatch[3] !== undefined && !/^[>|]/.test(keyMatch[3]))
          lines[i] =
            `${keyMatch[1]}${keyMatch[2]}: ${random.chance(0.65) ? random.pick(YAML_PLAIN_TRAPS) : random.pick(YAML_OTHER_VALUES)}`;
        else if (/^\s*- [^:]*$/.test(line)) lines[i] = `${indent}- ${random.pick(YAML_PLAIN_TRAPS)}`;
        break;
      case 3: // a key changed
        if (keyMatch) lines[i] = `${keyMatch[1]}${random.pick(YAML_KEYS)}:${keyMatch[3] !== undefined ? ' ' + keyMatch[3] : ''}`;
        break;
      case 4: // a line duplicated (a duplicate key, or a repeated item)
        lines.splice(i, 0, line);
        break;
      case 5: // a line deleted
        lines.splice(i, 1);
        break;
      case 6: // indentation changed
        lines[i] = random.chance(0.5) ? ' ' + line : line.slice(Math.min(indent.length, 1 + random.int(2)));
        break;
      case 7: // a member with an empty value, or an empty item
        lines.splice(i + 1, 0, random.chance(0.5) ? `${indent}empty_${s}:` : `${indent}- `);
        break;
      case 8: // a comment: full line, trailing, or a `#` glued to the value
        lines[i] = random.chance(0.5) ? line + random.pick([' # trailing', '#glued', ' #', '\t# tab']) : line;
        if (random.chance(0.5)) lines.splice(i, 0, random.pick(['#', '# comment', `${indent}# indented`, '   # deeper']));
        break;
      case 9: // a new member of another kind of value
        lines.splice(
          i + 1,
          0,
          `${indent}added_${s}:${random.chance(0.5) ? blockScalar(random, indent, '\n') : multiLinePlain(random, indent, '\n')}`,
        );
        break;
      case 10: // a tab
        lines[i] = random.pick([line.replace(/^ /, '\t'), line.replace(': ', ':\t'), line + '\t', line.replace(/ (\S+)$/, '\t$1')]);
        break;
      case 11: // trailing spaces
        lines[i] = line + random.pick([' ', '   ', ' \u00a0']);
        break;
      case 12: // anchors, aliases, merge keys, tags
        lines.splice(
          i + 1,
          0,
          ...random.pick([
            [`${indent}anchored: &a1 shared`, `${indent}aliased: *a1`],
            [`${indent}base: &base`, `${indent}  k: v`, `${indent}merged:`, `${indent}  <<: *base`, `${indent}  own: 1`],
            [`${indent}tagged: !!str 12`],
            [`${indent}custom: !thing x`],
            [`${indent}? complex key`, `${indent}: complex value`],
            [`${indent}flow: {a: 1, b: [x, y]}`],
            [`${indent}empty_flow: []`],
          ]),
        );
        break;
      default: // a unicode or very long line
        lines.splice(
          i + 1,
          0,
          random.chance(0.5) ? `${indent}unicode_ключ: значение 中文 😀 e\u0301` : `${indent}long: ${'x'.repeat(2000 + random.int(8000))}`,
        );
    }
  }
  return lines.join('\n');
}

/** Whole-document changes: directives, several documents, markers, deep nesting, line endings, BOM. */
function mutateYamlDocument(text: string, random: Random): string {
  switch (random.int(12)) {
    case 0:
      return '%YAML 1.2\n---\n' + text;
    case 1:
      return '%TAG ! tag:example.com,2000:\n---\n' + text;
    case 2:
      return '---\n' + text;
    case 3:
      return text + (text.endsWith('\n') ? '' : '\n') + '...\n';
    case 4:
      return text + (text.endsWith('\n') ? '' : '\n') + '---\nsecond: document\n';
    case 5:
      return '--- # first\n' + text + '\n--- \n';
    case 6: {
      // block nesting near and over 128 levels
      const levels = random.pick([126, 127, 128, 129, 135]);
      const seq = random.chance(0.5);
      let deep = '';
      for (let i = 0; i < levels - 1; i++) deep += seq ? '- ' : ' '.repeat(i) + `l${i}:\n`;
      deep += seq ? 'leaf\n' : ' '.repeat(levels - 1) + 'leaf: 1\n';
      return text + (text.endsWith('\n') ? '' : '\n') + 'deep:\n' + deep.replace(/^/gm, seq ? '  ' : '  ');
    }
    case 7:
      return text.replace(/\n/g, '\r\n');
    case 8:
      return text.replace(/\n/g, '\r');
    case 9:
      return '\uFEFF' + text;
    case 10:
      return random.pick([
        '',
        ' ',
        '\n',
        '# only a comment\n',
        '---\n',
        '...\n',
        'just a string\n',
        '- a list\n',
        '~\n',
        '{}\n',
        '[]\n',
        'key:\n',
        '\uFEFF',
      ]);
    default:
      return text.replace(/\n$/, '');
  }
}

const YAML_ALPHABET = [
  ':',
  ' ',
  '-',
  '#',
  '\n',
  '\t',
  '"',
  "'",
  '|',
  '>',
  '&',
  '*',
  '!',
  '{',
  '}',
  '[',
  ']',
  ',',
  '?',
  '%',
  '@',
  'a',
  '0',
  '\r',
  '\\',
];

function mutateYaml(source: string, random: Random): string {
  let text: string;
  const mode = random.next();
  if (mode < 0.35) {
    text = mutateYamlLines(source, random);
  } else {
    // Regenerated from the data: mostly plain block style, some exotic constructs.
    const data = parseBlockData(source);
    const tree = treeOf(data);
    if (random.chance(0.9)) mutateTree(tree, random, () => yamlScalar(random));
    const exotic = mode < 0.75 ? 0 : random.pick([0.05, 0.15, 0.3]);
    const style: YamlStyle = {
      indent: random.pick([2, 2, 2, 4, 1, 3]),
      compactSeq: random.chance(0.4),
      eol: '\n',
      comments: random.pick([0, 0, 0.1, 0.3]),
      quoting: random.pick([0, 0.1, 0.5]),
      exotic,
      trailingSpaces: random.pick([0, 0, 0.05]),
    };
    text = printYaml(tree, style, random);
  }
  if (random.chance(0.25)) text = mutateYamlDocument(text, random);
  if (random.chance(0.12)) text = mutateCharacters(text, random, YAML_ALPHABET);
  return text;
}

// The briefs' data, read once per source: the generator must not depend on the parsers under test,
// so it reads the examples with the `yaml` package directly (YAML 1.2 core schema).
const dataCache = new Map<string, unknown>();

function parseBlockData(source: string): unknown {
  let data = dataCache.get(source);
  if (data === undefined) {
    data = parseYamlText(source, { version: '1.2', schema: 'core' }) as unknown;
    dataCache.set(source, data);
  }
  return structuredClone(data);
}
