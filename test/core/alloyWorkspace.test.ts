// The workspace: open-editor text over disk, caches by content, and the reverse index from each
// brief to the requests that name it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  REQUEST_PATH,
  assertDiagnostics,
  assertOnly,
  briefDataOf,
  briefYaml,
  expectedBriefDigest,
  memoryWorkspace,
  requestJson,
  requestWith,
} from './fixtures';

const OTHER_BRIEF = '/repo/.alloy/briefs/other.yaml';
const SECOND_REQUEST = '/repo/.alloy/requests/second.json';

function pairWithSecondRequest() {
  return memoryWorkspace({
    [BRIEF_PATH]: BRIEF_YAML,
    [OTHER_BRIEF]: BRIEF_YAML,
    [REQUEST_PATH]: REQUEST_JSON,
    [SECOND_REQUEST]: REQUEST_JSON,
  });
}

describe('reverse index', () => {
  test('two requests naming one brief are both its dependents', () => {
    const { workspace } = pairWithSecondRequest();
    assert.deepEqual(workspace.dependentsOf(BRIEF_PATH), []);
    workspace.check(REQUEST_PATH);
    workspace.check(SECOND_REQUEST);
    assert.deepEqual(workspace.dependentsOf(BRIEF_PATH).sort(), [REQUEST_PATH, SECOND_REQUEST].sort());
    assert.deepEqual(workspace.dependentsOf(OTHER_BRIEF), []);
  });

  test('a request that changes its local_path moves to the other brief', () => {
    const { workspace } = pairWithSecondRequest();
    workspace.check(REQUEST_PATH);
    workspace.check(SECOND_REQUEST);
    workspace.setOverlay(SECOND_REQUEST, requestJson(requestWith((v) => (v.brief.local_path = '.alloy/briefs/other.yaml'))));
    assert.equal(workspace.check(SECOND_REQUEST).briefPath, OTHER_BRIEF);
    assert.deepEqual(workspace.dependentsOf(BRIEF_PATH), [REQUEST_PATH]);
    assert.deepEqual(workspace.dependentsOf(OTHER_BRIEF), [SECOND_REQUEST]);
  });

  test('a request naming a missing brief depends on that path, so creating it can re-check the request', () => {
    const missing = '/repo/.alloy/briefs/later.yaml';
    const { host, workspace } = memoryWorkspace({
      [REQUEST_PATH]: requestJson(requestWith((v) => (v.brief.local_path = '.alloy/briefs/later.yaml'))),
    });
    assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'brief-not-found', 'error', [16, 18, 16, 44]);
    assert.deepEqual(workspace.dependentsOf(missing), [REQUEST_PATH]);
    host.write(missing, BRIEF_YAML);
    workspace.invalidate(missing);
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
  });

  test('a request whose path escapes the root depends on nothing', () => {
    const { workspace } = memoryWorkspace({ [REQUEST_PATH]: requestJson(requestWith((v) => (v.brief.local_path = '../x.yaml'))) });
    assert.equal(workspace.check(REQUEST_PATH).briefPath, undefined);
    assert.deepEqual(workspace.dependentsOf('/x.yaml'), []);
  });

  test('a deleted request is forgotten and leaves the index', () => {
    const { host, workspace } = memoryWorkspace();
    workspace.check(REQUEST_PATH);
    host.remove(REQUEST_PATH);
    workspace.forget(REQUEST_PATH);
    assert.deepEqual(workspace.dependentsOf(BRIEF_PATH), []);
    const report = workspace.check(REQUEST_PATH);
    assert.equal(report.analysis, undefined);
    assert.deepEqual(report.diagnostics, []);
  });
});

describe('overlays and caches', () => {
  test("an overlay on the brief changes the request's result without re-reading the request", () => {
    const { host, workspace } = memoryWorkspace();
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
    assert.equal(host.readCount(REQUEST_PATH), 1);
    assert.equal(host.readCount(BRIEF_PATH), 1);

    const edited = briefYaml((t) => t.replace('refactored.', 'refactored!'));
    workspace.setOverlay(BRIEF_PATH, edited);
    const d = assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'digest-mismatch', 'error', [15, 14, 15, 87]);
    assert.equal(d.data?.expected, expectedBriefDigest(briefDataOf(edited)));

    workspace.removeOverlay(BRIEF_PATH);
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
    assert.equal(host.readCount(REQUEST_PATH), 1);
    assert.equal(host.readCount(BRIEF_PATH), 1, 'the disk text is still cached');
  });

  test('unsaved brief text wins over what is on disk', () => {
    const { host, workspace } = memoryWorkspace();
    workspace.setOverlay(BRIEF_PATH, BRIEF_YAML);
    host.write(
      BRIEF_PATH,
      briefYaml((t) => t.replace('refactored.', 'refactored!')),
    );
    workspace.invalidate(BRIEF_PATH);
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
    assert.equal(host.readCount(BRIEF_PATH), 0);
  });

  test('a changed file on disk is read again only after invalidate()', () => {
    const { host, workspace } = memoryWorkspace();
    workspace.check(REQUEST_PATH);
    host.write(
      BRIEF_PATH,
      briefYaml((t) => t.replace('refactored.', 'refactored!')),
    );
    assertDiagnostics(workspace.check(REQUEST_PATH).diagnostics, []);
    workspace.invalidate(BRIEF_PATH);
    assertOnly(workspace.check(REQUEST_PATH).diagnostics, 'digest-mismatch', 'error', [15, 14, 15, 87]);
    assert.equal(host.readCount(BRIEF_PATH), 2);
  });

  test('the brief is read and analysed once for many requests', () => {
    const files: Record<string, string> = { [BRIEF_PATH]: BRIEF_YAML };
    const requests = Array.from({ length: 5 }, (_, i) => `/repo/.alloy/requests/r${i}.json`);
    for (const r of requests) files[r] = REQUEST_JSON;
    const { host, workspace } = memoryWorkspace(files);
    const briefs = new Set<unknown>();
    for (const r of requests) {
      assertDiagnostics(workspace.check(r).diagnostics, []);
      const lookup = workspace.lookupBrief(workspace.analysisOf(r)!);
      assert.equal(lookup?.kind, 'found');
      briefs.add(lookup?.kind === 'found' ? lookup.brief : undefined);
    }
    assert.equal(host.readCount(BRIEF_PATH), 1);
    assert.equal(briefs.size, 1, 'one analysis (and so one digest computation) of the brief');
    assert.deepEqual(workspace.dependentsOf(BRIEF_PATH).sort(), [...requests].sort());
  });

  test('the same overlay text does not re-analyse a file', () => {
    const { workspace } = memoryWorkspace();
    const first = workspace.analysisOf(BRIEF_PATH);
    workspace.setOverlay(BRIEF_PATH, BRIEF_YAML);
    assert.equal(workspace.analysisOf(BRIEF_PATH), first);
    workspace.setOverlay(BRIEF_PATH, BRIEF_YAML + '# a comment\n');
    assert.notEqual(workspace.analysisOf(BRIEF_PATH), first);
  });

  test('rootOf gives the folder holding .alloy/', () => {
    const { workspace } = memoryWorkspace();
    assert.equal(workspace.rootOf(REQUEST_PATH), '/repo');
  });
});
