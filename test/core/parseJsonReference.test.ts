// `parseJson` reads with its own recovering reader over jsonc-parser's scanner and builds its tree
// and data from the reader's events; here both, and every diagnostic (code, message, span, order),
// are held to what jsonc-parser's `parseTree` and a conversion of its tree gave
// (test/support/jsoncTreeReference.ts): on the seeded request and run-result corpus, on every
// error-recovery shape written out, and on 4,000 generated texts of JSON tokens in random order,
// which reach the recovery paths far more often than mutants do.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseJson } from '../../server/src/core/document/parseJson';
import { parseDocument } from '../../server/src/core/document/parsedDocument';
import { toValue } from '../../server/src/core/document/syntaxTree';
import { parseJsonThroughParseTree } from '../support/jsoncTreeReference';
import { exampleRequestTexts, requestMutants, resultMutants } from '../support/mutationCorpus';

function same(text: string): void {
  const where = JSON.stringify(text.slice(0, 500));
  const ours = parseJson(text);
  const reference = parseJsonThroughParseTree(text);
  assert.deepStrictEqual(ours.root, reference.root, `trees differ for ${where}`);
  assert.deepStrictEqual(ours.problems, reference.problems, `diagnostics differ for ${where}`);
  assert.deepStrictEqual(ours.value, reference.root ? toValue(reference.root) : undefined, `data differ for ${where}`);
}

const RECOVERY_SHAPES = [
  '',
  ' ',
  '{',
  '[',
  '"x',
  '{"a" "b": 1}',
  '{"a": }',
  '{"a",',
  '{"a" , "b": 1}',
  '{"a": [1 "b": 2}',
  '{"a": {"b" }',
  '{"a": "b" "c": 1}',
  '{"a": "b": 1}',
  '[1,,2]',
  '[,1]',
  '{,}',
  '{"a":1,}',
  '[1,]',
  '{"a":1}}',
  '1 2',
  '{} []',
  '{1: 2}',
  '{"a": -}',
  '{"a": 01}',
  '{"a": 1.}',
  '{"a": .5}',
  '{"a": tru}',
  '{"a": nul, "b": [}',
  '{"a": /* c */ 1}',
  '// c\n{"a": 1}',
  '{"a": "\\x"}',
  '{"a": "\\u12"}',
  '{"a": "x\u0001y\u001f"}',
  '{"a": 1, "a": 2}',
  '{"a": 1, "a": }',
  '{"a", "a": 1}',
  '{"a": 1e400, "b": [-1e400, {"a": 1, "a": 2}]}',
  '{"__proto__": {"x": 1}, "y": [{"__proto__": null}]}',
  '{"a": [[[',
  '{"a": {"b": {"c": 1, }, "d": ]',
  ']',
  '}',
  ':',
  '{"a"::1}',
  '{"a":1 , , "b":2}',
  '[1 2 3]',
  '{"a": "b"  // x\n}',
];

describe('parseJson against jsonc-parser’s parseTree', () => {
  test('the corpus: 4,000 request and run-result mutants and the examples', () => {
    for (const text of [...exampleRequestTexts(), ...requestMutants(5151, 3000), ...resultMutants(5152, 1000)]) same(text);
  });

  test('every error-recovery shape written out, and each with a byte order mark', () => {
    for (const text of RECOVERY_SHAPES) {
      same(text);
      same('\uFEFF' + text);
    }
  });

  test('4,000 generated texts of JSON tokens in any order', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"b"',
      '"__proto__"',
      '1',
      '-',
      '-0',
      '1e400',
      '01',
      'true',
      'nul',
      'x',
      ' ',
      '\n',
      '\r\n',
      '"x\\',
      '"\\u00',
      '/*',
      '*/',
      '//',
      '"\u0001"',
      '"\\"',
      '""',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => same(tokens.join(''))),
      { seed: 5153, numRuns: 4000 },
    );
  });

  test('a text with problems gets its data from the parse, not from a second walk of the tree', () => {
    const text = '{"a": [1, {"b": "c"}], "d": 1 "e": -0}';
    const document = parseDocument('json', text);
    assert.equal(document.problems.length, 1);
    assert.deepStrictEqual(document.value, { a: [1, { b: 'c' }], d: 1, e: -0 });
    assert.equal(Object.is((document.value as { e: number }).e, -0), true);
  });
});
