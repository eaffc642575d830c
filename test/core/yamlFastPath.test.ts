// The YAML fast path against the slow parser: whenever `fastYamlValue` returns a value, `parseYaml`
// reports nothing and `toValue` of its tree is the same value (types, -0, key order). Checked on
// the seeded brief corpus and on generated block-style documents; every gate is shown to decline,
// and the fast path is shown to accept the example briefs and a real share of the corpus.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseYaml } from '../../server/src/core/document/parseYaml';
import { toValue, type JsonValue } from '../../server/src/core/document/syntaxTree';
import { fastYamlValue } from '../../server/src/core/document/yamlFastPath';
import { briefMutants, exampleBriefTexts, yamlMutants } from '../support/mutationCorpus';

/** The slow path's value, or undefined when it has no root or reports any problem. */
function slowValue(text: string): JsonValue | undefined {
  const { root, problems } = parseYaml(text);
  return root && problems.length === 0 ? toValue(root) : undefined;
}

/** The contract for one text; returns whether the fast path accepted it. */
function checkContract(text: string): boolean {
  const fast = fastYamlValue(text);
  if (fast === undefined) return false;
  const { root, problems } = parseYaml(text);
  assert.deepEqual(problems, [], `fast path accepted a text the slow path reports: ${JSON.stringify(text)}`);
  assert.ok(root, `fast path accepted a text without a root: ${JSON.stringify(text)}`);
  const slow = toValue(root);
  // Strict deep equality compares primitives with Object.is (so -0 is not 0); JSON also compares key order.
  assert.ok(isDeepStrictEqual(fast, slow), `values differ for ${JSON.stringify(text)}: ${JSON.stringify(fast)} vs ${JSON.stringify(slow)}`);
  assert.equal(JSON.stringify(fast), JSON.stringify(slow), `key order differs for ${JSON.stringify(text)}`);
  return true;
}

describe('the fast path on the mutation corpus', () => {
  test('6,000 seeded brief mutants: the contract holds, and at least 30% are accepted', () => {
    const texts = [...briefMutants(13, 5000), ...yamlMutants(exampleBriefTexts()[0], 14, 1000)];
    let accepted = 0;
    for (const text of texts) if (checkContract(text)) accepted++;
    assert.ok(accepted >= 0.3 * texts.length, `accepted ${accepted} of ${texts.length}`);
  });

  test('the example briefs are accepted, with the slow path’s value', () => {
    for (const text of exampleBriefTexts()) {
      assert.ok(checkContract(text));
      assert.deepEqual(fastYamlValue(text), slowValue(text));
    }
  });
});

describe('the fast path reads YAML 1.2 core data as the slow path does', () => {
  test('plain scalars: strings, numbers (with -0), booleans, null', () => {
    const text = [
      'a: yes',
      'b: no',
      'c: on',
      'd: off',
      'e: y',
      'f: 0o17',
      'g: 017',
      'h: 0x1F',
      'i: 1_000',
      'j: .5',
      'k: +1',
      'l: 1e3',
      'm: ~',
      'n: Null',
      'o: TRUE',
      'p: 2026-06-06',
      'q: 12:30:00',
      'r: -0',
      's: -0.0',
      't: 1.0',
      'u: 12345678901234567890',
      'v:',
      'w: nULL',
      'x: 0X1F',
      'y: 1.',
      'z: a #comment',
      'aa: a#b',
      'ab: http://x/y?z=1#f',
    ].join('\n');
    const value = fastYamlValue(text) as Record<string, JsonValue>;
    assert.deepEqual(value, {
      a: 'yes',
      b: 'no',
      c: 'on',
      d: 'off',
      e: 'y',
      f: 15,
      g: 17,
      h: 31,
      i: '1_000',
      j: 0.5,
      k: 1,
      l: 1000,
      m: null,
      n: null,
      o: true,
      p: '2026-06-06',
      q: '12:30:00',
      r: -0,
      s: -0,
      t: 1,
      u: Number('12345678901234567890'),
      v: null,
      w: 'nULL',
      x: '0X1F',
      y: 1,
      z: 'a',
      aa: 'a#b',
      ab: 'http://x/y?z=1#f',
    });
    assert.ok(Object.is(value.r, -0) && Object.is(value.s, -0));
    assert.ok(checkContract(text));
  });

  test('quoted scalars, escapes and quoted keys', () => {
    const text = `"k 1": "a\\tb\\u00e9\\U0001F600\\x41\\N\\_\\/\\ \\0\\ud800"\n'k''2': 'it''s'\n"": ''\n__proto__: p\n`;
    assert.deepEqual(JSON.stringify(fastYamlValue(text)), JSON.stringify(slowValue(text)));
    assert.equal((fastYamlValue(text) as Record<string, string>)['k 1'], 'a\tbé😀A\u0085\u00a0/ \0\ud800');
    assert.ok(checkContract(text));
    assert.equal(Object.getPrototypeOf(fastYamlValue(text)), Object.prototype);
  });

  test('block scalars: literal, folded, chomping, at the end of the text', () => {
    for (const text of [
      'a: |\n  x\n  y\n',
      'a: >\n  x\n  y\n\n  z\n',
      'a: |-\n  x\n\n',
      'a: >-\n  x\n  y',
      'a: |+\n  x\n',
      'a: |\n  x',
      'a: |\n  # not a comment\n  k: v\nb: 1\n',
      '- |\n x\n- >\n  y\n',
      'a:\n  b: |\n    x\n  c: 1\n',
      'k: |\r\n  a\r\n  b\r\nl: w\r\n',
    ]) {
      assert.ok(checkContract(text), JSON.stringify(text));
    }
    assert.deepEqual(fastYamlValue('a: >\n  x\n  y\n\n  z\n'), { a: 'x y\nz\n' });
    assert.deepEqual(fastYamlValue('a: |\n  x'), { a: 'x\n' });
  });

  test('one-line flow collections of plain data', () => {
    for (const text of [
      'a: [a, b]\n',
      'a: { k: v, l: [1, {m: ~}] }\n',
      'a: []\nb: {}\n',
      'a: ["x", \'y\']  # c\n',
      'a: [a b, -c, 0o7]\n',
    ]) {
      assert.ok(checkContract(text), JSON.stringify(text));
    }
  });

  test('layouts: compact sequences, `- key:` maps, indented roots, CRLF, comments', () => {
    for (const text of [
      'a:\n- b\nc: d\n',
      '- a: 1\n  b: 2\n- c\n',
      '-   a: 1\n    b: 2\n',
      '- - a\n  - b\n- c\n',
      '  a: 1\n  b: 2\n',
      'a: 1\r\nb: 2\r\n',
      '# c\na: 1 # c\n  # deeper\nb:   # c\n  - x\n',
      '-\n-\n- \n',
      'a:\nb:\n',
    ]) {
      assert.ok(checkContract(text), JSON.stringify(text));
    }
    assert.deepEqual(fastYamlValue('-\n-\n- \n'), [null, null, null]);
  });
});

describe('the gate: each construct goes to the slow path', () => {
  const base = 'a: 1\nb: text\n';
  test('the base document is accepted', () => {
    assert.deepEqual(fastYamlValue(base), { a: 1, b: 'text' });
  });

  const declined: [string, string][] = [
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: {k: 1}\nb:\n  <<: {k: 2}\n'],
    ['a standard tag', 'a: !!str 1\n'],
    ['a custom tag', 'a: !custom x\n'],
    ['a verbatim tag', 'a: !<tag:yaml.org,2002:str> x\n'],
    ['a flow collection as the root', '{a: 1}\n'],
    ['a flow collection over lines', 'a: [1,\n  2]\n'],
    ['a flow pair in a sequence', 'a: [k: v]\n'],
    ['a flow key without a value', 'a: {k}\n'],
    ['a trailing comma in a flow collection', 'a: [1, ]\n'],
    ['a JSON-like flow key', 'a: {"k":v}\n'],
    ['a %YAML directive', '%YAML 1.2\n---\na: 1\n'],
    ['a %TAG directive', '%TAG ! tag:x,2000:\n---\na: 1\n'],
    ['a --- marker', '---\na: 1\n'],
    ['a ... marker', 'a: 1\n...\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['a tab as indentation', 'a:\n\tb: 1\n'],
    ['a tab after the colon', 'a:\t1\n'],
    ['a tab in a value', 'a: x\ty\n'],
    ['a tab in a comment', 'a: 1 #\tc\n'],
    ['a lone CR', 'a: 1\rb: 2\r'],
    ['a byte order mark', '\uFEFFa: 1\n'],
    ['a control character', 'a: x\u0001\n'],
    ['a C1 control (NEL)', 'a: x\u0085y\n'],
    ['a lone surrogate', 'a: x\ud800\n'],
    ['U+2028', 'a: x\u2028y\n'],
    ['a complex key', '? a\n: b\n'],
    ['a number as a key', '1: one\n'],
    ['true as a key', 'true: x\n'],
    ['null as a key', 'null: x\n'],
    ['~ as a key', '~: x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate nested key', 'a:\n  b: 1\n  b: 2\n'],
    ['a duplicate flow key', 'a: {b: 1, b: 2}\n'],
    ['a key with a space before the colon', 'a : 1\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['an escaped line break', 'a: "one\\\n  two"\n'],
    ['an invalid escape', 'a: "\\q"\n'],
    ['a value nested in a compact map', 'a: b: c\n'],
    ['a sequence entry after a value', 'a: b\n- c\n'],
    ['.nan', 'a: .nan\n'],
    ['.inf', 'a: .inf\n'],
    ['-.inf', 'a: -.inf\n'],
    ['an overflowing number', 'a: 1e400\n'],
    ['an overflowing hexadecimal', `a: 0x${'f'.repeat(300)}\n`],
    ['an indentation indicator', 'a: |2\n  x\n'],
    ['a block scalar after blank lines', 'a: |\n\n  x\n'],
    ['kept trailing lines', 'a: |+\n  x\n\nb: 1\n'],
    ['folded more-indented lines', 'a: >\n  x\n   y\n'],
    ['a scalar as the root', 'just text\n'],
    ['an empty document', ''],
    ['comments only', '# c\n\n'],
    ['a reserved indicator', 'a: @x\n'],
    ['an unterminated quote', 'a: "x\n'],
    ['text after a quoted value', 'a: "x" y\n'],
    ['an indentation error', 'a:\n    b: 1\n  c: 2\n'],
  ];
  for (const [label, text] of declined) {
    test(`${label}: declined`, () => {
      assert.equal(fastYamlValue(text), undefined);
    });
  }

  test('nesting: 128 levels are read, 129 are declined (maps, sequences, compact sequences, flow)', () => {
    const maps = (levels: number) => Array.from({ length: levels }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' 1\n';
    const seqs = (levels: number) => Array.from({ length: levels }, (_, i) => ' '.repeat(2 * i) + '-').join('\n') + ' x\n';
    const compact = (levels: number) => '- '.repeat(levels) + 'x\n';
    const flow = (levels: number) => 'a: ' + '['.repeat(levels - 1) + ']'.repeat(levels - 1) + '\n';
    for (const make of [maps, seqs, compact, flow]) {
      assert.ok(checkContract(make(128)), make.name);
      assert.equal(fastYamlValue(make(129)), undefined, make.name);
      assert.equal(slowValue(make(129)), undefined, make.name);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Generated block-style documents: trees of maps, sequences and scalars written with random
// scalar styles, indentation, comments and line ends; tricky texts throughout.

const TRICKY = [
  'yes',
  '0o17',
  '017',
  '0x1F',
  '1_000',
  '.5',
  '+1',
  '1e3',
  '-0',
  '.nan',
  '~',
  'Null',
  'TRUE',
  '2026-06-06',
  '12:30:00',
  'a: b',
  'a #b',
  'a#b',
  '- x',
  '-x',
  '---',
  '...',
  '[x]',
  '{y}',
  'x, y',
  "it's",
  'say "hi"',
  '\\',
  ' lead',
  'trail ',
  '',
  'é中文😀',
  '<<',
  '&a',
  '*a',
  '!t',
  '%p',
  '@x',
  '|',
  '>',
  '?',
  ':',
  '#',
];

const text = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9_. -]{0,10}$/), weight: 4 },
  fc.constantFrom(...TRICKY),
  fc.string({
    unit: fc.constantFrom('a', 'b', 'Z', '0', '1', ' ', ':', '#', '-', "'", '"', '\\', '[', ']', '{', '}', ',', '.', '+', 'é', '😀', '\t'),
    maxLength: 8,
  }),
);

type Doc = { scalar: string; style: number } | { seq: Doc[] } | { map: { key: string; keyStyle: number; value: Doc }[] };

const docArbitrary = fc.letrec<{ node: Doc }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ scalar: text, style: fc.nat(6) }),
    fc.record({ seq: fc.array(tie('node'), { maxLength: 4 }) }),
    fc.record({ map: fc.array(fc.record({ key: text, keyStyle: fc.nat(3), value: tie('node') }), { maxLength: 4 }) }),
  ),
})).node;

/** Mostly a map at the root, as a brief is. */
const rootArbitrary = fc.oneof(
  {
    arbitrary: fc.record({ map: fc.array(fc.record({ key: text, keyStyle: fc.nat(3), value: docArbitrary }), { maxLength: 6 }) }),
    weight: 4,
  },
  docArbitrary,
);

const layoutArbitrary = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  compactSeq: fc.boolean(),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  finalBreak: fc.boolean(),
});

type Layout = { indent: number; compactSeq: boolean; comments: boolean; crlf: boolean; finalBreak: boolean };

function quoteDouble(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t') + '"';
}

function quoteSingle(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** A scalar after `key:` or `-` (with its leading space), for content lines indented at `column`. */
function scalarText(s: string, style: number, column: number): string {
  const pad = ' '.repeat(column);
  switch (style) {
    case 0:
    case 1:
      return s === '' ? '' : ' ' + s;
    case 2:
      return ' ' + quoteDouble(s);
    case 3:
      return ' ' + quoteSingle(s);
    case 4:
      return ' |\n' + pad + s + '\n' + pad + s;
    case 5:
      return ' >-\n' + pad + s + '\n\n' + pad + 'more';
    default:
      return ' [' + s + ', ' + quoteDouble(s) + ']';
  }
}

function keyText(key: string, style: number): string {
  return style === 0 ? quoteDouble(key) : style === 1 ? quoteSingle(key) : key;
}

function render(doc: Doc, layout: Layout): string {
  const lines: string[] = [];
  const write = (node: Doc, column: number, prefix: string): void => {
    if ('scalar' in node) {
      lines.push(prefix + scalarText(node.scalar, node.style, column + layout.indent));
      return;
    }
    const entries = 'seq' in node ? node.seq.length : node.map.length;
    if (entries === 0) {
      lines.push(prefix + ('seq' in node ? ' []' : ' {}'));
      return;
    }
    const inner = prefix === '' ? column : 'seq' in node && layout.compactSeq ? column : column + layout.indent;
    if (prefix !== '') lines.push(prefix + (layout.comments ? ' # c' : ''));
    if ('seq' in node) {
      for (const item of node.seq) write(item, inner, ' '.repeat(inner) + '-');
    } else {
      if (layout.comments) lines.push(' '.repeat(inner) + '# c');
      for (const e of node.map) write(e.value, inner, ' '.repeat(inner) + keyText(e.key, e.keyStyle) + ':');
    }
  };
  write(doc, 0, '');
  return lines.join(layout.crlf ? '\r\n' : '\n') + (layout.finalBreak ? (layout.crlf ? '\r\n' : '\n') : '');
}

describe('the fast path on generated block-style documents', () => {
  test('the contract holds on 4,000 documents, and many are accepted', () => {
    let accepted = 0;
    fc.assert(
      fc.property(rootArbitrary, layoutArbitrary, (doc, layout) => {
        if (checkContract(render(doc, layout))) accepted++;
      }),
      { numRuns: 4000, seed: 20260606 },
    );
    assert.ok(accepted >= 600, `accepted ${accepted} of 4000`);
  });
});
