// Protocol test of the pre-v1 migration: over stdio, a pre-v1 brief (both upstream shapes) is
// published with one `pre-v1-brief` error, its code action is the migration, and once its edits
// are applied the only diagnostics left are the marked placeholders, at their exact ranges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeActionRequest, DiagnosticSeverity, type CodeAction, type Command, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../../server/src/core/rules/fileAnalysis';
import { migrateBrief } from '../../server/src/core/editing/briefMigration';
import { MIGRATION_FIX_TITLE } from '../../server/src/core/editing/migrationFix';
import { codes, summarize, within, type LspSession } from '../support/lspSession';
import { MINIMAL_JSON, MINIMAL_V1, SECTIONS_V1, SECTIONS_YAML } from '../core/preV1Templates';
import { rangeOfText } from '../core/fixtures';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

function isCodeAction(item: Command | CodeAction): item is CodeAction {
  return 'kind' in item || 'edit' in item;
}

async function openBrief(
  name: string,
  text: string,
): Promise<{ s: LspSession; uri: string; diagnostics: import('vscode-languageserver-protocol').Diagnostic[] }> {
  server.fixture.write(`.alloy/briefs/${name}`, text);
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri(`.alloy/briefs/${name}`);
  await s.open(uri, text);
  const published = await s.waitForDiagnostics(uri);
  return { s, uri, diagnostics: published.diagnostics };
}

async function actionsAt(
  s: LspSession,
  uri: string,
  diagnostic: import('vscode-languageserver-protocol').Diagnostic,
): Promise<CodeAction[]> {
  const actions = await within(
    s.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    }),
    'code actions',
  );
  return (actions ?? []).filter(isCodeAction);
}

/** Opens, asks for the fix, applies it, and returns the text and the diagnostics published for it. */
async function migrateOverStdio(name: string, text: string, preV1Range: [number, number, number, number]) {
  const { s, uri, diagnostics } = await openBrief(name, text);
  assert.deepEqual(summarize(diagnostics), [['pre-v1-brief', ...preV1Range]]);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.equal(diagnostics[0].source, 'alloy');
  const actions = await actionsAt(s, uri, diagnostics[0]);
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred]),
    [[MIGRATION_FIX_TITLE, 'quickfix', true]],
  );
  const [fix] = actions;
  assert.deepEqual(summarize(fix.diagnostics!), [['pre-v1-brief', ...preV1Range]]);
  assert.deepEqual(Object.keys(fix.edit!.changes!), [uri]);
  const edits: TextEdit[] = fix.edit!.changes![uri];
  const migrated = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
  const since = s.mark();
  const version = await s.change(uri, migrated);
  const after = await s.waitForDiagnostics(uri, (p) => p.version === version, since);
  return { s, uri, migrated, diagnostics: after.diagnostics };
}

test('the §3b YAML example: one pre-v1-brief error, one quick fix, then only its three placeholders', async () => {
  const { migrated, diagnostics } = await migrateOverStdio('checkout-payment.yaml', SECTIONS_YAML, [0, 0, 0, 8]);
  // The editor's text is exactly what `alloy migrate` prints.
  const core = migrateBrief(analyzeFile('/r/.alloy/briefs/checkout-payment.yaml', SECTIONS_YAML)!);
  assert.ok(core.ok);
  assert.equal(migrated, core.text);
  assert.deepEqual(summarize(diagnostics), [
    ['placeholder', ...rangeOfText(migrated, `"${SECTIONS_V1.created_by}"`)],
    ['placeholder', ...rangeOfText(migrated, `"${SECTIONS_V1.protected_capabilities[0].id}"`)],
    ['placeholder', ...rangeOfText(migrated, `"${SECTIONS_V1.protected_capabilities[1].id}"`)],
  ]);
  assert.ok(
    diagnostics.every((d) => d.severity === DiagnosticSeverity.Error && d.message.startsWith('Placeholder left by the migration to v1: ')),
  );
});

test('the §3c JSON template: one pre-v1-brief error, one quick fix, then only its four placeholders', async () => {
  const { migrated, diagnostics } = await migrateOverStdio('example.json', MINIMAL_JSON, [1, 2, 1, 12]);
  assert.deepEqual(JSON.parse(migrated), MINIMAL_V1);
  assert.deepEqual(codes(diagnostics), ['placeholder', 'placeholder', 'placeholder', 'placeholder']);
  assert.deepEqual(summarize(diagnostics)[3], ['placeholder', ...rangeOfText(migrated, JSON.stringify(MINIMAL_V1.prompt_pack.digest))]);
});

test('once migrated, no code action migrates again: the placeholders have none, nor has the whole v1 text', async () => {
  const { s, uri, migrated, diagnostics } = await migrateOverStdio('example.json', MINIMAL_JSON, [1, 2, 1, 12]);
  for (const d of diagnostics) assert.deepEqual(await actionsAt(s, uri, d), []);
  const lines = migrated.split('\n');
  const whole = await within(
    s.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } },
      context: { diagnostics },
    }),
    'code actions over the whole text',
  );
  assert.ok(!(whole ?? []).some((a) => a.title === MIGRATION_FIX_TITLE));
});
