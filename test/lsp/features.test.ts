// Protocol tests: hover, completion, quick fixes, document links and go-to-definition.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CodeActionRequest,
  CompletionItemKind,
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  HoverRequest,
  type CodeAction,
  type Command,
  type LocationLink,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BRIEF_DIGEST, keyFor, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { codes, summarize, within, type LspSession } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

/** Opens a request (also written to disk) in a server that does not scan, and waits for its diagnostics. */
async function openRequest(name: string, text: string) {
  server.fixture.write(`.alloy/requests/${name}`, text);
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri(`.alloy/requests/${name}`);
  await s.open(uri, text);
  const published = await s.waitForDiagnostics(uri);
  return { s, uri, published };
}

function isCodeAction(item: Command | CodeAction): item is CodeAction {
  return 'kind' in item || 'edit' in item;
}

/** Applies a quick fix's edits for `uri`, sends the new text, and returns the next diagnostics. */
async function applyAndRecheck(s: LspSession, uri: string, text: string, action: CodeAction) {
  const edits: TextEdit[] = action.edit?.changes?.[uri] ?? [];
  assert.ok(edits.length > 0, 'the quick fix edits the request');
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, text), edits);
  const since = s.mark();
  const version = await s.change(uri, fixed);
  const published = await s.waitForDiagnostics(uri, (p) => p.version === version, since);
  return { fixed, diagnostics: published.diagnostics };
}

test('hover on brief.digest shows markdown naming the computed digest, over the value', async () => {
  const { s, uri } = await openRequest('r.json', requestJson({ digest: WRONG_DIGEST }));
  const hover = await within(
    s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 14, character: 30 } }),
    'hover',
  );
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  assert.ok(contents.value.includes(BRIEF_DIGEST), `hover names ${BRIEF_DIGEST}: ${contents.value}`);
  assert.deepEqual(hover.range, { start: { line: 14, character: 14 }, end: { line: 14, character: 87 } });
});

test('completion of a throttle value offers the values of the schema, with markdown docs', async () => {
  const text = requestJson().replace('"throttle": "dry_run"', '"throttle": ');
  const { s, uri } = await openRequest('r.json', text);
  assert.equal(text.split('\n')[19], '    "throttle": ,');
  const result = await within(
    s.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 19, character: 16 },
      context: { triggerKind: 2, triggerCharacter: ' ' },
    }),
    'completion',
  );
  const items = result === null ? [] : Array.isArray(result) ? result : result.items;
  assert.deepEqual(items.map((i) => i.label).sort(), ['dry_run', 'full']);
  for (const item of items) {
    assert.equal(item.kind, CompletionItemKind.Value);
    assert.equal((item.documentation as MarkupContent).kind, 'markdown');
  }
});

test('the digest-mismatch quick fix writes the digest and the key, and the request re-checks clean', async () => {
  const text = requestJson({ digest: WRONG_DIGEST });
  const { s, uri, published } = await openRequest('r.json', text);
  assert.deepEqual(codes(published.diagnostics), ['digest-mismatch']);
  const mismatch = published.diagnostics[0];
  const actions = await within(
    s.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: mismatch.range,
      context: { diagnostics: [mismatch], only: ['quickfix'] },
    }),
    'code actions',
  );
  const fixes = (actions ?? []).filter(isCodeAction).filter((a) => a.diagnostics?.some((d) => d.code === 'digest-mismatch'));
  assert.equal(fixes.length, 1);
  const [fix] = fixes;
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(summarize(fix.diagnostics!), [['digest-mismatch', 14, 14, 14, 87]]);
  assert.deepEqual(Object.keys(fix.edit!.changes!), [uri]);
  const { fixed, diagnostics } = await applyAndRecheck(s, uri, text, fix);
  assert.equal(fixed, requestJson(), 'the fix writes the brief digest and the key that follows from it, nothing else');
  assert.deepEqual(diagnostics, []);
});

test('the idempotency-key quick fix recomputes the key', async () => {
  const text = requestJson({ key: keyFor(WRONG_DIGEST) });
  const { s, uri, published } = await openRequest('r.json', text);
  assert.deepEqual(summarize(published.diagnostics), [['idempotency-key-mismatch', 3, 21, 3, 94]]);
  // A cursor anywhere on the key is enough; the client need not send the diagnostic.
  const actions = await within(
    s.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 3, character: 40 }, end: { line: 3, character: 40 } },
      context: { diagnostics: [] },
    }),
    'code actions',
  );
  const fix = (actions ?? []).filter(isCodeAction).find((a) => a.diagnostics?.some((d) => d.code === 'idempotency-key-mismatch'));
  assert.ok(fix, 'a quick fix for the key');
  const { diagnostics } = await applyAndRecheck(s, uri, text, fix);
  assert.deepEqual(
    codes(diagnostics).filter((c) => c === 'digest-mismatch' || c === 'idempotency-key-mismatch'),
    [],
  );
  assert.deepEqual(diagnostics, []);
});

test('no quick fixes are offered away from the diagnostics, or when only other kinds are asked for', async () => {
  const { s, uri, published } = await openRequest('r.json', requestJson({ digest: WRONG_DIGEST }));
  const elsewhere = await s.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(elsewhere, []);
  const refactorOnly = await s.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: published.diagnostics[0].range,
    context: { diagnostics: published.diagnostics, only: ['refactor'] },
  });
  assert.deepEqual(refactorOnly, []);
});

test('document links from brief.local_path and brief.id lead to the brief file', async () => {
  const { s, uri } = await openRequest('r.json', requestJson());
  const links = await within(s.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }), 'document links');
  const briefUri = server.fixture.uri('.alloy/briefs/x.yaml');
  assert.deepEqual(
    (links ?? []).map((l) => [l.target, l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character]),
    [
      [briefUri, 15, 19, 15, 39],
      [briefUri, 12, 11, 12, 25],
    ],
  );
});

test('go-to-definition on local_path answers a link to the brief, revealing its id', async () => {
  const { s, uri } = await openRequest('r.json', requestJson());
  const result = await within(
    s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 15, character: 25 } }),
    'definition',
  );
  const [link] = result as LocationLink[];
  assert.equal(link.targetUri, server.fixture.uri('.alloy/briefs/x.yaml'));
  assert.deepEqual(link.originSelectionRange, { start: { line: 15, character: 19 }, end: { line: 15, character: 39 } });
  assert.deepEqual(link.targetSelectionRange, { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } });
  const nothing = await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 4, character: 20 } });
  assert.deepEqual(nothing, []);
});

test('no link when local_path names a missing brief or leaves the repository', async () => {
  const { s, uri, published } = await openRequest('r.json', requestJson({ localPath: '../outside/x.yaml' }));
  assert.deepEqual(codes(published.diagnostics), ['brief-path-escapes-root']);
  assert.deepEqual(await s.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }), []);
  const since = s.mark();
  const version = await s.change(uri, requestJson({ localPath: '.alloy/briefs/missing.yaml' }));
  assert.deepEqual(codes((await s.waitForDiagnostics(uri, (p) => p.version === version, since)).diagnostics), ['brief-not-found']);
  assert.deepEqual(await s.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }), []);
});
