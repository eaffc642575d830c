// The JSON fast path (`JSON.parse` plus the strict parser's extra checks) either gives exactly the
// slow parser's data with no problem, or declines: explicit cases for every check it must make,
// and a property over generated JSON texts. The whole-analysis differential is in
// fastPathDifferential.test.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fastJsonValue } from '../../server/src/core/document/jsonFastPath';
import { parseJson } from '../../server/src/core/document/parseJson';
import { toValue, type JsonValue } from '../../server/src/core/document/syntaxTree';
import { canonicalJson, canonicallyEqual } from '../../server/src/core/hashing/canonicalHash';

/** The slow parser's data, when it reports no problem. */
function slowClean(text: string): JsonValue | undefined {
  const { root, problems } = parseJson(text);
  return root && problems.length === 0 ? toValue(root) : undefined;
}

/** Deep equality that also tells -0 from 0 and compares key order. */
function assertSameData(actual: JsonValue, expected: JsonValue, text: string): void {
  assert.deepStrictEqual(actual, expected, text);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), text);
  const negativeZeros = (v: JsonValue): string[] =>
    typeof v === 'number'
      ? Object.is(v, -0)
        ? ['-0']
        : []
      : v && typeof v === 'object'
        ? Object.values(v).flatMap((x) => negativeZeros(x as JsonValue))
        : [];
  assert.deepEqual(negativeZeros(actual), negativeZeros(expected), text);
}

/** The contract: the fast path accepts only what the slow one accepts cleanly, with the same data. */
function assertContract(text: string): boolean {
  const fast = fastJsonValue(text);
  if (fast === undefined) return false;
  const slow = slowClean(text);
  assert.notEqual(slow, undefined, `the fast path accepted a text the strict parser reports: ${JSON.stringify(text)}`);
  assertSameData(fast, slow as JsonValue, text);
  return true;
}

describe('the JSON fast path declines what the strict parser reports', () => {
  const declined: [string, string][] = [
    ['a repeated key', '{"a": 1, "a": 2}'],
    ['a repeated key, nested', '{"a": {"b": 1, "c": [{"d": 1, "d": 1}]}}'],
    ['a repeated __proto__', '{"__proto__": 1, "__proto__": 2}'],
    ['a number overflowing to Infinity', '{"a": 1e400}'],
    ['a negative overflow, in an array', '[1, -1e400]'],
    ['nesting deeper than 128 levels', '['.repeat(129) + ']'.repeat(129)],
    ['a comment', '{"a": 1 /* x */}'],
    ['a trailing comma', '{"a": 1,}'],
    ['an empty text', ''],
    ['whitespace only', ' \n\t'],
    ['a raw control character in a string', '{"a": "x\u0001y"}'],
    ['an unterminated string', '{"a": "x'],
    ['a no-break space between tokens', '{"a":\u00a01}'],
  ];
  for (const [name, text] of declined) {
    test(name, () => {
      assert.equal(fastJsonValue(text), undefined);
    });
  }

  test('a colon or brace inside a string (escaped quotes too) does not count', () => {
    const text = '{"a:{[": "x\\":{[", "b\\\\": "\\\\"}';
    assert.equal(assertContract(text), true);
    assert.deepEqual(fastJsonValue(text), { 'a:{[': 'x":{[', 'b\\': '\\' });
  });

  test('128 levels are read; a leading byte order mark is not content', () => {
    assert.equal(assertContract('['.repeat(128) + ']'.repeat(128)), true);
    assert.equal(assertContract('\ufeff{"a": [1, -0, 1.5e-300]}'), true);
  });

  test('__proto__ is data, as in the slow parser', () => {
    const value = fastJsonValue('{"__proto__": {"polluted": true}}') as Record<string, JsonValue>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(assertContract('{"__proto__": {"polluted": true}}'), true);
  });
});

describe('the JSON fast path on generated texts', () => {
  test('every accepted text gives the slow parser’s data, and most valid texts are accepted', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), fc.nat(3), (value, pretty, dupes) => {
        runs++;
        let text = JSON.stringify(value, null, pretty ? 2 : undefined);
        // Plant repeated keys in some texts: the fast path must decline those.
        for (let i = 0; i < dupes && text.includes('{"'); i++) text = text.replace(/\{"([^"\\]*)":/, '{"$1": 0, "$1":');
        if (assertContract(text)) accepted++;
      }),
      { numRuns: 2000, seed: 13 },
    );
    assert.ok(accepted > runs / 2, `only ${accepted} of ${runs} texts took the fast path`);
  });
});

describe('canonicallyEqual', () => {
  const shuffled = (v: JsonValue): JsonValue =>
    Array.isArray(v)
      ? v.map(shuffled)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, shuffled(x)]),
          )
        : v;

  test('agrees with comparing canonical texts', () => {
    const json = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(json, json, fc.boolean(), (a, b, same) => {
        const other = same ? shuffled(a) : b;
        assert.equal(canonicallyEqual(a, other), canonicalJson(a) === canonicalJson(other));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  test('-0 equals 0, key order does not count, types do', () => {
    assert.equal(canonicallyEqual({ a: -0, b: [1] }, { b: [1], a: 0 }), true);
    assert.equal(canonicallyEqual({ a: 1 }, { a: '1' }), false);
    assert.equal(canonicallyEqual([], {}), false);
    assert.equal(canonicallyEqual({ a: null }, {}), false);
  });
});

describe('the JSON fast path and escaped colons', () => {
  test('a repeated key hidden behind \\u003a escapes is still declined', () => {
    assert.equal(fastJsonValue('{"a": 1, "a": "\\u003a"}'), undefined);
    assert.equal(fastJsonValue('{"a\\u003a": 1, "a\\u003a": 2}'), undefined);
    assert.equal(fastJsonValue('{"x": {"b": "\\u003a\\u003a", "b": 1, "b": 2}}'), undefined);
  });

  test('escaped and literal colons in clean data are read', () => {
    assert.equal(assertContract('{"a:b": "\\u003a:", "c": ["::", {"d\\u003a": ":"}]}'), true);
  });
});
