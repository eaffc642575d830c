// A clean JSON text edited inside one value string is read from the previous document without a
// parse (server/src/core/document/jsonStringEdit.ts). Held to the slow parser on chains of seeded
// random edits of the example requests and of generated JSON (keys like `__proto__` and `1`,
// escapes, surrogates): where the edit path reads a text, its data (with member order), problems
// and tree are the slow parser's; where it declines, the fresh read is used. The edits are aimed
// at strings, keys, escapes and structure, and the chains are long, so that sites shifted by one
// edit are used by the next.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseDocument, parseDocumentSlowly, type ParsedDocument } from '../../server/src/core/document/parsedDocument';
import { createRandom, exampleRequestTexts, exampleResultTexts, type Random } from '../support/mutationCorpus';

/** What an edit inserts: plain text, JSON's structure, quotes, escapes whole and broken, control and astral characters. */
const INSERTS = [
  'a',
  'Z',
  '0',
  '7',
  ' ',
  '-',
  ':',
  ',',
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  '\\"',
  '\\n',
  '\\u00',
  '\\u0041',
  '\\ud83d',
  '\u0001',
  '\n',
  '\u2028',
  'é',
  '😀',
  '\ud83d',
  '__proto__',
  'http://x/run-requests/',
];

/** Offsets just inside each quote of the text (the edits favour strings). */
function quoteOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) out.push(i, i + 1);
  return out;
}

function editOf(text: string, random: Random): string {
  const near = quoteOffsets(text);
  const at = near.length > 0 && random.chance(0.8) ? Math.min(text.length, random.pick(near) + random.int(6)) : random.int(text.length + 1);
  const removed = random.chance(0.5) ? 0 : random.int(random.chance(0.9) ? 3 : 40);
  const inserted = random.chance(0.3) ? '' : random.pick(INSERTS);
  return text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
}

/** The edit path's reading of `text` (after `previous`) against the slow parser's; true when the edit path read it. */
function assertAgrees(previous: ParsedDocument, text: string): { document: ParsedDocument; edited: boolean } {
  const document = parseDocument('json', text, previous);
  const slow = parseDocumentSlowly('json', text);
  const where = JSON.stringify(text.slice(0, 300));
  assert.deepStrictEqual(document.problems, slow.problems, `problems differ for ${where}`);
  assert.deepStrictEqual(document.value, slow.value, `data differ for ${where}`);
  assert.equal(JSON.stringify(document.value), JSON.stringify(slow.value), `member order differs for ${where}`);
  const edited = document.editedPath !== undefined;
  if (edited) assert.deepStrictEqual(document.tree(), slow.tree(), `trees differ for ${where}`);
  return { document, edited };
}

/** Chains of `steps` edits from each source; returns how many texts the edit path read. */
function chains(sources: readonly string[], seed: number, steps: number): { edited: number; total: number } {
  const random = createRandom(seed);
  let edited = 0;
  let total = 0;
  for (const source of sources) {
    let text = source;
    let document = parseDocument('json', text);
    for (let step = 0; step < steps; step++) {
      // Back to the source now and then, and whenever a chain has left clean JSON for long.
      if (step % 40 === 0 || document.problems.length > 0 || document.value === undefined) {
        text = source;
        document = parseDocument('json', text);
      }
      const next = editOf(text, random);
      const outcome = assertAgrees(document, next);
      total++;
      if (outcome.edited) edited++;
      text = next;
      document = outcome.document;
    }
  }
  return { edited, total };
}

describe('an edit inside one JSON string is read without a parse, as the parser reads it', () => {
  test('6,000 chained edits of the example requests and run results', () => {
    const sources = [...exampleRequestTexts(), ...exampleResultTexts()];
    const { edited, total } = chains(sources, 2201, Math.ceil(6000 / sources.length));
    assert.ok(edited >= total * 0.15, `the edit path read only ${edited} of ${total} texts`);
    assert.ok(edited <= total * 0.9, `the edit path read ${edited} of ${total} texts: the edits are too tame`);
  });

  test('4,000 chained edits of generated JSON (odd keys, escapes, nesting)', () => {
    const values = fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed: 2202, numRuns: 200 });
    const random = createRandom(2203);
    const sources = values.map((value) => JSON.stringify(value, null, random.pick([undefined, 2, '\t'])) ?? 'null');
    const { edited, total } = chains(sources, 2204, 20);
    assert.ok(edited >= total * 0.07, `the edit path read only ${edited} of ${total} texts`);
  });

  test('the string that changed is named; keys, numbers and broken escapes decline', () => {
    const text = '{"a": {"b": ["x\\n", "yy"]}, "n": 1, "__proto__": "p"}';
    const base = parseDocument('json', text);
    const read = (next: string): ParsedDocument | undefined => base.readEdit?.(next);
    assert.deepStrictEqual(read(text.replace('"yy"', '"yzy"'))?.editedPath, ['a', 'b', 1]);
    assert.deepStrictEqual(read(text.replace('x\\n', 'x\\t'))?.editedPath, ['a', 'b', 0]);
    const proto = read(text.replace('"p"', '"q"'));
    assert.deepStrictEqual(proto?.editedPath, ['__proto__']);
    assert.equal(Object.getPrototypeOf(proto?.value), Object.prototype);
    assert.equal(JSON.stringify(proto?.value), '{"a":{"b":["x\\n","yy"]},"n":1,"__proto__":"q"}');
    assert.equal(read(text.replace('"a"', '"ab"')), undefined, 'a key');
    assert.equal(read(text.replace('1', '12')), undefined, 'a number');
    assert.equal(read(text.replace('x\\n', 'x\\q')), undefined, 'a broken escape');
    assert.equal(read(text.replace('yy', 'y"y')), undefined, 'a quote');
    assert.equal(read(text.replace('yy', 'y\u0001y')), undefined, 'a control character');
    assert.equal(read(text), undefined, 'the same text');
    assert.equal(parseDocument('json', text, base).editedPath, undefined, 'the same text is read afresh');
    // Off the edited path the data is shared with the previous document, on it copied.
    const edited = read(text.replace('"p"', '"q"')) as ParsedDocument;
    const [before, after] = [base.value, edited.value] as { a: unknown }[];
    assert.equal(after.a, before.a);
    assert.notEqual(after, before);
  });

  test('a document read as an edit reads the next edit from its shifted sites', () => {
    let document = parseDocument('json', '{"id": "a", "tags": ["b", "c"], "at": "d"}');
    let text = '{"id": "a", "tags": ["b", "c"], "at": "d"}';
    for (const [from, to, path] of [
      ['"a"', '"aaaa"', ['id']],
      ['"c"', '"cc"', ['tags', 1]],
      ['"aaaa"', '"a"', ['id']],
      ['"d"', '"de"', ['at']],
      ['"b"', '""', ['tags', 0]],
    ] as const) {
      text = text.replace(from, to);
      const next = document.readEdit?.(text);
      assert.deepStrictEqual(next?.editedPath, path, `after ${from} → ${to}`);
      assert.deepStrictEqual(next?.value, JSON.parse(text));
      document = next as ParsedDocument;
    }
  });
});
