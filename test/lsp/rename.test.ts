// Protocol tests of renaming a brief's id (issue 15 item 3): textDocument/prepareRename and
// textDocument/rename over stdio. The returned workspace edit is applied to the temp repository on
// disk (a YAML brief with its own digest and comments, an unopened JSON request, an opened YAML
// request) and `alloy check` (dist/cli.js) must then exit 0 with no diagnostics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LSPErrorCodes,
  PrepareRenameRequest,
  RenameRequest,
  ResponseError,
  ShowMessageNotification,
  type ClientCapabilities,
  type ShowMessageParams,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { parse } from 'yaml';
import { serverCapabilities } from '../../server/src/lsp/capabilities';
import { readClientSupport } from '../../server/src/lsp/clientSupport';
import { canonicalText, sha256Of } from '../support/independentHash';
import { within, type LspSession } from '../support/lspSession';
import { BRIEF_DIGEST, BRIEF_YAML, keyFor, requestJson } from './fixtureWorkspace';
import { serverPerTest } from './sessionLifecycle';
import { applyOnDisk, cliCheck, editsByFile } from './workspaceEditOnDisk';

const server = serverPerTest();

const BRIEF = '.alloy/briefs/x.yaml';
const JSON_REQUEST = '.alloy/requests/r.json';
const YAML_REQUEST = '.alloy/requests/y.yaml';
const NEW_ID = 'brief_CARD';

/** The fixture brief with a comment and its own (right) digest, double-quoted, with a comment. Line 2 is `id: brief_CHECKOUT`. */
const BRIEF_WITH_DIGEST =
  '# The checkout brief: comments survive a rename\n' +
  BRIEF_YAML.replace('version: 2\n', `version: 2\ndigest: "${BRIEF_DIGEST}"  # its own digest\n`);

/** The brief's digest after the rename, computed here: its data with the new id, without `digest`. */
const NEW_DIGEST = (() => {
  const data = parse(BRIEF_YAML, { version: '1.2', schema: 'core' }) as Record<string, unknown>;
  return sha256Of(canonicalText({ ...data, id: NEW_ID }));
})();

/** A YAML request naming the brief. Line 11 is `  id: "brief_CHECKOUT"` (value from character 6). */
function yamlRequest(digest: string, id = 'brief_CHECKOUT'): string {
  return `# A YAML request
schema_version: alloy.foundry_execution_request.v1
request_id: runreq_01HZ_YAML
idempotency_key: '${keyFor(digest)}'  # follows the digest
project_id: checkout-service
requested_by: stacey
repo:
  path: /srv/checkout
  revision: abc123
  branch: alloy/checkout
brief:
  id: "${id}"
  version: 2
  digest: ${digest}
  local_path: .alloy/briefs/x.yaml
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload:
    max_iterations: 3
reporting:
  callback_url: http://127.0.0.1:8787/api/run-requests/runreq_01HZ_YAML/completed
`;
}

const CAPABILITIES: ClientCapabilities = {
  workspace: { workspaceEdit: { documentChanges: true }, workspaceFolders: true },
  textDocument: { rename: { prepareSupport: true } },
};

function writeRepository(): void {
  server.fixture.write(BRIEF, BRIEF_WITH_DIGEST);
  server.fixture.write(JSON_REQUEST, requestJson());
  server.fixture.write(YAML_REQUEST, yamlRequest(BRIEF_DIGEST));
}

/** A server that does not scan (so unopened requests are known only by the rename's own walk). */
async function start(capabilities: ClientCapabilities = CAPABILITIES): Promise<LspSession> {
  writeRepository();
  return server.start({ capabilities, initializationOptions: { analyzeWorkspaceOnStartup: false } });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: number; message: string; data: unknown }> {
  const error = await within(promise, 'the refusal').then(
    () => assert.fail('expected an error response'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ResponseError, String(error));
  return { code: error.code, message: error.message, data: error.data };
}

test('the server announces rename with its prepare step only to clients that send it, and willRename for files and folders', () => {
  const withPrepare = serverCapabilities(readClientSupport(CAPABILITIES));
  assert.deepEqual(withPrepare.renameProvider, { prepareProvider: true });
  assert.equal(serverCapabilities(readClientSupport({})).renameProvider, true);
  assert.deepEqual(withPrepare.workspace?.fileOperations?.willRename, {
    filters: [
      { scheme: 'file', pattern: { glob: '**/*.{json,yaml,yml}', matches: 'file' } },
      { scheme: 'file', pattern: { glob: '**', matches: 'folder' } },
    ],
  });
});

test("prepareRename: the id's range and text on the brief's id and on a request's brief.id; elsewhere an error with a code", async () => {
  const s = await start();
  const brief = server.fixture.uri(BRIEF);
  const jsonRequest = server.fixture.uri(JSON_REQUEST);
  const yamlUri = server.fixture.uri(YAML_REQUEST);
  await s.open(yamlUri, yamlRequest(BRIEF_DIGEST));
  const prepare = (uri: string, line: number, character: number) =>
    within(s.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line, character } }), 'prepareRename');

  assert.deepEqual(await prepare(brief, 2, 10), {
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 18 } },
    placeholder: 'brief_CHECKOUT',
  });
  // An unopened JSON request (its text from disk): the range is inside the quotes.
  assert.deepEqual(await prepare(jsonRequest, 12, 12), {
    range: { start: { line: 12, character: 11 }, end: { line: 12, character: 25 } },
    placeholder: 'brief_CHECKOUT',
  });
  assert.deepEqual(await prepare(yamlUri, 11, 21), {
    range: { start: { line: 11, character: 7 }, end: { line: 11, character: 21 } },
    placeholder: 'brief_CHECKOUT',
  });

  assert.deepEqual(await refusal(prepare(jsonRequest, 5, 20)), {
    code: LSPErrorCodes.RequestFailed,
    message: "Only a Formation Brief's id can be renamed: put the cursor on the brief's `id` value, or on a request's `brief.id` value.",
    data: { code: 'rename-not-on-brief-id' },
  });
  // A JSON file that is neither a brief nor a request is not ours to rename: null.
  server.fixture.write('package.json', '{ "name": "brief_x" }\n');
  assert.equal(await prepare(server.fixture.uri('package.json'), 0, 14), null);
});

test('rename from a request: one versioned edit of the brief and both requests; on disk the workspace checks clean', async () => {
  const s = await start();
  const yamlUri = server.fixture.uri(YAML_REQUEST);
  await s.open(yamlUri, yamlRequest(BRIEF_DIGEST));
  const edit: WorkspaceEdit | null = await within(
    s.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: yamlUri },
      position: { line: 11, character: 9 },
      newName: NEW_ID,
    }),
    'rename',
  );
  assert.ok(edit?.documentChanges, 'documentChanges, since the client takes them');
  const versions = (edit.documentChanges as TextDocumentEdit[]).map((c) => [c.textDocument.uri, c.textDocument.version]);
  assert.deepEqual(versions, [
    [server.fixture.uri(BRIEF), null],
    [server.fixture.uri(JSON_REQUEST), null],
    [yamlUri, 1],
  ]);
  // Only the values change, each keeping its quoting (in text order).
  assert.deepEqual(
    (edit.documentChanges as TextDocumentEdit[]).map((c) => c.edits.map((e) => e.newText)),
    [
      [NEW_ID, `"${NEW_DIGEST}"`],
      [`"${keyFor(NEW_DIGEST)}"`, `"${NEW_ID}"`, `"${NEW_DIGEST}"`],
      [`'${keyFor(NEW_DIGEST)}'`, `"${NEW_ID}"`, NEW_DIGEST],
    ],
  );

  applyOnDisk(edit);
  assert.equal(
    server.fixture.read(BRIEF),
    BRIEF_WITH_DIGEST.replace('id: brief_CHECKOUT', `id: ${NEW_ID}`).replace(`"${BRIEF_DIGEST}"`, `"${NEW_DIGEST}"`),
  );
  assert.equal(server.fixture.read(JSON_REQUEST), requestJson({ digest: NEW_DIGEST }).replace('"brief_CHECKOUT"', `"${NEW_ID}"`));
  assert.equal(server.fixture.read(YAML_REQUEST), yamlRequest(NEW_DIGEST, NEW_ID));
  assert.deepEqual(cliCheck(server.fixture.root), { code: 0, report: [], stderr: '' });
});

test('rename from the brief without documentChanges support: changes by URI; the same clean result', async () => {
  const s = await start({ textDocument: { rename: { prepareSupport: false } } });
  const edit: WorkspaceEdit | null = await within(
    s.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: server.fixture.uri(BRIEF) },
      position: { line: 2, character: 4 },
      newName: NEW_ID,
    }),
    'rename',
  );
  assert.ok(edit && !edit.documentChanges && edit.changes);
  assert.deepEqual(
    [...editsByFile(edit).keys()],
    [server.fixture.path(BRIEF), server.fixture.path(JSON_REQUEST), server.fixture.path(YAML_REQUEST)],
  );
  applyOnDisk(edit);
  assert.deepEqual(cliCheck(server.fixture.root), { code: 0, report: [], stderr: '' });
});

test('rename refusals carry a message and a code: an invalid id, an id another brief has, a brief with errors', async () => {
  const s = await start();
  server.fixture.write('.alloy/briefs/card.yaml', BRIEF_YAML.replace('brief_CHECKOUT', NEW_ID));
  const rename = (newName: string) =>
    s.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: server.fixture.uri(BRIEF) },
      position: { line: 2, character: 6 },
      newName,
    });
  assert.deepEqual(await refusal(rename('brief-card')), {
    code: LSPErrorCodes.RequestFailed,
    message: '"brief-card" is not a brief id: it must be brief_ followed by letters, digits or _ (pattern ^brief_[0-9A-Za-z_]+$).',
    data: { code: 'rename-invalid-id' },
  });
  assert.deepEqual(await refusal(rename(NEW_ID)), {
    code: LSPErrorCodes.RequestFailed,
    message: `Another brief, .alloy/briefs/card.yaml, already has the id "${NEW_ID}".`,
    data: { code: 'rename-id-taken' },
  });

  const briefUri = server.fixture.uri(BRIEF);
  await s.open(briefUri, BRIEF_WITH_DIGEST.replace('version: 2', 'version: 0'));
  const broken = await refusal(rename('brief_OTHER'));
  assert.equal((broken.data as { code: string }).code, 'rename-brief-has-errors');
  assert.match(broken.message, /^The brief \.alloy\/briefs\/x\.yaml has 1 error \(the first, schema at line 4: .+\); fix it first/);
  // Nothing was written.
  assert.equal(server.fixture.read(BRIEF), BRIEF_WITH_DIGEST);
});

test('a request whose digest already disagreed keeps it (only its id follows) and is named in a warning', async () => {
  writeRepository();
  const stale = `sha256:${'1'.repeat(64)}`;
  server.fixture.write(YAML_REQUEST, yamlRequest(stale));
  const s = await server.start({ capabilities: CAPABILITIES, initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const messages: ShowMessageParams[] = [];
  s.connection.onNotification(ShowMessageNotification.type, (params) => messages.push(params));
  const edit = await within(
    s.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: server.fixture.uri(BRIEF) },
      position: { line: 2, character: 8 },
      newName: NEW_ID,
    }),
    'rename',
  );
  assert.ok(edit);
  applyOnDisk(edit);
  assert.equal(server.fixture.read(YAML_REQUEST), yamlRequest(stale, NEW_ID));
  assert.deepEqual(messages, [
    {
      type: 2,
      message: `Alloy: renamed the brief to "${NEW_ID}"; not every request followed: .alloy/requests/y.yaml: its brief.digest was not the brief's digest, so it is left as it was.`,
    },
  ]);
  // What was wrong before is still wrong (and only that): the YAML request's digest.
  const check = cliCheck(server.fixture.root);
  assert.equal(check.code, 1);
  assert.deepEqual(
    (check.report as { file: string; code: string; line: number }[]).map((d) => [d.file, d.code, d.line]),
    [['.alloy/requests/y.yaml', 'digest-mismatch', 14]],
  );
});
