// The mutation corpus (test/support/mutationCorpus.ts) that the fast-path differential tests rely
// on: deterministic per seed, bounded, quick, and covering every construct it promises.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  briefMutants,
  createRandom,
  exampleBriefTexts,
  exampleRequestTexts,
  requestMutants,
  resultMutants,
} from '../support/mutationCorpus';

describe('the mutation corpus', () => {
  test('the same seed gives the same texts, another seed other texts', () => {
    assert.deepEqual(requestMutants(5, 200), requestMutants(5, 200));
    assert.deepEqual(briefMutants(5, 200), briefMutants(5, 200));
    assert.notDeepEqual(briefMutants(5, 200), briefMutants(6, 200));
    assert.equal(createRandom(1).next(), createRandom(1).next());
  });

  test('exactly the count asked for, from every example, mostly distinct', () => {
    assert.ok(exampleRequestTexts().length >= 10 && exampleBriefTexts().length >= 3);
    const briefs = briefMutants(1, 1000);
    assert.equal(briefs.length, 1000);
    assert.ok(new Set(briefs).size > 900);
    assert.equal(requestMutants(1, 7).length, 7);
    assert.equal(resultMutants(1, 3).length, 3);
  });

  test('3,000 texts of each format in well under a few seconds', () => {
    const start = performance.now();
    requestMutants(2, 3000);
    briefMutants(2, 3000);
    // About 0.3 s each on an idle 2-core machine; the bound leaves room for a loaded one.
    assert.ok(performance.now() - start < 5000);
  });

  const JSON_CONSTRUCTS: [string, RegExp][] = [
    ['a trailing comma', /,\s*[}\]]/],
    ['a line comment', /\/\/ /],
    ['a block comment', /\/\*/],
    ['__proto__', /"__proto__"/],
    ['constructor', /"constructor"/],
    ['1e400', /\b1e400\b/],
    ['-1e400', /-1e400/],
    ['-0', /: -0[,\s}]/],
    ['1e-400', /1e-400/],
    ['a big integer', /12345678901234567890/],
    ['1.0', /: 1\.0\b/],
    ['an exponent', /1E3|1e\+3/],
    ['\\u0000', /\\u0000/],
    ['a lone surrogate escape', /\\ud800/],
    ['\\/', /\\\//],
    ['a raw control character', /\u0001/],
    ['a byte order mark', /^\uFEFF/],
    ['nesting over 128 levels', /\[{129}|(?:\{\s*"n\d": ){129}/],
    ['the empty text', /^$/],
    ['whitespace only', /^\s+$/],
    ['CRLF', /\r\n/],
    ['a unicode key', /"(?:ключ|键|😀)"/],
    ['an escaped key', /"\\u00[0-9a-f]{2}[a-z_]/],
  ];

  test('the JSON mutants cover every promised construct', () => {
    const texts = [...requestMutants(3, 3000), ...resultMutants(3, 500)];
    for (const [label, pattern] of JSON_CONSTRUCTS)
      assert.ok(
        texts.some((t) => pattern.test(t)),
        label,
      );
    // A differential test needs both sides: texts the strict path accepts and texts it rejects.
    const parseable = texts.filter((t) => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    }).length;
    assert.ok(parseable > 0.2 * texts.length && parseable < 0.8 * texts.length, `${parseable} parseable`);
  });

  const YAML_CONSTRUCTS: [string, RegExp][] = [
    ['an anchor', /&a\w* /],
    ['an alias', /\*a\w*/],
    ['a merge key', /<<: /],
    ['a standard tag', /!!str/],
    ['a custom tag', /!custom|!thing/],
    ['a flow map', /: \{ ?\w/],
    ['a flow sequence', /: \[\w/],
    ['a %YAML directive', /^%YAML/m],
    ['a %TAG directive', /^%TAG/m],
    ['several documents', /\n---\n\w/],
    ['a ... marker', /^\.\.\.$/m],
    ['a tab', /\t/],
    ['a trailing comment', /\S # /],
    ['a full-line comment', /^\s*#/m],
    ['literal block scalars', /: \|\n/],
    ['folded block scalars', /: >\n/],
    ['strip chomping', /: \|-/],
    ['keep chomping', /: >\+/],
    ['double-quoted escapes', /"\\u0000"|\\N\\_/],
    ['single quotes', /'it''s'/],
    ['a multi-line plain scalar', /: first part\n +second part/],
    ['yes', /: yes$/m],
    ['on', /: on$/m],
    ['0o17', /: 0o17$/m],
    ['017', /: 017$/m],
    ['0x1F', /: 0x1F$/m],
    ['1_000', /: 1_000$/m],
    ['.5', /: \.5$/m],
    ['+1', /: \+1$/m],
    ['.nan', /: \.nan$/m],
    ['.inf', /: \.inf$/m],
    ['~', /: ~$/m],
    ['Null', /: Null$/m],
    ['TRUE', /: TRUE$/m],
    ['a date', /: 2026-06-06$/m],
    ['a sexagesimal', /: 12:30:00$/m],
    ['a number as a key', /^\s*1: /m],
    ['true as a key', /^\s*true: /m],
    ['null as a key', /^\s*null: /m],
    ['a complex key', /^\s*\? /m],
    ['an empty value', /^\s*\w+:$/m],
    ['an empty item', /^\s*- ?$/m],
    ['deep nesting', /(?:- ){128}/],
    ['CRLF', /\r\n/],
    ['a lone CR', /\r(?!\n)/],
    ['a byte order mark', /^\uFEFF/],
    ['a very long line', /x{2000}/],
    ['unicode', /ключ|中文/],
    ['trailing spaces', / +$/m],
    ['# inside a value', /: \w+#\w/],
    ['a quoted key', /^\s*"\w+": /m],
    ['a duplicate key', /^(\w+):.*\n(?:.*\n)*?\1:/m],
  ];

  test('the YAML mutants cover every promised construct', () => {
    const texts = briefMutants(3, 3000);
    for (const [label, pattern] of YAML_CONSTRUCTS)
      assert.ok(
        texts.some((t) => pattern.test(t)),
        label,
      );
  });
});
