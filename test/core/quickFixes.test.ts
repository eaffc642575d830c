// Quick fixes and `alloy fix`'s automatic fixes: minimal edits that make the file right, checked
// byte for byte and re-checked clean.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import type { AlloyDiagnostic } from '../../server/src/core/document/diagnostic';
import { automaticFixes, quickFixesFor } from '../../server/src/core/editing/quickFixes';
import { applyEdits } from '../../server/src/core/editing/textEdit';
import {
  BRIEF_DIGEST,
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  REQUEST_PATH,
  assertDiagnostics,
  assertOnly,
  briefYaml,
  memoryWorkspace,
  requestJson,
  requestValue,
  requestWith,
} from './fixtures';

const WRONG_DIGEST = 'sha256:' + 'a'.repeat(64);

/** Applies the only fix offered for `diagnostic` to `file` and returns the new text. */
function applyOnlyFix(workspace: AlloyWorkspace, file: string, diagnostic: AlloyDiagnostic): string {
  const fixes = quickFixesFor(workspace, file, diagnostic);
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].isPreferred, true);
  assert.ok(fixes[0].edits.every((e) => e.file === file));
  return applyEdits(workspace.textOf(file)!, fixes[0].edits);
}

describe('quick fixes', () => {
  test("digest-mismatch writes the brief's digest and the key that follows from it", () => {
    // The request is consistent with a wrong digest: its key was derived from that digest.
    const stale = requestJson(requestWith((v) => (v.brief.digest = WRONG_DIGEST)));
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: stale });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'digest-mismatch', 'error', [15, 14, 15, 87]);
    const fixes = quickFixesFor(workspace, REQUEST_PATH, d);
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].edits.length, 2);
    const fixed = applyEdits(stale, fixes[0].edits);
    assert.equal(fixed, REQUEST_JSON);
    workspace.setOverlay(REQUEST_PATH, fixed);
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
  });

  test('idempotency-key-mismatch recomputes the key', () => {
    const value = requestValue();
    value.idempotency_key = 'sha256:' + 'c'.repeat(64);
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestJson(value) });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'idempotency-key-mismatch', 'error', [3, 21, 3, 94]);
    const fixed = applyOnlyFix(workspace, REQUEST_PATH, d);
    assert.equal(fixed, REQUEST_JSON);
    workspace.setOverlay(REQUEST_PATH, fixed);
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
  });

  test('a placeholder brief.digest is filled in from the brief, with the key', () => {
    const text = requestJson(requestWith((v) => (v.brief.digest = 'sha256:...')));
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: text });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'placeholder', 'error', [15, 14, 15, 26]);
    assert.equal(applyOnlyFix(workspace, REQUEST_PATH, d), REQUEST_JSON);
  });

  describe("the brief's own digest (brief-digest-stale), in YAML", () => {
    const commented = (quoted: string) =>
      briefYaml(
        (t) =>
          t
            .replace('digest: DIGEST', `digest: ${quoted}   # the brief's own digest`)
            .replace('status: compiled', "status: 'compiled' # quoted on purpose"),
        'unused',
      );
    for (const [style, wrong, right] of [
      ['plain', WRONG_DIGEST, BRIEF_DIGEST],
      ['double-quoted', `"${WRONG_DIGEST}"`, `"${BRIEF_DIGEST}"`],
      ['single-quoted', `'${WRONG_DIGEST}'`, `'${BRIEF_DIGEST}'`],
    ] as const) {
      test(`a ${style} digest is rewritten in the same style, comments kept`, () => {
        const text = commented(wrong);
        const { workspace } = memoryWorkspace({ [BRIEF_PATH]: text });
        const diagnostics = workspace.check(BRIEF_PATH).diagnostics;
        assertDiagnostics(diagnostics, [{ code: 'brief-digest-stale', severity: 'warning', range: [4, 8, 4, 8 + wrong.length] }]);
        const fixed = applyOnlyFix(workspace, BRIEF_PATH, diagnostics[0]);
        assert.equal(fixed, commented(right));
        workspace.setOverlay(BRIEF_PATH, fixed);
        assertDiagnostics(workspace.check(BRIEF_PATH).diagnostics, []);
      });
    }
  });

  test('unknown-property renames the key to its close match (JSON)', () => {
    const value = requestValue();
    const reporting = value.reporting;
    delete value.reporting;
    value.reportng = reporting;
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestJson(value) });
    const unknown = workspace.check(REQUEST_PATH).diagnostics.find((d) => d.code === 'unknown-property')!;
    const fixes = quickFixesFor(workspace, REQUEST_PATH, unknown);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Rename to "reporting"'],
    );
    const fixed = applyEdits(workspace.textOf(REQUEST_PATH)!, fixes[0].edits);
    assert.equal(fixed, REQUEST_JSON);
  });

  test('unknown-property renames the key to its close match (YAML)', () => {
    const text = BRIEF_YAML.replace('  objective:', '  objectve:');
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: text });
    const diagnostics = workspace.check(BRIEF_PATH).diagnostics;
    // The misspelt key is content too, so the brief's own digest no longer matches.
    assertDiagnostics(diagnostics, [
      { code: 'brief-digest-stale', severity: 'warning', range: [4, 8, 4, 79] },
      { code: 'schema', severity: 'error', range: [9, 0, 9, 7] },
      { code: 'unknown-property', severity: 'warning', range: [10, 2, 10, 10] },
    ]);
    assert.equal(applyOnlyFix(workspace, BRIEF_PATH, diagnostics[2]), BRIEF_YAML);
  });

  test('a diagnostic with nothing to fix offers nothing', () => {
    const { workspace } = memoryWorkspace({
      [BRIEF_PATH]: BRIEF_YAML,
      [REQUEST_PATH]: requestJson(requestWith((v) => (v.brief.version = 4))),
    });
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-version-mismatch', 'error', [14, 15, 14, 16]);
    assert.deepEqual(quickFixesFor(workspace, REQUEST_PATH, d), []);
  });
});

describe('automatic fixes (alloy fix)', () => {
  test('a request with a wrong digest and a wrong key gets both, and nothing else changes', () => {
    const value = requestValue();
    value.brief.digest = WRONG_DIGEST;
    value.idempotency_key = 'sha256:' + 'c'.repeat(64);
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestJson(value) });
    const fixed = applyEdits(workspace.textOf(REQUEST_PATH)!, automaticFixes(workspace, REQUEST_PATH));
    assert.equal(fixed, REQUEST_JSON);
  });

  test('a request whose brief is missing still gets its key fixed', () => {
    const value = requestWith((v) => (v.brief.local_path = '.alloy/briefs/missing.yaml'));
    const right = value.idempotency_key;
    value.idempotency_key = 'sha256:' + 'c'.repeat(64);
    const { workspace } = memoryWorkspace({ [REQUEST_PATH]: requestJson(value) });
    const fixed = applyEdits(workspace.textOf(REQUEST_PATH)!, automaticFixes(workspace, REQUEST_PATH));
    value.idempotency_key = right;
    assert.equal(fixed, requestJson(value));
  });

  test('a brief with a stale or placeholder own digest gets the right one', () => {
    for (const own of [WRONG_DIGEST, 'sha256:...']) {
      const { workspace } = memoryWorkspace({ [BRIEF_PATH]: briefYaml(undefined, own) });
      assert.equal(applyEdits(workspace.textOf(BRIEF_PATH)!, automaticFixes(workspace, BRIEF_PATH)), BRIEF_YAML);
    }
  });

  test('correct files get no edits', () => {
    const { workspace } = memoryWorkspace();
    assert.deepEqual(automaticFixes(workspace, REQUEST_PATH), []);
    assert.deepEqual(automaticFixes(workspace, BRIEF_PATH), []);
  });

  test('a request with a syntax error gets no edit, and the refusal says why; its quick fix writes no key', () => {
    // A stale brief.digest and a trailing comma: the parser still reads a value, and a key
    // computed from it would be a guess.
    const stale = requestJson(requestWith((v) => (v.brief.digest = WRONG_DIGEST))).replace(/\n}\n$/, ',\n}\n');
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: stale });
    const diagnostics = workspace.check(REQUEST_PATH).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['digest-mismatch', 'syntax'],
    );
    const refused: [string, string][] = [];
    assert.deepEqual(
      automaticFixes(workspace, REQUEST_PATH, (path, why) => refused.push([path, why])),
      [],
    );
    assert.deepEqual(refused, [['brief.digest', 'syntax']]);
    const [fix] = quickFixesFor(workspace, REQUEST_PATH, diagnostics[0]);
    assert.equal(fix.edits.length, 1, 'the digest only, without a key read from broken data');
    assert.equal(fix.edits[0].newText, JSON.stringify(BRIEF_DIGEST));
  });
});
