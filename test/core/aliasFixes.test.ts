// Diagnostics and fixes through YAML aliases (issue 14, finding 7): with `digest: *who`, the
// diagnostics were placed on the anchored `created_by` and the fix overwrote it with the digest.
// Now every node an alias produces is placed on the alias; a fix replaces an alias to the value
// itself, and refuses a value inside an alias to a collection (the edit would replace it all).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { automaticFixes, quickFixesFor } from '../../server/src/core/editing/quickFixes';
import { applyEdits } from '../../server/src/core/editing/textEdit';
import { BRIEF_DIGEST, BRIEF_PATH, BRIEF_YAML, assertDiagnostics, briefYaml, memoryWorkspace, rangeOfText, requestValue } from './fixtures';

/** The valid brief with its digest written as an alias of `created_by` (the anchor comes first). */
const DIGEST_ALIAS_BRIEF = BRIEF_YAML.replace(/^digest: .*\n/m, '').replace(
  'created_by: stacey\n',
  'created_by: &who stacey\ndigest: *who\n',
);

describe('an alias to a scalar: `digest: *who`', () => {
  test('the diagnostics are on the alias, not on the anchored created_by', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: DIGEST_ALIAS_BRIEF });
    const alias = rangeOfText(DIGEST_ALIAS_BRIEF, '*who');
    assert.deepEqual(alias, [7, 8, 7, 12]);
    assertDiagnostics(workspace.check(BRIEF_PATH).diagnostics, [
      { code: 'brief-digest-stale', severity: 'warning', range: alias },
      { code: 'schema', severity: 'error', range: alias },
    ]);
  });

  test('alloy fix replaces the alias with the digest and leaves the anchored value alone', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: DIGEST_ALIAS_BRIEF });
    const fixed = applyEdits(DIGEST_ALIAS_BRIEF, automaticFixes(workspace, BRIEF_PATH));
    assert.equal(fixed, DIGEST_ALIAS_BRIEF.replace('digest: *who\n', `digest: ${BRIEF_DIGEST}\n`));
    assert.match(fixed, /^created_by: &who stacey$/m);
    const after = memoryWorkspace({ [BRIEF_PATH]: fixed });
    assertDiagnostics(after.workspace.check(BRIEF_PATH).diagnostics, []);
  });

  test('the quick fix makes the same edit', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: DIGEST_ALIAS_BRIEF });
    const stale = workspace.check(BRIEF_PATH).diagnostics.find((d) => d.code === 'brief-digest-stale')!;
    const fixes = quickFixesFor(workspace, BRIEF_PATH, stale);
    assert.deepEqual(
      fixes.map((f) => f.edits.map((e) => [DIGEST_ALIAS_BRIEF.slice(e.span.offset, e.span.offset + e.span.length), e.newText])),
      [[['*who', BRIEF_DIGEST]]],
    );
  });
});

// ---------------------------------------------------------------------------------------------

const REQUEST_YAML_PATH = '/repo/.alloy/requests/run.yaml';
const WRONG_DIGEST = `sha256:${'0'.repeat(64)}`;

/** A YAML request whose `brief` is an alias of a map anchored in its payload, with a wrong digest. */
function requestWithBriefAlias(): string {
  const v = requestValue();
  return [
    `schema_version: ${v.schema_version}`,
    `request_id: ${v.request_id}`,
    `idempotency_key: "${v.idempotency_key}"`,
    `project_id: ${v.project_id}`,
    'foundry:',
    '  entry_event: iteration_requested',
    '  throttle: dry_run',
    '  payload:',
    '    ref: &b',
    '      id: brief_checkout_payment',
    '      version: 3',
    `      digest: "${WRONG_DIGEST}"`,
    '      local_path: .alloy/briefs/checkout.yaml',
    'repo:',
    '  path: /srv/checkout-service',
    '  revision: abc123',
    '  branch: alloy/checkout-payment',
    'brief: *b',
    '',
  ].join('\n');
}

describe('a value inside an alias to a collection', () => {
  test('brief.digest through `brief: *b`: the mismatch is on the alias; no fix edits the anchored map', () => {
    const text = requestWithBriefAlias();
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_YAML_PATH]: text });
    const mismatch = workspace.check(REQUEST_YAML_PATH).diagnostics.find((d) => d.code === 'digest-mismatch');
    assert.ok(mismatch);
    assert.deepEqual(
      [mismatch.range.start, mismatch.range.end],
      [
        { line: 17, character: 7 },
        { line: 17, character: 9 },
      ],
    );
    const refused: string[] = [];
    assert.deepEqual(
      automaticFixes(workspace, REQUEST_YAML_PATH, (path) => refused.push(path)),
      [],
    );
    assert.deepEqual(refused, ['brief.digest']);
    assert.deepEqual(quickFixesFor(workspace, REQUEST_YAML_PATH, mismatch), []);
  });

  test('an unknown key inside `protected_capabilities: *caps` is on the alias, and no rename is offered', () => {
    const text = briefYaml(
      (t) =>
        t
          .replace(/^protected_capabilities:\n(?: {2}.*\n)+/m, '')
          .replace(
            '    strategic: true\n',
            '    strategic: true\n    caps: &caps\n      - id: cap_card_payment\n        statment: A customer can pay by card.\n        severity: high\n',
          ) + 'protected_capabilities: *caps\n',
    );
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: text });
    const alias = rangeOfText(text, '*caps');
    const diagnostics = workspace.check(BRIEF_PATH).diagnostics;
    assertDiagnostics(diagnostics, [
      { code: 'schema', severity: 'error', range: alias },
      { code: 'unknown-property', severity: 'warning', range: alias },
    ]);
    const unknown = diagnostics.find((d) => d.code === 'unknown-property')!;
    assert.match(unknown.message, /Property "statment" is not defined in v1\. Did you mean "statement"\?/);
    // A rename would have written "statement" over `*caps` (or, before, over the payload's own key).
    assert.deepEqual(quickFixesFor(workspace, BRIEF_PATH, unknown), []);
  });
});

describe('an anchored value that an alias copies: `digest: &d …` and `copy: *d`', () => {
  // A stale own digest, anchored, and copied into the content: every digest written there would
  // change the content (through the copy) and be stale again, so no fix is offered.
  const STALE = 'sha256:' + 'ab'.repeat(32);
  const shared = BRIEF_YAML.replace(/^digest: .*$/m, `digest: &d ${STALE}`).replace(
    'created_by: stacey\n',
    'created_by: stacey\ncopy: *d\n',
  );

  test('alloy fix refuses it and says why; the quick fix is not offered', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: shared });
    const diagnostics = workspace.check(BRIEF_PATH).diagnostics;
    const stale = diagnostics.find((d) => d.code === 'brief-digest-stale');
    assert.ok(stale, diagnostics.map((d) => d.code).join());
    const refused: [string, string][] = [];
    assert.deepEqual(
      automaticFixes(workspace, BRIEF_PATH, (path, why) => refused.push([path, why])),
      [],
    );
    assert.deepEqual(refused, [['digest', 'anchor']]);
    assert.deepEqual(quickFixesFor(workspace, BRIEF_PATH, stale), []);
  });

  test('an anchor no alias uses is rewritten as usual, anchor kept', () => {
    const alone = BRIEF_YAML.replace(/^digest: .*$/m, `digest: &d ${STALE}`);
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: alone });
    const fixed = applyEdits(alone, automaticFixes(workspace, BRIEF_PATH));
    assert.equal(fixed, BRIEF_YAML.replace(/^digest: (.*)$/m, 'digest: &d $1'));
  });
});
