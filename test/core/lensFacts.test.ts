// The CodeLens rows of the core (editing/lensFacts.ts), exactly: which rows a request and a brief
// have, their titles and details for ✓, ✗ and ?, that a ✗ row's fix makes the file right (byte for
// byte, re-checked clean), the count of requests naming a brief, and where each of them names it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lensRowIds, lensRowOf, lensRowsOf, namingRequests, type LensRow } from '../../server/src/core/editing/lensFacts';
import { applyEdits } from '../../server/src/core/editing/textEdit';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { MemoryHost } from '../support/memoryHost';
import {
  BRIEF_DIGEST,
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  REQUEST_PATH,
  assertDiagnostics,
  briefDataOf,
  briefYaml,
  expectedBriefDigest,
  memoryWorkspace,
  requestJson,
  requestValue,
  requestWith,
} from './fixtures';

const WRONG_DIGEST = 'sha256:' + 'a'.repeat(64);
const OTHER_REQUEST = '/repo/.alloy/requests/another.json';

/** [title, state, has a fix] of every row of a file. */
function titles(workspace: AlloyWorkspace, file: string): [string, LensRow['state'], boolean][] {
  return lensRowsOf(workspace, file).map((row) => [row.title, row.state, row.fix !== undefined]);
}

/** Applies a row's fix (all its edits are in `file`) and returns the new text. */
function applyRowFix(workspace: AlloyWorkspace, file: string, id: LensRow['id']): string {
  const fix = lensRowOf(workspace, file, id)?.fix;
  assert.ok(fix, `the ${id} row has a fix`);
  assert.ok(fix.edits.every((e) => e.file === file));
  return applyEdits(workspace.textOf(file)!, fix.edits);
}

describe('rows above a request', () => {
  test('a valid request: digest ✓ and key ✓, nothing to fix', () => {
    const { workspace } = memoryWorkspace();
    assert.deepEqual(lensRowIds(workspace, REQUEST_PATH), ['digest', 'key']);
    assert.deepEqual(lensRowsOf(workspace, REQUEST_PATH), [
      { id: 'digest', title: 'digest ✓', detail: `brief.digest matches the brief's content (${BRIEF_DIGEST.slice(0, 19)}…).`, state: 'ok' },
      { id: 'key', title: 'key ✓', detail: 'idempotency_key matches its seven inputs.', state: 'ok' },
    ]);
  });

  test('the brief changed: "digest ✗ (brief changed)"; its fix writes the digest and the key, and the request checks clean', () => {
    const edited = briefYaml((t) => t.replace('A customer can pay by card.', 'A customer can pay by card or wallet.'));
    const newDigest = expectedBriefDigest(briefDataOf(edited));
    const { workspace } = memoryWorkspace();
    workspace.setOverlay(BRIEF_PATH, edited);
    // The key is still consistent with the digest the request holds: only the digest is wrong.
    assert.deepEqual(titles(workspace, REQUEST_PATH), [
      ['digest ✗ (brief changed)', 'wrong', true],
      ['key ✓', 'ok', false],
    ]);
    const row = lensRowOf(workspace, REQUEST_PATH, 'digest')!;
    assert.equal(
      row.detail,
      `brief.digest is not the digest of the brief as it is now: its content hashes to ${newDigest}. The fix writes it and updates the idempotency key.`,
    );
    assert.equal(row.fix?.title, `Write the brief's digest (${newDigest.slice(0, 19)}…) and update the idempotency key`);
    assert.equal(row.fix?.edits.length, 2);
    const fixed = applyRowFix(workspace, REQUEST_PATH, 'digest');
    assert.equal(fixed, requestJson(requestValue(newDigest)));
    workspace.setOverlay(REQUEST_PATH, fixed);
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
    assert.deepEqual(titles(workspace, REQUEST_PATH), [
      ['digest ✓', 'ok', false],
      ['key ✓', 'ok', false],
    ]);
  });

  test('a wrong key: "key ✗", fixed to the key of its seven inputs', () => {
    const value = requestValue();
    value.idempotency_key = 'sha256:' + 'c'.repeat(64);
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestJson(value) });
    assert.deepEqual(titles(workspace, REQUEST_PATH), [
      ['digest ✓', 'ok', false],
      ['key ✗', 'wrong', true],
    ]);
    assert.equal(
      lensRowOf(workspace, REQUEST_PATH, 'key')!.detail,
      `idempotency_key does not match the request: its seven inputs hash to ${requestValue().idempotency_key}. The fix writes that key.`,
    );
    assert.equal(applyRowFix(workspace, REQUEST_PATH, 'key'), REQUEST_JSON);
  });

  test('placeholders: "digest ✗ (placeholder)" and "key ✗ (placeholder)", each fixed', () => {
    const digestPlaceholder = requestJson(requestWith((v) => (v.brief.digest = 'sha256:...')));
    let { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: digestPlaceholder });
    assert.deepEqual(titles(workspace, REQUEST_PATH)[0], ['digest ✗ (placeholder)', 'wrong', true]);
    assert.equal(applyRowFix(workspace, REQUEST_PATH, 'digest'), REQUEST_JSON);

    const value = requestValue();
    value.idempotency_key = 'sha256:...';
    ({ workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: requestJson(value) }));
    assert.deepEqual(titles(workspace, REQUEST_PATH), [
      ['digest ✓', 'ok', false],
      ['key ✗ (placeholder)', 'wrong', true],
    ]);
    assert.equal(applyRowFix(workspace, REQUEST_PATH, 'key'), REQUEST_JSON);
  });

  test('what cannot be checked is "?", with the reason', () => {
    const detail = (text: string, row: 'digest' | 'key' = 'digest') => {
      const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: text });
      const found = lensRowOf(workspace, REQUEST_PATH, row)!;
      assert.equal(found.state, 'unknown');
      assert.equal(found.title, `${row} ?`);
      return found.detail;
    };
    assert.equal(
      detail(requestJson(requestWith((v) => (v.brief.local_path = '.alloy/briefs/missing.yaml')))),
      'This cannot be checked: there is no brief file at ".alloy/briefs/missing.yaml".',
    );
    const host = new MemoryHost({
      [BRIEF_PATH]: BRIEF_YAML,
      [REQUEST_PATH]: requestJson(requestWith((v) => (v.brief.local_path = '.alloy/briefs/folder.yaml'))),
    });
    host.failRead('/repo/.alloy/briefs/folder.yaml', { ok: false, problem: 'unreadable', reason: 'it is a folder', entry: 'folder' });
    assert.equal(
      lensRowOf(new AlloyWorkspace(host, ['/repo']), REQUEST_PATH, 'digest')?.detail,
      'This cannot be checked: the brief at ".alloy/briefs/folder.yaml" cannot be used: the file cannot be read (it is a folder).',
    );
    assert.equal(
      detail(requestJson(requestWith((v) => (v.brief.local_path = '../outside.yaml')))),
      'This cannot be checked: brief.local_path leads outside the repository.',
    );
    const noDigest = requestValue() as unknown as { brief: Record<string, unknown> };
    delete noDigest.brief.digest;
    assert.equal(detail(requestJson(noDigest)), 'This cannot be checked: brief.digest is missing.');
    const noRevision = requestValue() as unknown as { repo: Record<string, unknown> };
    delete noRevision.repo.revision;
    assert.equal(detail(requestJson(noRevision), 'key'), 'This cannot be checked: an input of the key is missing or not valid.');
    const undigestable = BRIEF_YAML.replace('max_iterations: 3', 'max_iterations: .nan');
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: undigestable, [REQUEST_PATH]: REQUEST_JSON });
    assert.equal(
      lensRowOf(workspace, REQUEST_PATH, 'digest')!.detail,
      'This cannot be checked: the brief cannot be digested (see its problems).',
    );
  });

  test('a wrong digest inside a YAML alias to a collection: ✗ without a fix, saying why', () => {
    const v = requestValue();
    const text = [
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
    const file = '/repo/.alloy/requests/run.yaml';
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [file]: text });
    const row = lensRowOf(workspace, file, 'digest')!;
    assert.deepEqual([row.title, row.state, row.fix], ['digest ✗ (brief changed)', 'wrong', undefined]);
    assert.match(
      row.detail,
      /No automatic fix can be made here \(the value lies inside a YAML alias to a collection\): edit it by hand\.$/,
    );
  });
});

describe('rows above a brief', () => {
  test('how many requests name it, as their checks found, and where each names it', () => {
    const { workspace, host } = memoryWorkspace();
    host.write(OTHER_REQUEST, REQUEST_JSON);
    assert.deepEqual(lensRowIds(workspace, BRIEF_PATH), ['requests', 'own-digest']);
    assert.deepEqual(lensRowOf(workspace, BRIEF_PATH, 'requests'), {
      id: 'requests',
      title: 'no request names this brief',
      detail: 'No request known in this workspace has this file as its brief.local_path.',
      state: 'info',
      requests: [],
    });
    workspace.check(REQUEST_PATH);
    assert.deepEqual(
      [lensRowOf(workspace, BRIEF_PATH, 'requests')!.title, lensRowOf(workspace, BRIEF_PATH, 'requests')!.detail],
      ['1 request names this brief', 'One request has this file as their brief.local_path.'],
    );
    workspace.check(OTHER_REQUEST);
    const row = lensRowOf(workspace, BRIEF_PATH, 'requests')!;
    assert.deepEqual([row.title, row.requests], ['2 requests name this brief', [OTHER_REQUEST, REQUEST_PATH]]);
    // Line 16 is `    "local_path": ".alloy/briefs/checkout.yaml"`: the value without its quotes.
    assert.deepEqual(namingRequests(workspace, BRIEF_PATH), [
      { file: OTHER_REQUEST, range: { start: { line: 16, character: 19 }, end: { line: 16, character: 46 } } },
      { file: REQUEST_PATH, range: { start: { line: 16, character: 19 }, end: { line: 16, character: 46 } } },
    ]);
    // A request that names another brief no longer counts once it is checked again.
    workspace.setOverlay(OTHER_REQUEST, requestJson(requestWith((v) => (v.brief.local_path = '.alloy/briefs/other.yaml'))));
    workspace.check(OTHER_REQUEST);
    assert.equal(lensRowOf(workspace, BRIEF_PATH, 'requests')!.title, '1 request names this brief');
  });

  test('its own digest: ✓, stale (fixed in place, comments kept), or no row when it has none', () => {
    let { workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML });
    assert.deepEqual(lensRowOf(workspace, BRIEF_PATH, 'own-digest'), {
      id: 'own-digest',
      title: 'digest ✓',
      detail: `The brief's own digest matches its content (${BRIEF_DIGEST.slice(0, 19)}…).`,
      state: 'ok',
    });
    const stale = briefYaml(undefined, `${WRONG_DIGEST}   # kept`);
    ({ workspace } = memoryWorkspace({ [BRIEF_PATH]: stale }));
    const row = lensRowOf(workspace, BRIEF_PATH, 'own-digest')!;
    assert.deepEqual([row.title, row.state], ['digest stale', 'wrong']);
    assert.equal(row.detail, `The brief's own digest is stale: its content hashes to ${BRIEF_DIGEST}. The fix writes it.`);
    const fixed = applyRowFix(workspace, BRIEF_PATH, 'own-digest');
    assert.equal(fixed, briefYaml(undefined, `${BRIEF_DIGEST}   # kept`));
    workspace.setOverlay(BRIEF_PATH, fixed);
    assertDiagnostics(workspace.check(BRIEF_PATH).diagnostics, []);

    const withoutOwn = BRIEF_YAML.replace(/^digest: .*\n/m, '');
    ({ workspace } = memoryWorkspace({ [BRIEF_PATH]: withoutOwn }));
    assert.deepEqual(lensRowIds(workspace, BRIEF_PATH), ['requests']);
    assert.equal(lensRowOf(workspace, BRIEF_PATH, 'own-digest'), undefined);
  });

  test('other files have no rows, and a row a file does not have is undefined', () => {
    const { workspace } = memoryWorkspace({
      '/repo/package.json': '{"name": "x"}\n',
      [BRIEF_PATH]: BRIEF_YAML,
      [REQUEST_PATH]: REQUEST_JSON,
    });
    assert.deepEqual(lensRowIds(workspace, '/repo/package.json'), []);
    assert.deepEqual(lensRowIds(workspace, '/repo/missing.json'), []);
    assert.equal(lensRowOf(workspace, REQUEST_PATH, 'requests'), undefined);
    assert.equal(lensRowOf(workspace, BRIEF_PATH, 'key'), undefined);
  });
});
