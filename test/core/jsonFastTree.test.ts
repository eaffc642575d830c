// The fast JSON tree against `parseJson`: for every text the fast value path accepts, the tree is
// given and is the slow parser's root exactly (kinds, spans, keys, key spans, values, order; -0
// and escapes included), and the slow parser reports nothing. Checked on the seeded request and
// run-result corpus and on generated JSON values written with random blanks, escapes and a
// leading byte order mark; `parseDocument` is shown to build a request's tree without jsonc-parser.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fastJsonValue } from '../../server/src/core/document/jsonFastPath';
import { fastJsonTree } from '../../server/src/core/document/jsonFastTree';
import { parseJson } from '../../server/src/core/document/parseJson';
import { parseDocument } from '../../server/src/core/document/parsedDocument';
import { exampleRequestTexts, requestMutants, resultMutants } from '../support/mutationCorpus';

/** The contract for one text; true when the fast value path accepted it. */
function checkTree(text: string): boolean {
  const value = fastJsonValue(text);
  const tree = fastJsonTree(text);
  const where = JSON.stringify(text.slice(0, 2000));
  if (value === undefined) return false;
  assert.ok(tree !== undefined, `no tree for a text the fast value path accepts: ${where}`);
  const slow = parseJson(text);
  assert.deepEqual(slow.problems, [], `the slow path reports a text the fast path accepts: ${where}`);
  assert.deepStrictEqual(tree, slow.root, `trees differ for ${where}`);
  return true;
}

/** JSON text of a value with blanks between every token, as `pick` says. */
function writeWithBlanks(value: unknown, blanks: string[], escapeAll: boolean): string {
  let n = 0;
  const blank = () => blanks[n++ % blanks.length];
  const str = (s: string) =>
    escapeAll ? '"' + [...s].map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join('') + '"' : JSON.stringify(s);
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return '[' + blank() + v.map((x) => write(x) + blank()).join(',' + blank()) + ']';
    if (v !== null && typeof v === 'object')
      return (
        '{' +
        blank() +
        Object.entries(v)
          .map(([k, x]) => str(k) + blank() + ':' + blank() + write(x) + blank())
          .join(',' + blank()) +
        '}'
      );
    if (typeof v === 'string') return str(v);
    return JSON.stringify(v);
  };
  return blank() + write(value) + blank();
}

describe('the fast JSON tree', () => {
  test('4,000 seeded request and run-result mutants: every accepted text gets parseJson’s tree', () => {
    let accepted = 0;
    for (const text of [...exampleRequestTexts(), ...requestMutants(4141, 3000), ...resultMutants(4142, 1000)]) {
      if (checkTree(text)) accepted++;
    }
    assert.ok(accepted >= 1000, `only ${accepted} texts accepted by the fast value path`);
  });

  test('generated values with blanks, escapes, -0 and a byte order mark', () => {
    const blanks = fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\t', '  \r'), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), blanks, fc.boolean(), fc.boolean(), (value, b, escapeAll, bom) => {
        const text = (bom ? '\uFEFF' : '') + writeWithBlanks(value, b, escapeAll);
        assert.ok(checkTree(text), `the fast value path declines ${JSON.stringify(text.slice(0, 300))}`);
      }),
      { seed: 4143, numRuns: 1500 },
    );
    assert.ok(checkTree('-0'));
    // Escaped quotes and backslashes at the start, middle and end of keys and values.
    for (const text of ['"a\\"b"', '"a\\\\"', '{"k\\\\":"v\\\\\\""}', '["\\\\\\\\", "x", "\\"\\""]', '["a", "b", {"c\\n": "\\u0041"}]'])
      assert.ok(checkTree(text), text);
    assert.equal(Object.is((fastJsonTree('[-0]') as { items: { value: number }[] }).items[0].value, -0), true);
  });

  test('a text the fast path would decline gets no tree from it when it is not JSON', () => {
    for (const text of ['{"a":1', '{"a":1,}', '[1 2]', '{"a" 1}', '"x', 'tru', '1e400x', '{} {}', ''])
      assert.equal(fastJsonTree(text), undefined, JSON.stringify(text));
  });

  test('parseDocument builds a request’s tree without jsonc-parser', async () => {
    const text = exampleRequestTexts()[0];
    const jsonc = await import('jsonc-parser');
    const original = jsonc.parseTree;
    let calls = 0;
    // The module namespace is frozen; count through the CommonJS exports object the core imports.
    const exportsObject = (await import('node:module')).createRequire(__filename)('jsonc-parser') as { parseTree: typeof original };
    const saved = exportsObject.parseTree;
    exportsObject.parseTree = ((...args: Parameters<typeof original>) => {
      calls++;
      return saved(...args);
    }) as typeof original;
    try {
      const document = parseDocument('json', text);
      assert.deepStrictEqual(document.tree(), parseJson(text).root);
    } finally {
      exportsObject.parseTree = saved;
    }
    // parseJson itself above called it once; parseDocument did not.
    assert.equal(calls, 1);
  });
});
