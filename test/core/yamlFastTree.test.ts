// The fast YAML tree against `parseYaml`: whenever `fastYamlTree` gives a tree, it is the slow
// parser's root to the byte (JSON.stringify equal: kinds, spans, keys, key spans, values, order),
// the slow parser reports nothing and the fast value path reads the same data. Checked on the
// seeded brief corpus and on generated block-style documents full of blank and comment lines at
// every column (which decide where the `yaml` package ends collections); the tree is shown to be
// given for the example briefs and for at least 90% of what the fast value path accepts, and
// `parseDocument` is shown to build a brief's tree without the `yaml` package.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Composer } from 'yaml';
import { parseDocument } from '../../server/src/core/document/parsedDocument';
import { parseYaml } from '../../server/src/core/document/parseYaml';
import { nodeAtPath, toValue, type JsonPath, type SyntaxNode } from '../../server/src/core/document/syntaxTree';
import { fastYamlValue } from '../../server/src/core/document/yamlFastPath';
import { fastYamlTree } from '../../server/src/core/document/yamlFastTree';
import { briefMutants, exampleBriefTexts, yamlMutants } from '../support/mutationCorpus';

interface Tally {
  /** Texts the fast value path accepts. */
  accepted: number;
  /** Texts the fast tree is given for. */
  given: number;
}

/** The contract for one text, counted in `tally`. */
function checkTree(text: string, tally: Tally): void {
  const value = fastYamlValue(text);
  const tree = fastYamlTree(text);
  if (value !== undefined) tally.accepted++;
  if (tree === undefined) return;
  tally.given++;
  const where = JSON.stringify(text.slice(0, 3000));
  assert.ok(value !== undefined, `a tree for a text the fast value path declines: ${where}`);
  const slow = parseYaml(text);
  assert.deepEqual(slow.problems, [], `a tree for a text the slow path reports: ${where}`);
  assert.equal(JSON.stringify(tree), JSON.stringify(slow.root), `trees differ for ${where}`);
  assert.equal(JSON.stringify(toValue(tree)), JSON.stringify(value), `the tree's data is not the fast value for ${where}`);
}

function assertShare(tally: Tally, minAccepted: number): void {
  assert.ok(tally.accepted >= minAccepted, `only ${tally.accepted} texts accepted by the fast value path`);
  assert.ok(tally.given >= 0.9 * tally.accepted, `the tree was given for ${tally.given} of ${tally.accepted} accepted texts`);
}

describe('the fast tree on the mutation corpus', () => {
  test('7,000 seeded brief mutants: every tree given is parseYaml’s, for at least 90% of the accepted texts', () => {
    const tally = { accepted: 0, given: 0 };
    const texts = [
      ...briefMutants(1313, 5000),
      ...yamlMutants(exampleBriefTexts()[0], 1314, 1000),
      ...yamlMutants(exampleBriefTexts()[1], 1315, 1000),
    ];
    for (const text of texts) checkTree(text, tally);
    assertShare(tally, 2000);
  });

  test('the example briefs get their tree', () => {
    for (const text of exampleBriefTexts()) {
      const tally = { accepted: 0, given: 0 };
      checkTree(text, tally);
      assert.deepEqual(tally, { accepted: 1, given: 1 });
    }
  });
});

describe('where the yaml package ends collections, reproduced', () => {
  /** The source text of the node at `path`, in the fast tree (checked equal to the slow one). */
  function sourceAt(text: string, path: JsonPath): string {
    checkTree(text, { accepted: 0, given: 0 });
    const tree = fastYamlTree(text);
    assert.ok(tree, JSON.stringify(text));
    const node = nodeAtPath(tree, path) as SyntaxNode;
    return text.slice(node.span.offset, node.span.offset + node.span.length);
  }

  test('a one-line value keeps its line break and the more-indented comment lines after it', () => {
    assert.equal(sourceAt('a:\n  b: 1\n    # more\n  # same\nc: 2\n', ['a']), 'b: 1\n    # more\n');
    assert.equal(sourceAt('a:\n  b: 1\n\n    # more\n\n    # more\nc: 2', ['a']), 'b: 1\n\n    # more\n\n    # more\n');
    assert.equal(sourceAt('- 1\n  # more', []), '- 1\n  # more');
    assert.equal(sourceAt('a:\n  b: [1, "2"]  # c\n    # more\nc: 2\n', ['a']), 'b: [1, "2"]  # c\n    # more\n');
    assert.equal(sourceAt('a: { k: [1, "2"] }  # c\n', ['a']), '{ k: [1, "2"] }');
  });

  test('comment lines stay in the innermost collection they are at least as indented as', () => {
    const text = 'a:\n  b:\n    c: x\n    # y\nd: 1';
    assert.equal(sourceAt(text, ['a']), 'b:\n    c: x\n    # y\n');
    assert.equal(sourceAt(text, ['a', 'b']), 'c: x\n');
    assert.equal(sourceAt('a:\n  b: |\n    x\n  # c\nd: 1', ['a']), 'b: |\n    x\n');
    assert.equal(sourceAt('x:\n  a:\n    b: 1\n  # c\n  d: 2\ne: 3', ['x', 'a']), 'b: 1\n');
  });

  test('less indented comment lines, and those after a collection at column 0, pass outwards', () => {
    assert.equal(sourceAt('a:\n  b: 1\n# top\nc: 2\n', ['a']), 'b: 1\n');
    assert.equal(sourceAt('a:\n- 1\n# c\nb: 2', ['a']), '- 1\n');
    assert.equal(sourceAt('a:\n  - x\n  # c\n\nb: 1\n', ['a']), '- x\n');
  });

  test('an empty value sits after its indicator and spaces; it ends after the lines below when one holds a comment', () => {
    assert.equal(sourceAt('x:\n  a:\n\ny: 1', ['x']), 'a:');
    assert.equal(sourceAt('x:\n  a:   \ny: 1', ['x']), 'a:   ');
    assert.equal(sourceAt('x:\n  a:\n# c\ny: 1', ['x']), 'a:\n# c\n');
    assert.equal(sourceAt('x:\n  a:\n    b:  # c\n  d: 1', ['x', 'a']), 'b:  # c\n  ');
    assert.equal(sourceAt('x:\n  a:  # c\n', ['x']), 'a:  # c\n');
    assert.deepEqual(nodeAtPath(fastYamlTree('x:\n  a:  # c\n'), ['x', 'a'])?.span, { offset: 9, length: 0 });
    // A comment line before an empty entry's `-` counts for that entry.
    assert.equal(sourceAt('- a\n# c\n-\n', []), '- a\n# c\n-\n');
    assert.equal(sourceAt('- a\n-\n', []), '- a\n-');
  });

  test('a block scalar runs from its header to its last content line’s break', () => {
    assert.equal(sourceAt('a: |\n  x\n\n  y\n\n\nb: >-\n  q\n', ['a']), '|\n  x\n\n  y\n');
    assert.equal(sourceAt('a: |-  # c\r\n  x\r\n', ['a']), '|-  # c\r\n  x\r\n');
    assert.equal(sourceAt('a: >\n  x', ['a']), '>\n  x');
  });

  test('nesting: 128 levels get a tree, 129 are declined', () => {
    const maps = (levels: number) => Array.from({ length: levels }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' 1\n# c\n';
    const compact = (levels: number) => '- '.repeat(levels) + 'x\n';
    for (const make of [maps, compact]) {
      const tally = { accepted: 0, given: 0 };
      checkTree(make(128), tally);
      assert.deepEqual(tally, { accepted: 1, given: 1 });
      assert.equal(fastYamlTree(make(129)), undefined);
    }
  });

  test('what the fast value path declines gets no tree', () => {
    for (const text of [
      'a: &x 1\n',
      'a: !!str 1\n',
      '{a: 1}\n',
      'a: [1,\n  2]\n',
      '---\na: 1\n',
      'a:\n\tb: 1\n',
      'a: 1\na: 2\n',
      'a: {b: 1, b: 2}\n',
      '1: one\n',
      'a: one\n  two\n',
      'a: .nan\n',
      'a: |\n\n  x\n',
      'just text\n',
      '# c\n',
      '',
    ]) {
      assert.equal(fastYamlValue(text), undefined, JSON.stringify(text));
      assert.equal(fastYamlTree(text), undefined, JSON.stringify(text));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Generated block-style documents: maps, sequences and scalars in every style the fast path
// reads, with blank lines (empty or spaces only) and comment lines at random columns after any
// entry, empty values, compact layouts, CRLF, with or without a final line break.

type Trivia = { kind: number; column: number }[];
type Doc =
  { scalar: string; style: number } | { seq: { value: Doc; after: Trivia }[] } | { map: { key: string; value: Doc; after: Trivia }[] };

const triviaArbitrary: fc.Arbitrary<Trivia> = fc.oneof(
  { arbitrary: fc.constant<Trivia>([]), weight: 3 },
  fc.array(fc.record({ kind: fc.nat(2), column: fc.nat(9) }), { minLength: 1, maxLength: 3 }),
);

const scalarText = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9 ]{0,6}[a-z0-9]$/), weight: 4 },
  fc.constantFrom('yes', '1', '-0', '0x1F', '~', 'true', '2026-06-06', 'é😀', 'a#b', "it's"),
);

const docArbitrary = fc.letrec<{ node: Doc }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ scalar: scalarText, style: fc.nat(8) }),
    fc.record({ seq: fc.array(fc.record({ value: tie('node'), after: triviaArbitrary }), { minLength: 1, maxLength: 3 }) }),
    fc.record({
      map: fc.uniqueArray(fc.record({ key: fc.stringMatching(/^[a-z]{1,3}$/), value: tie('node'), after: triviaArbitrary }), {
        minLength: 1,
        maxLength: 4,
        selector: (e) => e.key,
      }),
    }),
  ),
})).node;

const layoutArbitrary = fc.record({
  indent: fc.integer({ min: 1, max: 4 }),
  rootColumn: fc.constantFrom(0, 0, 2),
  compactSeq: fc.boolean(),
  compactEntry: fc.boolean(),
  crlf: fc.boolean(),
  finalBreak: fc.boolean(),
  headerComment: fc.boolean(),
  leading: triviaArbitrary,
});

type Layout = typeof layoutArbitrary extends fc.Arbitrary<infer L> ? L : never;

/** A scalar after `key:` or `-` (with its leading space); block content lines at `column`. */
function renderScalar(s: string, style: number, column: number, eol: string): string {
  const pad = ' '.repeat(column);
  switch (style) {
    case 0:
      return ' ' + s;
    case 1:
      return ' "' + s.replace(/"/g, '\\"') + '"';
    case 2:
      return " '" + s.replace(/'/g, "''") + "'  # c";
    case 3:
      return ' |' + eol + pad + s + eol + eol + pad + s;
    case 4:
      return ' >-  # c' + eol + pad + s + eol + pad + 'more';
    case 5:
      return ' [' + s + ', {k: "' + s + '"}]';
    case 6:
      return '';
    case 7:
      return '   # nothing';
    default:
      return ' ' + s + '  # c';
  }
}

function renderTrivia(trivia: Trivia, lines: string[]): void {
  for (const { kind, column } of trivia) lines.push(kind === 0 ? '' : kind === 1 ? ' '.repeat(column) : ' '.repeat(column) + '# t');
}

function render(root: Doc, layout: Layout): string {
  const eol = layout.crlf ? '\r\n' : '\n';
  const lines: string[] = [];
  renderTrivia(layout.leading, lines);
  /** `prefix`: what comes before the node on its first line; `column`: where its entries go on the next lines. */
  const write = (node: Doc, prefix: string, column: number): void => {
    if ('scalar' in node) {
      lines.push(prefix + renderScalar(node.scalar, node.style, column, eol));
      return;
    }
    const seq = 'seq' in node;
    const entries = seq ? node.seq : node.map;
    // `- key: v` and `- - v`: the first entry on the dash's line.
    const inline = prefix.endsWith('-') && layout.compactEntry;
    const entryColumn = inline ? prefix.length + 1 : column;
    if (!inline && prefix !== '') lines.push(prefix + (layout.headerComment ? '  # h' : ''));
    entries.forEach((entry, i) => {
      const head = i === 0 && inline ? prefix + ' ' : ' '.repeat(entryColumn);
      const marker = 'key' in entry ? entry.key + ':' : '-';
      const nestedColumn = 'key' in entry && 'seq' in entry.value && layout.compactSeq ? entryColumn : entryColumn + layout.indent;
      write(entry.value, head + marker, nestedColumn);
      renderTrivia(entry.after, lines);
    });
  };
  write(root, '', layout.rootColumn);
  return lines.join(eol) + (layout.finalBreak ? eol : '');
}

describe('the fast tree on generated block-style documents', () => {
  test('6,000 documents with comment and blank lines everywhere: every tree given is parseYaml’s', () => {
    const tally = { accepted: 0, given: 0 };
    fc.assert(
      fc.property(docArbitrary, layoutArbitrary, (doc, layout) => {
        checkTree(render(doc, layout), tally);
      }),
      { numRuns: 6000, seed: 20260613 },
    );
    assertShare(tally, 1500);
  });
});

describe('parseDocument builds a brief’s tree without the yaml package', () => {
  test('the tree after a fast read is parseYaml’s, and no yaml parser ran for it', () => {
    // parseYaml composes the `yaml` package's documents whatever else it does first: count that.
    const original = Composer.prototype.compose;
    let parses = 0;
    Composer.prototype.compose = function (...args: Parameters<typeof original>) {
      parses++;
      return original.apply(this, args);
    };
    try {
      for (const text of exampleBriefTexts()) {
        const document = parseDocument('yaml', text);
        const tree = document.tree();
        assert.equal(parses, 0, 'the yaml parser ran');
        assert.equal(JSON.stringify(tree), JSON.stringify(parseYaml(text).root));
        assert.equal(parses, 1, 'the counter sees parseYaml');
        parses = 0;
      }
      // A text the fast path declines still gets its tree from parseYaml.
      const declined = parseDocument('yaml', 'a: &x 1\nb: *x\n');
      assert.equal(parses, 1);
      assert.equal(JSON.stringify(declined.tree()), JSON.stringify(parseYaml('a: &x 1\nb: *x\n').root));
    } finally {
      Composer.prototype.compose = original;
    }
  });
});
