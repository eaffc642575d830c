// `unsafe-integer`: an integer past ±(2^53 − 1) in a request or a brief gets a warning on the
// number, since RFC 8785 hashes it as the nearest IEEE 754 double and an exact reader would not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BRIEF_YAML, REQUEST_JSON, checkBriefText, checkRequestText, rangeOfText, type RangeTuple } from './fixtures';
import type { AlloyDiagnostic } from '../../server/src/core/document/diagnostic';

function unsafe(diagnostics: AlloyDiagnostic[]): { range: RangeTuple; message: string; severity: string }[] {
  return diagnostics
    .filter((d) => d.code === 'unsafe-integer')
    .map((d) => ({
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      message: d.message,
      severity: d.severity,
    }));
}

const message = (written: string, double: string) =>
  `${written} is past ±(2^53 − 1): as an IEEE 754 double (what RFC 8785 digests and keys hash, and what many JSON readers keep) ` +
  `it is ${double}, so readers and hashes can disagree on it. Write it as a string, or as a smaller number.`;

test('in a request: a warning on each integer past ±(2^53 − 1), with the double it hashes as', () => {
  assert.ok(REQUEST_JSON.includes('"max_iterations": 3'));
  const text = REQUEST_JSON.replace('"max_iterations": 3', '"max_iterations": 9007199254740993, "floor": -90071992547409930');
  assert.deepEqual(unsafe(checkRequestText(text)), [
    { range: rangeOfText(text, '9007199254740993'), message: message('9007199254740993', '9007199254740992'), severity: 'warning' },
    { range: rangeOfText(text, '-90071992547409930'), message: message('-90071992547409930', '-90071992547409940'), severity: 'warning' },
  ]);
});

test('no warning for the largest safe integers, for doubles written as doubles, or for long digits in strings', () => {
  for (const written of ['9007199254740991', '-9007199254740991', '1e300', '9007199254740993.5', '12345678901234567e3']) {
    const text = REQUEST_JSON.replace('"max_iterations": 3', `"max_iterations": ${written}`);
    assert.deepEqual(unsafe(checkRequestText(text)), [], written);
  }
  const text = REQUEST_JSON.replace('"max_iterations": 3', '"max_iterations": 3, "note": "90071992547409930000"');
  assert.deepEqual(unsafe(checkRequestText(text)), []);
});

test('in a brief (YAML): decimal and hexadecimal integers, the same warning', () => {
  assert.ok(BRIEF_YAML.includes('    max_iterations: 3\n'));
  const text = BRIEF_YAML.replace('    max_iterations: 3\n', '    max_iterations: 18446744073709551616\n    ceiling: 0x20000000000001\n');
  assert.deepEqual(unsafe(checkBriefText(text)), [
    {
      range: rangeOfText(text, '18446744073709551616'),
      message: message('18446744073709551616', '18446744073709552000'),
      severity: 'warning',
    },
    { range: rangeOfText(text, '0x20000000000001'), message: message('0x20000000000001', '9007199254740992'), severity: 'warning' },
  ]);
});
