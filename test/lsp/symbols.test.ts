// Protocol tests: textDocument/documentSymbol (a tree for clients that support it, flat otherwise)
// and workspace/symbol (brief and request ids across the workspace, substring and fuzzy queries).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DocumentSymbolRequest,
  FileChangeType,
  WorkspaceSymbolRequest,
  type ClientCapabilities,
  type DocumentSymbol,
  type Range,
  type SymbolInformation,
  type WorkspaceSymbol,
} from 'vscode-languageserver-protocol/node';
import { BRIEF_DIGEST, BRIEF_YAML, requestJson } from './fixtureWorkspace';
import { within, type LspSession } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

const BRIEF = '.alloy/briefs/x.yaml';
const REQUEST = '.alloy/requests/r.json';

const HIERARCHICAL: ClientCapabilities = {
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  window: { workDoneProgress: true },
  textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
};
const FLAT: ClientCapabilities = { ...HIERARCHICAL, textDocument: {} };

/** `l:c-l:c` */
function at(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

type Compact = [string, number, string | undefined, string, string, Compact[]?];

/** [name, kind, detail, range, selectionRange, children (when any)] */
function compact(symbol: DocumentSymbol): Compact {
  const row: Compact = [symbol.name, symbol.kind, symbol.detail, at(symbol.range), at(symbol.selectionRange)];
  if (symbol.children && symbol.children.length > 0) row.push(symbol.children.map(compact));
  return row;
}

function documentSymbols(s: LspSession, uri: string): Promise<DocumentSymbol[] | SymbolInformation[] | null> {
  return within(s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), 'document symbols');
}

function workspaceSymbols(s: LspSession, query: string): Promise<WorkspaceSymbol[]> {
  return within(s.connection.sendRequest(WorkspaceSymbolRequest.type, { query }), 'workspace symbols') as Promise<WorkspaceSymbol[]>;
}

// Kinds: 2 Module (object), 11 Interface (capability), 15 String, 16 Number, 18 Array, 24 Event (evidence).
const BRIEF_OUTLINE: Compact[] = [
  ['schema_version', 15, 'alloy.formation_brief.v1', '0:0-0:40', '0:0-0:14'],
  ['id', 15, 'brief_CHECKOUT', '1:0-1:18', '1:0-1:2'],
  ['version', 16, '2', '2:0-2:10', '2:0-2:7'],
  ['project_id', 15, 'checkout-service', '3:0-3:28', '3:0-3:10'],
  ['created_at', 15, '2026-06-06T10:00:00-04:00', '4:0-4:39', '4:0-4:10'],
  ['created_by', 15, 'stacey', '5:0-5:18', '5:0-5:10'],
  ['status', 15, 'compiled', '6:0-6:16', '6:0-6:6'],
  ['mission', 2, undefined, '7:0-9:0', '7:0-7:7', [['objective', 15, 'Make checkout idempotent.', '8:2-8:38', '8:2-8:11']]],
  [
    'protected_capabilities',
    18,
    '1 item',
    '9:0-12:0',
    '9:0-9:22',
    [['cap_payment', 11, 'Payments are charged once.', '10:4-12:0', '10:8-10:19']],
  ],
  [
    'evidence_plan',
    2,
    undefined,
    '12:0-15:0',
    '12:0-12:13',
    [['required', 18, '1 item', '13:2-15:0', '13:2-13:10', [['payment_tests_pass', 24, undefined, '14:6-14:24', '14:6-14:24']]]],
  ],
  [
    'foundry',
    2,
    undefined,
    '15:0-20:0',
    '15:0-15:7',
    [
      ['entry_event', 15, 'iteration_requested', '16:2-16:34', '16:2-16:13'],
      ['throttle', 15, 'dry_run', '17:2-17:19', '17:2-17:10'],
      ['payload', 2, undefined, '18:2-20:0', '18:2-18:9'],
    ],
  ],
];

test('the outline of a brief: sections, members, each protected capability by id and each evidence item, with exact ranges', async () => {
  const s = await server.start({ capabilities: HIERARCHICAL, initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri(BRIEF);
  await s.open(uri, BRIEF_YAML);
  const symbols = (await documentSymbols(s, uri)) as DocumentSymbol[];
  assert.deepEqual(symbols.map(compact), BRIEF_OUTLINE);
});

test('the outline of a request: its sections and their members, with exact ranges (an unopened file too)', async () => {
  server.fixture.write(REQUEST, requestJson());
  const s = await server.start({ capabilities: HIERARCHICAL, initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const symbols = (await documentSymbols(s, server.fixture.uri(REQUEST))) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((symbol) => symbol.name),
    ['schema_version', 'request_id', 'idempotency_key', 'project_id', 'requested_by', 'repo', 'brief', 'foundry', 'reporting'],
  );
  assert.deepEqual(compact(symbols[6]), [
    'brief',
    2,
    undefined,
    '11:2-16:3',
    '11:2-11:9',
    [
      ['id', 15, 'brief_CHECKOUT', '12:4-12:26', '12:4-12:8'],
      ['version', 16, '2', '13:4-13:16', '13:4-13:13'],
      ['digest', 15, BRIEF_DIGEST, '14:4-14:87', '14:4-14:12'],
      ['local_path', 15, '.alloy/briefs/x.yaml', '15:4-15:40', '15:4-15:16'],
    ],
  ]);
  assert.deepEqual(compact(symbols[1]), ['request_id', 15, 'runreq_01HZ_CHECKOUT', '2:2-2:38', '2:2-2:14']);
});

test('without hierarchical support the outline is flat SymbolInformation with container names', async () => {
  const s = await server.start({ capabilities: FLAT, initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri(BRIEF);
  await s.open(uri, BRIEF_YAML);
  const symbols = (await documentSymbols(s, uri)) as SymbolInformation[];
  const rows = symbols.map((symbol) => [symbol.name, symbol.kind, symbol.containerName, symbol.location.uri, at(symbol.location.range)]);
  assert.deepEqual(rows.slice(7, 14), [
    ['mission', 2, undefined, uri, '7:0-9:0'],
    ['objective', 15, 'mission', uri, '8:2-8:38'],
    ['protected_capabilities', 18, undefined, uri, '9:0-12:0'],
    ['cap_payment', 11, 'protected_capabilities', uri, '10:4-12:0'],
    ['evidence_plan', 2, undefined, uri, '12:0-15:0'],
    ['required', 18, 'evidence_plan', uri, '13:2-15:0'],
    ['payment_tests_pass', 24, 'required', uri, '14:6-14:24'],
  ]);
  assert.equal(rows.length, 18);
});

test('a file that is not a request or a brief has no symbols', async () => {
  const s = await server.start({ capabilities: HIERARCHICAL, initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri('package.json');
  await s.open(uri, '{ "name": "x", "version": "1.0.0" }\n');
  assert.deepEqual(await documentSymbols(s, uri), []);
});

/** A request with its own request_id. */
function requestWithId(id: string): string {
  return requestJson().replace(/runreq_01HZ_CHECKOUT/g, id);
}

const REQUEST_ID = { start: { line: 2, character: 17 }, end: { line: 2, character: 37 } };

test('workspace symbols: brief and request ids of unopened files, matched as a substring, a prefix or fuzzily, best first', async () => {
  server.fixture.write(REQUEST, requestJson());
  server.fixture.write('.alloy/requests/refund.json', requestWithId('runreq_01HZ_REFUND'));
  const s = await server.start({ capabilities: HIERARCHICAL });
  await s.waitForProgressEnd();
  const briefUri = server.fixture.uri(BRIEF);
  const requestUri = server.fixture.uri(REQUEST);
  const refundUri = server.fixture.uri('.alloy/requests/refund.json');
  const brief = {
    name: 'brief_CHECKOUT',
    kind: 2,
    location: { uri: briefUri, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } } },
    containerName: BRIEF,
  };
  const checkout = { name: 'runreq_01HZ_CHECKOUT', kind: 24, location: { uri: requestUri, range: REQUEST_ID }, containerName: REQUEST };
  const refund = {
    name: 'runreq_01HZ_REFUND',
    kind: 24,
    location: { uri: refundUri, range: { start: { line: 2, character: 17 }, end: { line: 2, character: 35 } } },
    containerName: '.alloy/requests/refund.json',
  };
  assert.deepEqual(await workspaceSymbols(s, ''), [brief, checkout, refund]);
  assert.deepEqual(await workspaceSymbols(s, 'checkout'), [brief, checkout], 'a substring, case-insensitive');
  assert.deepEqual(await workspaceSymbols(s, 'RUNREQ'), [checkout, refund], 'a prefix');
  assert.deepEqual(await workspaceSymbols(s, 'rrfnd'), [refund], 'characters in order');
  assert.deepEqual(await workspaceSymbols(s, 'brief_CHECKOUT'), [brief]);
  assert.deepEqual(await workspaceSymbols(s, 'zzz'), []);
});

test('workspace symbols follow edits and deletions: an open document by its editor text, a deleted file is gone', async () => {
  server.fixture.write(REQUEST, requestJson());
  server.fixture.write('.alloy/requests/refund.json', requestWithId('runreq_01HZ_REFUND'));
  const s = await server.start({ capabilities: HIERARCHICAL });
  await s.waitForProgressEnd();
  const requestUri = server.fixture.uri(REQUEST);
  await s.open(requestUri, requestJson());
  await s.change(requestUri, requestWithId('runreq_RENAMED'));
  const names = async (query: string) => (await workspaceSymbols(s, query)).map((symbol) => symbol.name);
  assert.deepEqual(await names('runreq'), ['runreq_01HZ_REFUND', 'runreq_RENAMED']);

  const since = s.mark();
  server.fixture.remove('.alloy/requests/refund.json');
  await s.fileChanged(server.fixture.uri('.alloy/requests/refund.json'), FileChangeType.Deleted);
  await s.waitForDiagnostics(server.fixture.uri('.alloy/requests/refund.json'), () => true, since);
  assert.deepEqual(await names('runreq'), ['runreq_RENAMED']);
});

test('workspace symbols asked while the start-up scan is still running wait for it: every id is there', async () => {
  const count = 400;
  for (let i = 0; i < count; i++)
    server.fixture.write(`.alloy/requests/r${i}.json`, requestWithId(`runreq_SCAN_${String(i).padStart(3, '0')}`));
  const s = await server.start({ capabilities: HIERARCHICAL });
  const found = await workspaceSymbols(s, 'runreq_SCAN_');
  assert.equal(found.length, count);
  assert.equal(found[0].name, 'runreq_SCAN_000');
});
