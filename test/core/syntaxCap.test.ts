// The cap on a file's syntax diagnostics (server/src/core/document/syntaxCap.ts): 100 listed in text
// order, then one more counting the rest on the first one not listed; an earlier summary (the
// control characters') and errors the parser's caller dropped are counted in it, not listed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PendingDiagnostic } from '../../server/src/core/document/diagnostic';
import { parseYaml } from '../../server/src/core/document/parseYaml';
import { capSyntaxProblems, countingSummary } from '../../server/src/core/document/syntaxCap';

const syntaxAt = (offset: number, message = `error at ${offset}`): PendingDiagnostic => ({
  code: 'syntax',
  message,
  span: { offset, length: 1 },
});

test('100 syntax errors and any number of other codes are kept as they are', () => {
  const problems = [
    ...Array.from({ length: 100 }, (_, i) => syntaxAt(i)),
    { code: 'schema' as const, message: 'x', span: { offset: 0, length: 1 } },
  ];
  assert.equal(capSyntaxProblems(problems), problems);
});

test('150 syntax errors out of order: the first 100 by offset, then one on the 101st counting 50, then the other codes', () => {
  const schema: PendingDiagnostic = { code: 'schema', message: 'x', span: { offset: 5, length: 1 } };
  const problems = [schema, ...Array.from({ length: 150 }, (_, i) => syntaxAt(149 - i))];
  const capped = capSyntaxProblems(problems);
  assert.deepEqual(
    capped.slice(0, 100).map((p) => p.span.offset),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(capped[100], {
    code: 'syntax',
    message: '50 more syntax errors in this file (only the first 100 are listed)',
    span: { offset: 100, length: 1 },
  });
  assert.deepEqual(capped.slice(101), [schema]);
});

test('exact repeats (same span and message) count once; the errors beyond all saying the same are named', () => {
  const problems = [
    ...Array.from({ length: 100 }, (_, i) => syntaxAt(i)),
    syntaxAt(3),
    syntaxAt(200, 'Too many or recursive alias expansions'),
    syntaxAt(201, 'Too many or recursive alias expansions'),
  ];
  const capped = capSyntaxProblems(problems);
  assert.equal(capped.length, 101);
  assert.deepEqual(capped[100], {
    code: 'syntax',
    message: '2 more syntax errors like this one: Too many or recursive alias expansions (only the first 100 are listed)',
    span: { offset: 200, length: 1 },
  });
});

test('an earlier summary and dropped errors are counted, and the summary goes to the first of everything not listed', () => {
  const controls = countingSummary(syntaxAt(150, '50 more control characters are not allowed in YAML'), 50);
  const problems = [...Array.from({ length: 120 }, (_, i) => syntaxAt(i * 2)), controls];
  const capped = capSyntaxProblems(problems, { count: 7, first: { offset: 300, length: 2 } });
  assert.equal(capped.length, 101);
  // Not listed: 20 errors from offset 200 on, the 50 the control summary counted (from 150), the 7 dropped.
  assert.deepEqual(capped[100], {
    code: 'syntax',
    message: '77 more syntax errors in this file (only the first 100 are listed)',
    span: { offset: 150, length: 1 },
  });
});

test('150 NULs and 60 stray tokens in one YAML brief: 101 syntax diagnostics, the last counting 110', () => {
  const text = `just text\n# ${'\u0000'.repeat(150)}\n` + Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n';
  const syntax = parseYaml(text).problems.filter((p) => p.code === 'syntax');
  assert.equal(syntax.length, 101);
  assert.equal(syntax[100].message, '110 more syntax errors in this file (only the first 100 are listed)');
  // The NULs are at 12 to 161: the first 100 are listed, the summary is on the 101st.
  assert.deepEqual(syntax[100].span, { offset: 112, length: 1 });
});
