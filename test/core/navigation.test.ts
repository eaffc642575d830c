// Core unit tests of navigation: who names a brief (briefReferences.ts), the outline of a file
// (documentSymbols.ts) and the workspace symbol search (symbolSearch.ts), with exact ranges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { briefReferencesAt } from '../../server/src/core/editing/briefReferences';
import { documentSymbolsOf, type AlloySymbol } from '../../server/src/core/editing/documentSymbols';
import { matchQuality, searchSymbols, searchWorkspaceSymbols } from '../../server/src/core/editing/symbolSearch';
import type { Range } from '../../server/src/core/document/lineIndex';
import { MemoryHost } from '../support/memoryHost';

const BRIEF_FILE = '/repo/.alloy/briefs/b.yaml';

const BRIEF = `schema_version: alloy.formation_brief.v1
id: brief_B
version: 1
project_id: p
created_at: "2026-06-06T10:00:00-04:00"
created_by: me
status: draft
mission:
  objective: Do it.
protected_capabilities:
  - statement: ${'A very long statement that goes on. '.repeat(4).trim()}
  - id: "cap_quoted"
    evidence_required: ['ev_inline', "", 7]
evidence_plan:
  suggested:
    - "ev_quoted"
foundry: { entry_event: scan_requested, throttle: dry_run, payload: {} }
"": empty key
`;

/** A request (JSON, one member per line) naming `localPath`; `brief.local_path` is on line 4. */
function request(localPath: string, id = 'runreq_A'): string {
  return [
    '{',
    '  "schema_version": "alloy.foundry_execution_request.v1",',
    `  "request_id": "${id}",`,
    '  "brief": {',
    `    "local_path": "${localPath}", "id": "brief_B"`,
    '  }',
    '}',
    '',
  ].join('\n');
}

function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

function workspaceOf(files: Record<string, string>): AlloyWorkspace {
  return new AlloyWorkspace(new MemoryHost(files), ['/repo']);
}

test('references: the brief id and the checked requests naming the brief; a candidate is re-resolved; an edited request drops out', () => {
  const workspace = workspaceOf({
    [BRIEF_FILE]: BRIEF,
    '/repo/.alloy/requests/a.json': request('.alloy/briefs/b.yaml'),
    '/repo/.alloy/requests/b.json': request('.alloy/briefs/b.yaml'),
    '/repo/.alloy/requests/c.json': request('.alloy/briefs/other.yaml'),
    '/repo/.alloy/requests/unchecked.json': request('.alloy/briefs/b.yaml'),
  });
  for (const name of ['a', 'b', 'c']) workspace.check(`/repo/.alloy/requests/${name}.json`);
  const localPath = range(4, 19, 4, 39);
  const brief = { file: BRIEF_FILE, range: range(1, 4, 1, 11), role: 'brief-id' };
  const a = { file: '/repo/.alloy/requests/a.json', range: localPath, role: 'request' };
  const b = { file: '/repo/.alloy/requests/b.json', range: localPath, role: 'request' };
  assert.deepEqual(briefReferencesAt(workspace, BRIEF_FILE, 0, { includeDeclaration: true }), [brief, a, b]);
  assert.deepEqual(briefReferencesAt(workspace, BRIEF_FILE, 0, { includeDeclaration: false }), [a, b]);

  const unchecked = { file: '/repo/.alloy/requests/unchecked.json', range: localPath, role: 'request' };
  const withCandidate = briefReferencesAt(workspace, BRIEF_FILE, 0, {
    includeDeclaration: false,
    candidates: ['/repo/.alloy/requests/unchecked.json', '/repo/.alloy/requests/c.json', '/repo/nothing.json'],
  });
  assert.deepEqual(withCandidate, [a, b, unchecked]);

  // b.json now names another brief in the editor, not yet re-checked: it is no longer listed.
  workspace.setOverlay('/repo/.alloy/requests/b.json', request('.alloy/briefs/other.yaml'));
  assert.deepEqual(briefReferencesAt(workspace, BRIEF_FILE, 0, { includeDeclaration: false }), [a]);

  // From a request: on its brief member only (offset inside `"local_path"`), the brief first.
  const text = request('.alloy/briefs/b.yaml');
  const onLocalPath = text.indexOf('"local_path"') + 3;
  assert.deepEqual(briefReferencesAt(workspace, '/repo/.alloy/requests/a.json', onLocalPath, { includeDeclaration: false }), [brief, a]);
  assert.deepEqual(
    briefReferencesAt(workspace, '/repo/.alloy/requests/a.json', text.indexOf('runreq_A'), { includeDeclaration: true }),
    [],
  );
});

test('references of a brief written in JSON point at its id without the quotes', () => {
  const json = '{\n  "schema_version": "alloy.formation_brief.v1",\n  "id": "brief_J"\n}\n';
  const workspace = workspaceOf({ '/repo/.alloy/briefs/j.json': json });
  assert.deepEqual(briefReferencesAt(workspace, '/repo/.alloy/briefs/j.json', 0, { includeDeclaration: true }), [
    { file: '/repo/.alloy/briefs/j.json', range: range(2, 9, 2, 16), role: 'brief-id' },
  ]);
});

/** [name, kind, detail, range, selection, children?] with ranges as `l:c-l:c`. */
function rows(symbols: AlloySymbol[]): unknown[] {
  const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  return symbols.map((s) => {
    const row: unknown[] = [s.name, s.kind, s.detail, at(s.range), at(s.selectionRange)];
    if (s.children.length > 0) row.push(rows(s.children));
    return row;
  });
}

test('outline edge cases: a capability without an id, quoted ids and items, a cut statement, non-string items, an empty key', () => {
  const workspace = workspaceOf({ [BRIEF_FILE]: BRIEF });
  const symbols = documentSymbolsOf(workspace.analysisOf(BRIEF_FILE)!);
  const capabilities = symbols.find((s) => s.name === 'protected_capabilities')!;
  const statement = 'A very long statement that goes on. '.repeat(4).trim();
  assert.deepEqual(rows(capabilities.children), [
    ['[0]', 'capability', statement.slice(0, 79) + '…', '10:4-11:0', '10:4-11:0'],
    [
      'cap_quoted',
      'capability',
      undefined,
      '11:4-13:0',
      '11:9-11:19',
      [
        ['ev_inline', 'evidence', undefined, '12:25-12:34', '12:25-12:34'],
        ['[1]', 'evidence', undefined, '12:38-12:38', '12:38-12:38'],
        ['7', 'evidence', undefined, '12:41-12:42', '12:41-12:42'],
      ],
    ],
  ]);
  assert.deepEqual(rows(symbols.find((s) => s.name === 'evidence_plan')!.children), [
    ['suggested', 'array', '1 item', '14:2-16:0', '14:2-14:11', [['ev_quoted', 'evidence', undefined, '15:7-15:16', '15:7-15:16']]],
  ]);
  assert.deepEqual(rows(symbols.slice(-2)), [
    [
      'foundry',
      'object',
      undefined,
      '16:0-16:72',
      '16:0-16:7',
      [
        ['entry_event', 'string', 'scan_requested', '16:11-16:38', '16:11-16:22'],
        ['throttle', 'string', 'dry_run', '16:40-16:57', '16:40-16:48'],
        ['payload', 'object', undefined, '16:59-16:70', '16:59-16:66'],
      ],
    ],
    ['""', 'string', 'empty key', '17:0-17:13', '17:0-17:2'],
  ]);
});

test('no outline for files that are not requests or briefs, or hold no data', () => {
  const workspace = workspaceOf({
    '/repo/package.json': '{ "name": "x" }',
    '/repo/.alloy/requests/broken.json': '{ "schema_version": ',
    '/repo/.alloy/requests/list.json': '[1, 2]',
  });
  assert.deepEqual(documentSymbolsOf(workspace.analysisOf('/repo/package.json')!), []);
  assert.deepEqual(documentSymbolsOf(workspace.analysisOf('/repo/.alloy/requests/list.json')!), []);
  const broken = workspace.analysisOf('/repo/.alloy/requests/broken.json')!;
  assert.ok(documentSymbolsOf(broken).every((s) => s.name === 'schema_version'));
});

test('match quality: exact, prefix, substring, characters in order, none; case-insensitive; empty matches all', () => {
  assert.equal(matchQuality('brief_b', 'brief_B'), 0);
  assert.equal(matchQuality('BRIEF', 'brief_B'), 1);
  assert.equal(matchQuality('ief_', 'brief_B'), 2);
  assert.equal(matchQuality('bfb', 'brief_B'), 3);
  assert.equal(matchQuality('bb_', 'brief_B'), undefined, 'in order only');
  assert.equal(matchQuality('', 'anything'), 3);
  const items = ['runreq_xb', 'b', 'brief_b', 'abc', 'xbx'].map((name) => ({ name, file: `/f/${name}` }));
  assert.deepEqual(
    searchSymbols(items, 'b', 10).map((i) => i.name),
    ['b', 'brief_b', 'abc', 'runreq_xb', 'xbx'],
  );
  assert.deepEqual(
    searchSymbols(items, 'b', 2).map((i) => i.name),
    ['b', 'brief_b'],
  );
});

test('workspace symbols: ranges read at search time; an id changed since it was indexed is matched again', () => {
  const workspace = workspaceOf({ '/repo/.alloy/requests/a.json': request('x.yaml', 'runreq_OLD') });
  const indexed = [{ name: 'runreq_OLD', file: '/repo/.alloy/requests/a.json' }];
  assert.deepEqual(searchWorkspaceSymbols(workspace, indexed, 'old', 10), [
    { name: 'runreq_OLD', kind: 'request', file: '/repo/.alloy/requests/a.json', range: range(2, 17, 2, 27) },
  ]);
  workspace.setOverlay('/repo/.alloy/requests/a.json', request('x.yaml', 'runreq_NEW'));
  assert.deepEqual(searchWorkspaceSymbols(workspace, indexed, 'old', 10), []);
  assert.deepEqual(
    searchWorkspaceSymbols(workspace, indexed, '', 10).map((s) => s.name),
    ['runreq_NEW'],
  );
});
