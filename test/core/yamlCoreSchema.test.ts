// Briefs are read with the YAML 1.2 core schema, and must be JSON data to be digested (SPEC §3–4).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFile } from '../../server/src/core/rules/fileAnalysis';
import {
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  REQUEST_PATH,
  assertDiagnostics,
  assertOnly,
  briefYaml,
  checkBriefText,
  memoryWorkspace,
} from './fixtures';

/** The fixture brief with extra lines after `strategic: true` (line 25), i.e. from line 26 on. */
function withPayloadLines(lines: string): string {
  return briefYaml((t) => t.replace('    strategic: true\n', `    strategic: true\n${lines}`));
}

describe('YAML 1.2 core schema', () => {
  test('an unquoted timestamp is a string, and valid', () => {
    const analysis = analyzeFile(BRIEF_PATH, BRIEF_YAML);
    assert.equal((analysis?.value as Record<string, unknown>).created_at, '2026-06-06T10:00:00-04:00');
    assertDiagnostics(checkBriefText(BRIEF_YAML), []);
  });

  test('yes, no, on and off are strings, not booleans', () => {
    const text = briefYaml((t) => t.replace('    - all payment gates pass', '    - yes\n    - no\n    - on\n    - off'));
    assert.deepEqual((analyzeFile(BRIEF_PATH, text)?.value as { mission: { definition_of_done: unknown } }).mission.definition_of_done, [
      'yes',
      'no',
      'on',
      'off',
    ]);
    assertDiagnostics(checkBriefText(text), []);
  });

  test('so `strategic: yes` is a type error on the value', () => {
    const d = assertOnly(
      checkBriefText(briefYaml((t) => t.replace('    strategic: true', '    strategic: yes'))),
      'schema',
      'error',
      [25, 15, 25, 18],
    );
    assert.equal(d.message, 'Incorrect type. Expected boolean.');
  });

  test('anchors and aliases are expanded into plain data', () => {
    const text = briefYaml((t) =>
      t
        .replace('    - payment_e2e_test', '    - &e2e payment_e2e_test')
        .replace('    strategic: true\n', '    strategic: true\n    check: *e2e\n'),
    );
    const analysis = analyzeFile(BRIEF_PATH, text);
    assert.equal((analysis?.value as { foundry: { payload: { check: unknown } } }).foundry.payload.check, 'payment_e2e_test');
    assert.ok(analysis?.digest);
    assertDiagnostics(checkBriefText(text), []);
  });
});

describe('values JSON cannot represent make the brief undigestable', () => {
  // The `yaml` package's node range starts after a tag, so a tagged value is flagged from its text on.
  for (const [label, line, range] of [
    ['.nan', '    ratio: .nan\n', [26, 11, 26, 15]],
    ['.inf', '    ratio: .inf\n', [26, 11, 26, 15]],
    ['-.inf', '    ratio: -.inf\n', [26, 11, 26, 16]],
    ['a !!binary value', '    blob: !!binary aGVsbG8=\n', [26, 19, 26, 27]],
    ['a custom !tag', '    note: !secret hunter2\n', [26, 18, 26, 25]],
    ['a non-string key', '    1: one\n', [26, 4, 26, 5]],
  ] as const) {
    test(`${label}: one error at that node, and no digest`, () => {
      const text = withPayloadLines(line);
      assert.equal(analyzeFile(BRIEF_PATH, text)?.digest, undefined);
      const d = assertOnly(checkBriefText(text), 'schema', 'error', [...range]);
      assert.match(d.message, /cannot be digested/);
    });
  }

  test('an undigestable brief gives its request brief-invalid only: no digest or runtime comparison', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: withPayloadLines('    ratio: .nan\n'), [REQUEST_PATH]: REQUEST_JSON });
    const diagnostics = workspace.check(REQUEST_PATH).diagnostics;
    assertDiagnostics(diagnostics, [{ code: 'brief-invalid', severity: 'error', range: [16, 18, 16, 47] }]);
    assert.deepEqual(
      diagnostics[0].related?.map((r) => r.range),
      [{ start: { line: 26, character: 11 }, end: { line: 26, character: 15 } }],
    );
  });
});
