// Refusals quote values from files (paths, branch names, ids, diagnostics); with hostile values in
// every string field, every kind of refusal still has exactly its own lines and no raw control
// character, and the submission's escaping is the CLI's, character for character.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusalText, type Refusal } from '../../server/src/submission';
import { visibleText } from '../../server/src/submission/visibleText';

const HOSTILE = 'x\n::error file=x::boom\u001b[2J\rY\u2028::stop-commands::z\u2029\t\u0000\u007f\u009b\u202e';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test('every UTF-16 code unit: the unsafe ones are escaped, all others kept as they are', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const s = String.fromCharCode(c);
    const shown = visibleText(s);
    if (RAW.test(s) || s === '\n') assert.match(shown, /^\\(n|r|t|u[0-9a-f]{4})$/, `U+${c.toString(16)}`);
    else assert.equal(shown, s, `U+${c.toString(16)}`);
  }
  assert.doesNotMatch(visibleText(HOSTILE), RAW);
});

test('every refusal kind with hostile values has exactly its own lines, none raw', () => {
  const file = `/repo/.alloy/requests/${HOSTILE}.json`;
  const problem = { file, line: 3, column: 4, severity: 'error' as const, code: 'schema', message: HOSTILE };
  const refusals: Refusal[] = [
    { kind: 'unreadable-file', file, reason: HOSTILE },
    { kind: 'byte-order-mark', file },
    { kind: 'not-utf8', file, offset: 3, line: 1 },
    { kind: 'not-a-request', file, reason: HOSTILE },
    { kind: 'has-errors', file, diagnostics: [problem, { ...problem, severity: 'warning' }, problem] },
    { kind: 'unsaved', files: [file, file] },
    { kind: 'confirm-full', requestId: HOSTILE, projectId: HOSTILE, branch: HOSTILE, briefId: HOSTILE, briefPath: HOSTILE },
    {
      kind: 'key-reused',
      key: HOSTILE,
      submission: HOSTILE,
      submittedAt: '2026-12-01T14:02:00.000Z',
      fields: [HOSTILE],
      formattingOnly: false,
      earlier: HOSTILE,
    },
    {
      kind: 'outcome-unknown',
      key: HOSTILE,
      requestId: HOSTILE,
      submission: HOSTILE,
      submittedAt: '2026-12-01T14:02:00.000Z',
      reason: HOSTILE,
    },
    { kind: 'nothing-to-resend', key: HOSTILE, reason: HOSTILE },
    { kind: 'payload-has-alloy', file },
  ];
  for (const refusal of refusals) {
    const text = refusalText(refusal, { cwd: '/repo' });
    const lines = text.split('\n');
    assert.equal(lines.length, refusal.kind === 'has-errors' ? 3 : 1, refusal.kind);
    assert.ok(!RAW.test(text), refusal.kind);
    assert.ok(
      lines.every((l) => !l.trimStart().startsWith('::')),
      refusal.kind,
    );
  }
  const errors = refusalText(refusals[4], { cwd: '/repo' }).split('\n');
  assert.equal(errors[1], `  .alloy/requests/${visibleText(HOSTILE)}.json:3:4: error schema ${visibleText(HOSTILE)}`);
});
