// The code table matches SPEC §6, and ranges are LSP positions: 0-based lines (CRLF or LF) and
// characters counted in UTF-16 code units.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import { assertOnly, checkRequestText, rangeOfText, requestJson, requestWith } from './fixtures';

/** SPEC §6, copied by hand: every code and its severity. */
const SPEC_CODES: Record<string, 'error' | 'warning'> = {
  syntax: 'error',
  schema: 'error',
  'unknown-property': 'warning',
  'unsupported-version': 'error',
  // Beyond SPEC §6 (issue 15): a brief in the older upstream shape, with its migration as the fix.
  'pre-v1-brief': 'error',
  placeholder: 'error',
  'brief-path-escapes-root': 'error',
  'brief-not-found': 'error',
  'brief-invalid': 'error',
  'brief-id-mismatch': 'error',
  'brief-version-mismatch': 'error',
  'project-mismatch': 'error',
  'digest-mismatch': 'error',
  'brief-digest-stale': 'warning',
  'brief-not-executable': 'error',
  'idempotency-key-mismatch': 'error',
  'throttle-exceeds-brief': 'warning',
  'brief-runtime-differs': 'warning',
  'callback-mismatch': 'warning',
  'mutating-on-shared-branch': 'warning',
  'no-reporting': 'warning',
  // Beyond SPEC §6: an integer that digests and keys cannot hold exactly (I-JSON, RFC 7493 §2.2).
  'unsafe-integer': 'warning',
  // Beyond SPEC §6: a request file that submitting would refuse for its byte order mark (SPEC §7.1).
  'request-byte-order-mark': 'error',
  // Beyond SPEC §6: a file that exists but cannot be analysed says why.
  'file-too-large': 'error',
  'file-unreadable': 'error',
  'file-not-utf8': 'error',
};

test('the code table is exactly SPEC §6 plus pre-v1-brief, unsafe-integer, request-byte-order-mark and the three read codes, with its severities and a one-line doc each', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(DIAGNOSTIC_CODES).map(([code, v]) => [code, v.severity])), SPEC_CODES);
  for (const [code, { doc }] of Object.entries(DIAGNOSTIC_CODES)) {
    assert.ok(doc.length > 0 && !doc.includes('\n'), code);
  }
});

const WRONG_DIGEST = 'sha256:' + 'a'.repeat(64);

test('CRLF line endings give the same line and character as LF', () => {
  const text = requestJson(requestWith((v) => (v.brief.digest = WRONG_DIGEST)));
  assertOnly(checkRequestText(text), 'digest-mismatch', 'error', [15, 14, 15, 87]);
  assertOnly(checkRequestText(text.replace(/\n/g, '\r\n')), 'digest-mismatch', 'error', [15, 14, 15, 87]);
});

test('characters are UTF-16 code units: an emoji before the range counts two', () => {
  // One line: everything before the digest, including "Zoë 😀", sits on line 0.
  const value = requestWith((v) => {
    v.requested_by = 'Zoë 😀';
    v.brief.digest = WRONG_DIGEST;
  });
  const text = JSON.stringify(value);
  const digestAt = text.indexOf(`"${WRONG_DIGEST}"`);
  const prefix = text.slice(0, digestAt);
  assert.equal([...prefix].length + 1, prefix.length, 'the emoji is one code point but two code units');
  const d = assertOnly(checkRequestText(text), 'digest-mismatch', 'error', rangeOfText(text, `"${WRONG_DIGEST}"`));
  assert.deepEqual(d.range, { start: { line: 0, character: digestAt }, end: { line: 0, character: digestAt + 73 } });
});
