// Pre-v1 briefs: recognised with one `pre-v1-brief` diagnostic, and migrated to v1 so that the only
// diagnostics left are the marked placeholders (exact codes and ranges), for both upstream shapes
// (domain-notes §3b in YAML, §3c in JSON); values moved, comments and line endings kept.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile, type FileAnalysis } from '../../server/src/core/rules/fileAnalysis';
import { migrateBrief } from '../../server/src/core/editing/briefMigration';
import { MIGRATION_PLACEHOLDER_PREFIX } from '../../server/src/core/schema/migrationPlaceholder';
import { applyEdits } from '../../server/src/core/editing/textEdit';
import {
  assertDiagnostics,
  assertOnly,
  briefDataOf,
  checkBriefText,
  memoryWorkspace,
  rangeOfText,
  requestJson,
  requestValue,
  ROOT,
} from './fixtures';
import { MINIMAL_JSON, MINIMAL_V1, SECTIONS_V1, SECTIONS_YAML } from './preV1Templates';

const YAML_PATH = `${ROOT}/.alloy/briefs/checkout-payment.yaml`;
const JSON_PATH = `${ROOT}/.alloy/briefs/example.json`;

function analysed(path: string, text: string): FileAnalysis {
  const analysis = analyzeFile(path, text);
  assert.ok(analysis);
  return analysis;
}

function migrated(path: string, text: string) {
  const result = migrateBrief(analysed(path, text));
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

/** Every placeholder replaced by a real value (a JSON string, which YAML reads the same). */
function filled(text: string): string {
  const values: [RegExp, string][] = [
    [/"TODO\(alloy migrate\): who created the brief"/g, 'stacey'],
    [/"TODO\(alloy migrate\): when the brief was created[^"]*"/g, '2026-06-06T10:00:00-04:00'],
    [/"TODO\(alloy migrate\): an id for this capability[^"]*"/g, 'alloy.capability.filled-in'],
    [/"TODO\(alloy migrate\): the id of the prompt pack[^"]*"/g, 'prompt_pack_01HZ_EXAMPLE'],
    [/"TODO\(alloy migrate\): that prompt pack's digest[^"]*"/g, `sha256:${'a'.repeat(64)}`],
  ];
  let out = text;
  for (const [pattern, value] of values) out = out.replace(pattern, JSON.stringify(value));
  assert.ok(!out.includes(MIGRATION_PLACEHOLDER_PREFIX), out);
  return out;
}

test('the §3b YAML example in .alloy/briefs/ gets exactly one pre-v1-brief error, on its brief_id key', () => {
  const d = assertOnly(checkBriefText(SECTIONS_YAML, YAML_PATH), 'pre-v1-brief', 'error', [0, 0, 0, 8]);
  assert.match(
    d.message,
    /^A pre-v1 Formation Brief \(no schema_version; "brief_id", "project", "source_intent", "source_graph_version", "strategies_to_prefer", "foundry_runtime"\)/,
  );
});

test('the §3c JSON template gets exactly one pre-v1-brief error, on "brief_id"', () => {
  assertOnly(checkBriefText(MINIMAL_JSON, JSON_PATH), 'pre-v1-brief', 'error', [1, 2, 1, 12]);
});

test('outside .alloy/briefs/ a pre-v1 brief is recognised by brief_id and one more pre-v1 key; one such key alone is not', () => {
  const elsewhere = `${ROOT}/docs/old-brief.json`;
  const { workspace } = memoryWorkspace({ [elsewhere]: MINIMAL_JSON, [`${ROOT}/docs/other.json`]: '{ "project": "x", "mission": {} }' });
  assert.equal(workspace.analysisOf(elsewhere)?.kind, 'brief');
  assertOnly(workspace.check(elsewhere).diagnostics, 'pre-v1-brief', 'error', [1, 2, 1, 12]);
  assert.equal(workspace.analysisOf(`${ROOT}/docs/other.json`)?.kind, undefined);
  assert.deepEqual(workspace.check(`${ROOT}/docs/other.json`).diagnostics, []);
});

test('a brief with schema_version is never pre-v1: an old key there is an unknown property (with its did-you-mean)', () => {
  const text = SECTIONS_YAML.replace('brief_id:', 'schema_version: alloy.formation_brief.v1\nbrief_id:');
  const codes = checkBriefText(text, YAML_PATH).map((d) => d.code);
  assert.ok(!codes.includes('pre-v1-brief'));
  assert.ok(codes.includes('unknown-property'));
});

test('the §3b YAML example migrates to v1 data whose only diagnostics are its three placeholders', () => {
  const result = migrated(YAML_PATH, SECTIONS_YAML);
  assert.deepEqual(briefDataOf(result.text), SECTIONS_V1);
  const diagnostics = checkBriefText(result.text, YAML_PATH);
  assertDiagnostics(diagnostics, [
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, `"${SECTIONS_V1.created_by}"`) },
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, `"${SECTIONS_V1.protected_capabilities[0].id}"`) },
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, `"${SECTIONS_V1.protected_capabilities[1].id}"`) },
  ]);
  assert.equal(diagnostics[0].message, 'Placeholder left by the migration to v1: who created the brief. Replace it with the real value.');
  // Filled in, the brief checks clean: the placeholders were the only thing missing.
  assert.deepEqual(checkBriefText(filled(result.text), YAML_PATH), []);
});

test('the §3c JSON template migrates to v1 data whose only diagnostics are its four placeholders', () => {
  const result = migrated(JSON_PATH, MINIMAL_JSON);
  assert.deepEqual(JSON.parse(result.text), MINIMAL_V1);
  assertDiagnostics(checkBriefText(result.text, JSON_PATH), [
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, JSON.stringify(MINIMAL_V1.created_at)) },
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, JSON.stringify(MINIMAL_V1.created_by)) },
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, JSON.stringify(MINIMAL_V1.prompt_pack.id)) },
    { code: 'placeholder', severity: 'error', range: rangeOfText(result.text, JSON.stringify(MINIMAL_V1.prompt_pack.digest)) },
  ]);
  assert.deepEqual(checkBriefText(filled(result.text), JSON_PATH), []);
  // The JSON keeps the file's two-space indentation.
  assert.ok(result.text.startsWith('{\n  "schema_version": "alloy.formation_brief.v1",\n  "id": "brief_example",\n'), result.text);
});

test('a placeholder silences the schema error on its own value (a pattern, a format, an enum)', () => {
  const result = migrated(JSON_PATH, MINIMAL_JSON.replace('"entry_event": "iteration_requested",\n', ''));
  const diagnostics = checkBriefText(result.text, JSON_PATH);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['placeholder', 'placeholder', 'placeholder', 'placeholder', 'placeholder'],
  );
  assert.ok(diagnostics.some((d) => d.message.includes('the entry event, e.g. iteration_requested')));
});

test('every change is a note, and every placeholder is one of them: nothing is silent', () => {
  const result = migrated(YAML_PATH, SECTIONS_YAML);
  const placeholders = result.notes.filter((n) => n.kind === 'placeholder').map((n) => n.path);
  assert.deepEqual(placeholders, ['created_by', 'protected_capabilities[0].id', 'protected_capabilities[1].id']);
  const byPath = Object.fromEntries(result.notes.map((n) => [n.path, n]));
  assert.equal(byPath['foundry_runtime.throttle'].kind, 'derived');
  assert.match(byPath['foundry_runtime.throttle'].message, /"dry_run_first_then_full" is not a Foundry throttle: made dry_run/);
  assert.equal(byPath.version.message, 'added: 1 (a pre-v1 brief has no version; this is its first v1 version)');
  assert.match(byPath.status.message, /^added: draft/);
  assert.match(byPath.brief_id.message, /"alloy\.brief\.checkout-payment\.2026-06-06" became "brief_checkout_payment_2026_06_06"/);
  assert.equal(byPath.source_graph_version.kind, 'kept');
});

test('YAML: comments are kept, and a member v1 has no place for becomes a comment', () => {
  const text = `# The checkout brief, before v1.\n${SECTIONS_YAML.replace('  objective:', '  # why we do it\n  objective:').replace(
    '  max_iterations: 3',
    '  max_iterations: 3 # three loops at most',
  )}`;
  const result = migrated(YAML_PATH, text);
  assert.ok(result.text.startsWith('# The checkout brief, before v1.\nschema_version: alloy.formation_brief.v1\n'), result.text);
  assert.ok(result.text.includes('  # why we do it\n  objective: Implement'));
  assert.ok(result.text.includes('    max_iterations: 3 # three loops at most\n'));
  assert.ok(result.text.includes('# source_graph_version: alloy.graph.v17\n'));
  assert.equal(briefDataOf(result.text).source_graph_version, undefined);
});

test('JSON: a member v1 has no place for stays where it was, with its unknown-property warning', () => {
  const text = MINIMAL_JSON.replace(
    '"project": "example-project",',
    '"project": "example-project",\n  "source_graph_version": "alloy.graph.v17",',
  );
  const result = migrated(JSON_PATH, text);
  assert.equal(JSON.parse(result.text).source_graph_version, 'alloy.graph.v17');
  const unknown = checkBriefText(result.text, JSON_PATH).filter((d) => d.code !== 'placeholder');
  assertDiagnostics(unknown, [
    { code: 'unknown-property', severity: 'warning', range: rangeOfText(result.text, '"source_graph_version"') },
  ]);
  assert.equal(result.notes.find((n) => n.path === 'source_graph_version')?.kind, 'kept');
});

test('throttle: full is kept, a missing throttle becomes dry_run, an unknown one dry_run', () => {
  const throttleOf = (text: string) => (JSON.parse(migrated(JSON_PATH, text).text) as typeof MINIMAL_V1).foundry.throttle;
  assert.equal(throttleOf(MINIMAL_JSON.replace('"throttle": "dry_run"', '"throttle": "full"')), 'full');
  assert.equal(throttleOf(MINIMAL_JSON.replace('"throttle": "dry_run"', '"throttle": "audit_only"')), 'dry_run');
  assert.equal(throttleOf(MINIMAL_JSON.replace('"throttle": "dry_run",\n', '')), 'dry_run');
});

test('a capability name that reads as an id becomes the id, and the statement is the placeholder', () => {
  const text = SECTIONS_YAML.replace('  - name: Preserve stable payment failure semantics', '  - name: alloy.capability.stable-failures');
  const result = migrated(YAML_PATH, text);
  const data = briefDataOf(result.text) as typeof SECTIONS_V1;
  assert.deepEqual(data.protected_capabilities[1], {
    id: 'alloy.capability.stable-failures',
    statement: `${MIGRATION_PLACEHOLDER_PREFIX}what must remain true for alloy.capability.stable-failures`,
    severity: 'medium',
  });
});

test('CRLF line endings stay CRLF, and the edits applied one by one give the same text', () => {
  const crlf = SECTIONS_YAML.replace(/\n/g, '\r\n');
  const result = migrated(YAML_PATH, crlf);
  assert.ok(!/[^\r]\n/.test(result.text), 'a bare LF was written');
  assert.deepEqual(briefDataOf(result.text), SECTIONS_V1);
  // The quick fix hands the same edits to the editor, which applies them without overlaps.
  assert.equal(applyEdits(crlf, result.edits), result.text);
});

test('flow-style YAML and one-line JSON migrate too, with only placeholders left', () => {
  const flow = `{brief_id: alloy.brief.x, project: p, mission: {objective: Go}, foundry_runtime: {entry_event: scan_requested, throttle: dry_run_first_then_full}}\n`;
  const yaml = migrated(YAML_PATH, flow);
  assert.deepEqual(
    checkBriefText(yaml.text, YAML_PATH).map((d) => d.code),
    ['placeholder', 'placeholder'],
  );
  assert.deepEqual((briefDataOf(yaml.text) as Record<string, unknown>).foundry, {
    entry_event: 'scan_requested',
    throttle: 'dry_run',
    payload: {},
  });
  const json = migrated(JSON_PATH, JSON.stringify({ brief_id: 'brief_01HZ_X', project: 'p', source_intent: { product: ['a'] } }));
  const data = JSON.parse(json.text);
  assert.equal(data.id, 'brief_01HZ_X');
  assert.deepEqual(data.mission, {
    objective: `${MIGRATION_PLACEHOLDER_PREFIX}the mission's objective in a sentence or two`,
    product_intent_refs: ['a'],
  });
  assert.deepEqual(
    checkBriefText(json.text, JSON_PATH).map((d) => d.code),
    ['placeholder', 'placeholder', 'placeholder', 'placeholder'],
  );
  // Flow items in a block sequence, an empty mission, a flow source_intent moved into it.
  const mixed =
    'brief_id: b\nproject: p\nprotected_capabilities:\n- {name: Keep it working, severity: high}\nmission: {}\nsource_intent: {product: [a, b]}\n';
  const m = migrated(YAML_PATH, mixed);
  assert.ok(
    m.text.includes(
      '\nmission:\n  objective: "TODO(alloy migrate): the mission\'s objective in a sentence or two"\n  product_intent_refs: [a, b]\n',
    ),
    m.text,
  );
  assert.ok(
    m.text.includes(
      '- {id: "TODO(alloy migrate): an id for this capability, e.g. alloy.capability.keep-it-working", statement: Keep it working, severity: high}\n',
    ),
    m.text,
  );
  assert.deepEqual(
    checkBriefText(m.text, YAML_PATH).map((d) => d.code),
    ['placeholder', 'placeholder', 'placeholder', 'placeholder', 'placeholder'],
  );
});

test('no migration for a v1 brief, a request or a file that does not parse; each says why', () => {
  const v1 = migrateBrief(analysed(YAML_PATH, 'schema_version: alloy.formation_brief.v1\nid: brief_x\n'));
  assert.deepEqual(v1, {
    ok: false,
    reason: 'it already has schema_version "alloy.formation_brief.v1"; only a pre-v1 brief (without one) is migrated',
  });
  const request = migrateBrief(analysed(`${ROOT}/.alloy/requests/run.json`, requestJson(requestValue())));
  assert.equal(request.ok, false);
  const broken = migrateBrief(analysed(JSON_PATH, '{ "brief_id": "x", '));
  assert.deepEqual(broken, { ok: false, reason: 'the file does not parse as one object; fix its syntax errors first' });
});

test('a request naming a pre-v1 brief is refused as brief-invalid, pointing at the pre-v1-brief error', () => {
  const request = requestValue();
  const { workspace } = memoryWorkspace({
    [`${ROOT}/.alloy/briefs/checkout.yaml`]: SECTIONS_YAML,
    [`${ROOT}/.alloy/requests/run.json`]: requestJson(request),
  });
  const diagnostics = workspace.check(`${ROOT}/.alloy/requests/run.json`).diagnostics;
  const invalid = diagnostics.find((d) => d.code === 'brief-invalid');
  assert.ok(invalid, diagnostics.map((d) => d.code).join());
  assert.match(invalid.message, /pre-v1-brief/);
});

test('with any one top-level member taken out, either template still migrates to nothing but placeholders', () => {
  const cases: [string, string][] = [];
  const json = JSON.parse(MINIMAL_JSON) as Record<string, unknown>;
  for (const key of Object.keys(json)) {
    const { [key]: _gone, ...rest } = json;
    cases.push([JSON_PATH, JSON.stringify(rest, null, 2)]);
  }
  const blocks = SECTIONS_YAML.split(/\n(?=[a-z_]+:)/);
  for (let i = 0; i < blocks.length; i++) cases.push([YAML_PATH, blocks.filter((_, j) => j !== i).join('\n')]);
  assert.equal(cases.length, 12 + 13);
  for (const [path, text] of cases) {
    const result = migrateBrief(analysed(path, text));
    assert.ok(result.ok, `${result.ok ? '' : result.reason}\n${text}`);
    const codes = new Set(checkBriefText(result.text, path).map((d) => d.code));
    assert.deepEqual([...codes], ['placeholder'], result.text);
  }
});
