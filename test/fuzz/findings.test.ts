// What the fuzzing found, each as its minimal reproducer through the core. Fixed (lineIndex.ts):
// a range that ended between the \r and the \n of a line break (past the end of its line for an
// LSP client), and a one-character range on an astral character that split its surrogate pair;
// (syntaxCap.ts) a flood of syntax errors, one per stray token, now 100 and one counting the rest;
// (parseJson.ts) spans past the end of a text that ends in an unterminated comment.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core';
import { parseJson } from '../../server/src/core/document/parseJson';
import { MemoryHost } from '../support/memoryHost';

function syntaxRanges(file: string, text: string): { message: string; range: unknown }[] {
  const workspace = new AlloyWorkspace(new MemoryHost({ [file]: text }), ['/repo']);
  return workspace
    .check(file)
    .diagnostics.filter((d) => d.code === 'syntax')
    .map((d) => ({ message: d.message.replace(/:.*/s, ''), range: d.range }));
}

test('a syntax error on the \\r of a CRLF ends at the end of its line, not between the \\r and the \\n', () => {
  // The YAML parser reports "Missing , or :" on the \r after `- ` (offset 15, one character).
  const ranges = syntaxRanges('/repo/.alloy/briefs/flow.yaml', '{\r\n "a": "x",- \r\n "b": 1\r\n}\r\n');
  assert.deepEqual(ranges, [
    {
      message: 'Block collections are not allowed within flow collections',
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 12 } },
    },
    { message: 'Missing , or ', range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } } },
    {
      message: 'Block collections are not allowed within flow collections',
      range: { start: { line: 2, character: 1 }, end: { line: 3, character: 0 } },
    },
  ]);
});

test('a one-character syntax error on an emoji covers the whole emoji (both UTF-16 code units)', () => {
  const ranges = syntaxRanges('/repo/.alloy/briefs/emoji.yaml', 'objective: >😀-\n');
  assert.deepEqual(ranges, [
    {
      message: 'Block scalar header includes extra characters',
      range: { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } },
    },
  ]);
});

/** A YAML brief of a plain text line, a comment and `n` members: YAML reads each token after the text as a stray one. */
function strayTokenBrief(n: number): string {
  return 'just text\n# comment\n' + Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n') + '\n';
}

test('a YAML brief of a plain text line, a comment and 1,000 members lists 100 syntax errors and counts the other 2,900 in one more, in at most 100 ms of CPU', () => {
  // The budget is for the check, not for V8 compiling the yaml package: its first two runs on a text of
  // this size cost 150 to 230 ms of CPU whatever the text (one syntax error alone, too). Two warm-ups on other such texts.
  for (const other of ['a ', 'b ']) {
    const file = `/repo/.alloy/briefs/${other.trim()}.yaml`;
    new AlloyWorkspace(new MemoryHost({ [file]: other + strayTokenBrief(1000) }), ['/repo']).check(file);
  }
  const text = strayTokenBrief(1000);
  const workspace = new AlloyWorkspace(new MemoryHost({ '/repo/.alloy/briefs/b.yaml': text }), ['/repo']);
  const before = process.cpuUsage();
  const diagnostics = workspace.check('/repo/.alloy/briefs/b.yaml').diagnostics;
  const used = process.cpuUsage(before);
  const syntax = diagnostics.filter((d) => d.code === 'syntax');
  assert.equal(syntax.length, 101);
  // Three stray tokens a line (`k0`, `:`, `0`) from line 2 on: the 100th error is line 35's `k33`, the 101st its `:`.
  assert.deepEqual(syntax[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 2 } });
  assert.deepEqual(syntax[99].range, { start: { line: 35, character: 0 }, end: { line: 35, character: 3 } });
  const summary = syntax.find((d) => d.message.includes('more syntax errors'));
  assert.deepEqual(
    { message: summary?.message, range: summary?.range },
    {
      message: '2,900 more syntax errors in this file (only the first 100 are listed)',
      range: { start: { line: 35, character: 3 }, end: { line: 35, character: 4 } },
    },
  );
  assert.ok((used.user + used.system) / 1000 <= 100, `${((used.user + used.system) / 1000).toFixed(0)} ms of CPU`);
});

test('a YAML brief with exactly 100 syntax errors lists them all, without a summary', () => {
  // The plain text line, then 33 members (99 stray tokens) and one more stray `x`: 100 errors.
  const text = strayTokenBrief(33) + 'x\n';
  const syntax = syntaxRanges('/repo/.alloy/briefs/b.yaml', text);
  assert.equal(syntax.length, 100);
  assert.ok(syntax.every((d) => !d.message.includes('more syntax errors')));
});

test('a JSON request of 1,000 array items without commas lists 100 syntax errors and counts the other 899 in one more', () => {
  const text = '[' + Array.from({ length: 1000 }, () => '1').join(' ') + ']\n';
  const workspace = new AlloyWorkspace(new MemoryHost({ '/repo/.alloy/requests/r.json': text }), ['/repo']);
  const syntax = workspace.check('/repo/.alloy/requests/r.json').diagnostics.filter((d) => d.code === 'syntax');
  assert.equal(syntax.length, 101);
  // "Comma expected" on each item after the first: items at offsets 3, 5, …; the 101st at 203.
  assert.deepEqual(syntax[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } });
  const summary = syntax.find((d) => d.message.includes('more syntax errors'));
  assert.deepEqual(
    { message: summary?.message, range: summary?.range },
    {
      message: '899 more syntax errors like this one: Comma expected (only the first 100 are listed)',
      range: { start: { line: 0, character: 203 }, end: { line: 0, character: 204 } },
    },
  );
});

test('a JSON text ending in an unterminated comment gets spans inside the text', () => {
  for (const text of ['/*', '/*\r\n', '{"a": 1} /*']) {
    const spans = parseJson(text).problems.map((p) => p.span);
    assert.ok(spans.length > 0, JSON.stringify(text));
    for (const span of spans) assert.ok(span.offset + span.length <= text.length, `${JSON.stringify(text)}: ${JSON.stringify(span)}`);
  }
  assert.deepEqual(
    parseJson('/*').problems.map((p) => [p.message, p.span]),
    [
      ['Comments are not allowed in JSON', { offset: 0, length: 2 }],
      ['Value expected', { offset: 2, length: 0 }],
    ],
  );
});
