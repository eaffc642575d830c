// `syntax`: a file that does not parse, or repeats a key; one diagnostic on the broken token.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BRIEF_YAML, REQUEST_JSON, assertDiagnostics, assertOnly, briefDataOf, checkBriefText, checkRequestText } from './fixtures';

describe('syntax in a JSON request', () => {
  test('a trailing comma is one error on the comma', () => {
    const text = REQUEST_JSON.replace('"evidence_observations_required": true', '"evidence_observations_required": true,');
    const d = assertOnly(checkRequestText(text), 'syntax', 'error', [29, 42, 29, 43]);
    assert.match(d.message, /trailing comma/i);
  });

  test('a trailing comma in an array is one error on the comma', () => {
    const data = briefDataOf(BRIEF_YAML);
    const json = JSON.stringify(data, null, 2).replace('"all payment gates pass"', '"all payment gates pass",');
    const lines = json.split('\n');
    const line = lines.findIndex((l) => l.endsWith('"all payment gates pass",'));
    const d = assertOnly(checkBriefText(json, '/repo/.alloy/briefs/checkout.json'), 'syntax', 'error', [
      line,
      lines[line].length - 1,
      line,
      lines[line].length,
    ]);
    assert.match(d.message, /trailing comma/i);
  });

  test('a comment is an error on the whole comment', () => {
    const text = REQUEST_JSON.replace('  "repo": {', '  // where the code lives\n  "repo": {');
    const d = assertOnly(checkRequestText(text), 'syntax', 'error', [7, 2, 7, 25]);
    assert.match(d.message, /comment/i);
  });

  test('a duplicate key is an error on the second key', () => {
    const text = REQUEST_JSON.replace('  "repo": {', '  "project_id": "checkout-service",\n  "repo": {');
    const d = assertOnly(checkRequestText(text), 'syntax', 'error', [7, 2, 7, 14]);
    assert.match(d.message, /duplicate key "project_id"/i);
  });

  test('a missing closing brace is reported at the end of the text', () => {
    // The text ends "  }\n" (line 30, then an empty line 31): the brace is expected at the very end.
    const text = REQUEST_JSON.trimEnd().slice(0, -1);
    const d = assertOnly(checkRequestText(text), 'syntax', 'error', [31, 0, 31, 0]);
    assert.match(d.message, /closing brace expected/i);
  });
});

describe('syntax in a YAML brief', () => {
  test('bad indentation: a key indented between two levels', () => {
    // `strategic` is indented less than its `payload` siblings, so YAML attaches it to
    // `foundry` and says so; `foundry` has no such member, hence the unknown-property warning.
    const text = BRIEF_YAML.replace('    strategic: true', '   strategic: true');
    const diagnostics = checkBriefText(text);
    assertDiagnostics(diagnostics, [
      { code: 'syntax', severity: 'error', range: [25, 0, 25, 1] },
      { code: 'unknown-property', severity: 'warning', range: [25, 3, 25, 12] },
    ]);
    assert.match(diagnostics[0].message, /same column/);
  });

  test('a tab used for indentation', () => {
    const text = BRIEF_YAML.replace('    strategic: true', '\tstrategic: true');
    const diagnostics = checkBriefText(text);
    assertDiagnostics(diagnostics, [
      { code: 'syntax', severity: 'error', range: [25, 0, 25, 1] },
      { code: 'unknown-property', severity: 'warning', range: [25, 1, 25, 10] },
    ]);
    assert.match(diagnostics[0].message, /tabs/i);
  });

  test('a duplicate key is an error on the whole second key', () => {
    const text = BRIEF_YAML.replace('created_by: stacey\n', 'created_by: stacey\nstatus: draft\n');
    const d = assertOnly(checkBriefText(text), 'syntax', 'error', [9, 0, 9, 6]);
    assert.match(d.message, /duplicate key/i);
  });

  test('a second document is an error over that document', () => {
    const text = BRIEF_YAML + '---\nid: brief_other\n';
    const d = assertOnly(checkBriefText(text), 'syntax', 'error', [26, 0, 28, 0]);
    assert.match(d.message, /only one YAML document/i);
  });

  test('an empty brief is a syntax error at the start', () => {
    assertOnly(checkBriefText(''), 'syntax', 'error', [0, 0, 0, 0]);
  });
});
