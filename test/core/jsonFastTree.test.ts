// The fast JSON tree against `parseJson`: for every text the fast value path accepts, the tree is
// given and is the slow parser's root exactly (kinds, spans, keys, key spans, values, order; -0
// and escapes included), and the slow parser reports nothing. Checked on the seeded request and
// run-result corpus and on generated JSON values written with random blanks, escapes and a
// leading byte order mark; `parseDocument` is shown to build a request's tree without jsonc-parser.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fastJsonValue, readJsonFast } from '../../server/src/core/document/jsonFastPath';
import { fastJsonTree, validJsonOutcome } from '../../server/src/core/document/jsonFastTree';
import { parseJson } from '../../server/src/core/document/parseJson';
import { parseDocument } from '../../server/src/core/document/parsedDocument';
import { toValue } from '../../server/src/core/document/syntaxTree';
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
    // The module namespace is frozen; count through the CommonJS exports object the core imports.
    const jsonc = (await import('node:module')).createRequire(__filename)('jsonc-parser') as {
      createScanner: (...args: unknown[]) => unknown;
    };
    const saved = jsonc.createScanner;
    let calls = 0;
    jsonc.createScanner = (...args: unknown[]) => {
      calls++;
      return saved(...args);
    };
    try {
      const document = parseDocument('json', text);
      assert.deepStrictEqual(document.tree(), parseJson(text).root);
      // A repeated key and an overflowing number in valid JSON: the fast tree reader, with parseJson's problems.
      const repeated = text.replace('{', '{"schema_version": "x", "n": 1e400,');
      const withProblems = parseDocument('json', repeated);
      const slow = parseJson(repeated);
      assert.deepStrictEqual(withProblems.problems, slow.problems);
      assert.deepStrictEqual(
        withProblems.problems.map((p) => p.message.slice(0, 30)),
        ['This number is too large to be', 'Duplicate key "schema_version"'],
      );
      assert.deepStrictEqual(withProblems.tree(), slow.root);
    } finally {
      jsonc.createScanner = saved;
    }
    // parseJson itself above scanned twice; parseDocument did not.
    assert.equal(calls, 2);
  });

  test('valid JSON with repeated keys, overflowing numbers or deep nesting: parseJson’s tree and problems', () => {
    const checkValid = (text: string) => {
      const read = readJsonFast(text);
      if (read.parsed === undefined) return false;
      const slow = parseJson(text);
      const outcome = validJsonOutcome(text, read.parsed!);
      const where = JSON.stringify(text.slice(0, 300));
      if (slow.root === undefined) {
        // Nesting beyond the limit: parseJson's own diagnostic, which the reader leaves to it.
        assert.equal(outcome, undefined, where);
        return true;
      }
      assert.ok(outcome, `the reader declines valid JSON: ${where}`);
      assert.deepStrictEqual(outcome.root, slow.root, `trees differ for ${where}`);
      assert.deepStrictEqual(outcome.problems, slow.problems, `problems differ for ${where}`);
      assert.deepStrictEqual(parseDocument('json', text).value, toValue(slow.root), `data differ for ${where}`);
      return true;
    };
    let valid = 0;
    for (const text of [...requestMutants(4144, 3000), ...resultMutants(4145, 1000)]) if (checkValid(text)) valid++;
    // Generated: objects whose keys repeat, numbers that overflow, at any depth, with blanks.
    const key = fc.constantFrom('a', 'b', 'c', '__proto__', 'a\u0062');
    const leaf = fc.oneof(fc.constantFrom('1', '-0', '1e400', '-1e999', 'null', '"x"', 'true'), fc.integer().map(String));
    const value = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }).map((items) => `[ ${items.join(' ,\n')} ]`),
        fc
          .array(fc.tuple(key, tie('node')), { maxLength: 5 })
          .map((members) => `{${members.map(([k, v]) => `"${k}" : ${v}`).join(',\r\n ')}}`),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (text, bom) => {
        if (checkValid((bom ? '\uFEFF' : '') + text)) valid++;
      }),
      { seed: 4146, numRuns: 3000 },
    );
    for (const depth of [127, 128, 129, 130])
      assert.ok(checkValid('['.repeat(depth - 1) + '{"a":1,"a":2}' + ']'.repeat(depth - 1)), `depth ${depth}`);
    assert.ok(valid >= 1000, `only ${valid} valid texts with problems`);
  });
});
