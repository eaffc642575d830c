// Issue 14, finding 10 (the core's part): a `placeholder` never hides a `syntax` error on the same
// string, and control characters (NUL first) are `syntax` errors on the very character, in YAML
// (which forbids them everywhere) and in JSON strings (which take them only escaped).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlloyDiagnostic, PendingDiagnostic } from '../../server/src/core/document/diagnostic';
import { parseDocument, parseDocumentSlowly } from '../../server/src/core/document/parsedDocument';
import { LineIndex } from '../../server/src/core/document/lineIndex';
import { finalizeDiagnostics } from '../../server/src/core/rules/finalizeDiagnostics';
import { BRIEF_YAML, REQUEST_JSON, assertDiagnostics, checkBriefText, checkRequestText, rangeOfText, type RangeTuple } from './fixtures';

/** The 0-based range of the one character at `offset` (all test texts are single-line-safe ASCII there). */
function charRange(text: string, offset: number): RangeTuple {
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return [line, character, line, character + 1];
}

function syntaxOnly(diagnostics: AlloyDiagnostic[]): Array<[string, RangeTuple]> {
  return diagnostics
    .filter((d) => d.code === 'syntax')
    .map((d) => [d.message, [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]]);
}

const DIGEST_VALUE = /"sha256:[0-9a-f]{64}"(?=,\n {4}"local_path")/;

describe('a placeholder never hides a syntax error on the same string', () => {
  test('"sha256:\\q" (a bad escape in a placeholder): both the placeholder and the syntax error, on the whole string', () => {
    const text = REQUEST_JSON.replace(DIGEST_VALUE, '"sha256:\\q"');
    const range = rangeOfText(text, '"sha256:\\q"');
    assertDiagnostics(checkRequestText(text), [
      { code: 'placeholder', severity: 'error', range },
      { code: 'syntax', severity: 'error', range },
    ]);
  });

  test('finalizeDiagnostics keeps syntax on a placeholder span and still drops other codes there', () => {
    const span = { offset: 2, length: 5 };
    const pending: PendingDiagnostic[] = [
      { code: 'schema', message: 'bad pattern', span },
      { code: 'syntax', message: 'Invalid escape character in string', span },
      { code: 'placeholder', message: 'a placeholder', span },
      { code: 'digest-mismatch', message: 'differs', span },
    ];
    const out = finalizeDiagnostics(pending, { lines: new LineIndex('0123456789') });
    assert.deepEqual(
      out.map((d) => d.code),
      ['placeholder', 'syntax'],
    );
  });
});

describe('control characters in YAML', () => {
  const nulMessage = 'The control character U+0000 (NUL) is not allowed in YAML; in a double-quoted string write it as "\\x00"';

  test('NUL in a plain key: syntax on the NUL; the key is still read (unknown-property, and the missing one)', () => {
    const text = BRIEF_YAML.replace('created_by:', 'created\u0000by:');
    const at = text.indexOf('\u0000');
    assertDiagnostics(checkBriefText(text), [
      { code: 'schema', severity: 'error', range: [1, 0, 1, 1] },
      { code: 'unknown-property', severity: 'warning', range: rangeOfText(text, 'created\u0000by') },
      { code: 'syntax', severity: 'error', range: charRange(text, at) },
    ]);
    assert.deepEqual(syntaxOnly(checkBriefText(text)), [[nulMessage, charRange(text, at)]]);
  });

  for (const [where, edit] of [
    ['a double-quoted key', (t: string) => t.replace('created_by:', '"created\u0000by":')],
    ['a single-quoted key', (t: string) => t.replace('created_by:', "'created\u0000by':")],
    ['a plain value', (t: string) => t.replace('created_by: stacey', 'created_by: sta\u0000cey')],
    ['a double-quoted value', (t: string) => t.replace('created_by: stacey', 'created_by: "sta\u0000cey"')],
    [
      'a block scalar',
      (t: string) => t.replace('  objective: Keep', '  objective: |\n    Keep\u0000').replace(' flow is refactored.', '\n    flow.'),
    ],
    ['a comment', (t: string) => t.replace('# Formation Brief', '# Formation\u0000Brief')],
  ] as const) {
    test(`NUL in ${where}: one syntax error on the NUL`, () => {
      const text = edit(BRIEF_YAML);
      assert.equal(text.split('\u0000').length, 2, 'the edit applied');
      assert.deepEqual(syntaxOnly(checkBriefText(text)), [[nulMessage, charRange(text, text.indexOf('\u0000'))]]);
    });
  }

  test('other C0 controls too (U+0001, ESC, U+001F), each on itself; tab, CR LF and an escaped "\\0" are fine', () => {
    const text = BRIEF_YAML.replace('created_by: stacey', 'created_by: "st\u0001a\u001bc\u001fey"');
    const d = syntaxOnly(checkBriefText(text));
    assert.deepEqual(
      d.map(([message]) => message.slice(0, 'The control character U+00XX'.length)),
      ['The control character U+0001', 'The control character U+001B', 'The control character U+001F'],
    );
    assert.deepEqual(
      d.map(([, range]) => range),
      ['\u0001', '\u001b', '\u001f'].map((c) => charRange(text, text.indexOf(c))),
    );
    assert.match(d[1][0], /write it as "\\x1b"$/);
    const fine = BRIEF_YAML.replace('created_by: stacey', 'created_by: "sta\\0cey"\t# tab before me').replace(/\n/g, '\r\n');
    assert.deepEqual(syntaxOnly(checkBriefText(fine)), []);
  });

  test('DEL and C1 controls too (U+007F, U+0080, U+009F), each on itself; NEL (U+0085) and U+00A0 are content', () => {
    const text = BRIEF_YAML.replace('created_by: stacey', 'created_by: "st\u007fa\u0080c\u009fey"');
    const d = syntaxOnly(checkBriefText(text));
    assert.deepEqual(
      d.map(([message]) => message),
      ['7F', '80', '9F'].map(
        (hex) => `The control character U+00${hex} is not allowed in YAML; in a double-quoted string write it as "\\x${hex.toLowerCase()}"`,
      ),
    );
    assert.deepEqual(
      d.map(([, range]) => range),
      ['\u007f', '\u0080', '\u009f'].map((c) => charRange(text, text.indexOf(c))),
    );
    assert.deepEqual(syntaxOnly(checkBriefText(BRIEF_YAML.replace('created_by: stacey', 'created_by: "sta\u0085c\u00a0ey"'))), []);
  });

  test('a second byte order mark after the first: one syntax error on it, and no digest from a reader-dependent key', () => {
    const text = '\uFEFF\uFEFF' + BRIEF_YAML;
    const diagnostics = checkBriefText(text);
    assert.deepEqual(syntaxOnly(diagnostics), [
      ['A second byte order mark (U+FEFF) follows the first; a file has at most one, at its start', [0, 0, 0, 1]],
    ]);
    assert.equal(
      diagnostics.some((d) => d.code === 'brief-digest-stale'),
      false,
    );
    // One mark is fine.
    assert.deepEqual(syntaxOnly(checkBriefText('\uFEFF' + BRIEF_YAML)), []);
  });

  test('150 NULs: the first 100 one by one, then one diagnostic counting the other 50 (on the 101st)', () => {
    const text = BRIEF_YAML.replace('created_by: stacey', `created_by: "${'\u0000'.repeat(150)}"`);
    const first = text.indexOf('\u0000');
    const d = syntaxOnly(checkBriefText(text));
    assert.equal(d.length, 101);
    assert.deepEqual(d[99], [nulMessage, charRange(text, first + 99)]);
    assert.deepEqual(d[100], [
      '50 more control characters are not allowed in YAML (the first 100 are reported one by one)',
      charRange(text, first + 100),
    ]);
  });

  test('the fast path declines such a text: fast and slow readings agree', () => {
    for (const text of [BRIEF_YAML.replace('created_by:', 'created\u0000by:'), BRIEF_YAML.replace('stacey', 'sta\u0007cey')]) {
      const fast = parseDocument('yaml', text);
      const slow = parseDocumentSlowly('yaml', text);
      assert.deepEqual(fast.problems, slow.problems);
      assert.deepEqual(fast.value, slow.value);
      assert.ok(fast.problems.length > 0);
    }
  });
});

describe('control characters in JSON', () => {
  test('a raw NUL in a key: syntax on the NUL itself (not the whole string); the key is read', () => {
    const text = REQUEST_JSON.replace('"requested_by"', '"requested\u0000by"');
    assertDiagnostics(checkRequestText(text), [
      { code: 'unknown-property', severity: 'warning', range: rangeOfText(text, '"requested\u0000by"') },
      { code: 'syntax', severity: 'error', range: charRange(text, text.indexOf('\u0000')) },
    ]);
    assert.deepEqual(
      syntaxOnly(checkRequestText(text))[0][0],
      'The control character U+0000 (NUL) is not allowed in a JSON string; write it as "\\u0000"',
    );
  });

  test('raw controls in a value: each on itself', () => {
    const text = REQUEST_JSON.replace('"stacey"', '"sta\u0000c\u001fey"');
    assert.deepEqual(syntaxOnly(checkRequestText(text)), [
      [
        'The control character U+0000 (NUL) is not allowed in a JSON string; write it as "\\u0000"',
        charRange(text, text.indexOf('\u0000')),
      ],
      ['The control character U+001F is not allowed in a JSON string; write it as "\\u001f"', charRange(text, text.indexOf('\u001f'))],
    ]);
  });

  test('an escaped \\u0000 is JSON (no syntax error); a raw NUL between tokens is an invalid symbol on the NUL', () => {
    assert.deepEqual(syntaxOnly(checkRequestText(REQUEST_JSON.replace('"stacey"', '"sta\\u0000cey"'))), []);
    const text = REQUEST_JSON.replace('{\n', '{\u0000\n');
    assert.deepEqual(syntaxOnly(checkRequestText(text)), [['Invalid symbol', [0, 1, 0, 2]]]);
  });
});
