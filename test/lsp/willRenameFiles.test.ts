// Protocol tests of workspace/willRenameFiles (issue 15 item 3): before a brief file or a folder of
// briefs is renamed, the server returns the edits of every `brief.local_path` that named it (an
// unopened JSON request, an opened YAML request with its own quoting). The edit is applied on disk,
// the rename made, and `alloy check` (dist/cli.js) must exit 0 with no diagnostics. Renames a
// local_path cannot follow are named in a warning.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  ShowMessageNotification,
  WillRenameFilesRequest,
  type ClientCapabilities,
  type ShowMessageParams,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { within, type LspSession } from '../support/lspSession';
import { BRIEF_DIGEST, BRIEF_YAML, keyFor, requestJson } from './fixtureWorkspace';
import { serverPerTest } from './sessionLifecycle';
import { applyOnDisk, cliCheck } from './workspaceEditOnDisk';

const server = serverPerTest();

const BRIEF = '.alloy/briefs/x.yaml';
const OTHER_BRIEF = '.alloy/briefs/other.yaml';
const JSON_REQUEST = '.alloy/requests/r.json';
const YAML_REQUEST = '.alloy/requests/y.yaml';
const OTHER_REQUEST = '.alloy/requests/other.json';

/** A YAML request naming the brief by a single-quoted local_path (line 14, value from character 14). */
function yamlRequest(localPath = '.alloy/briefs/x.yaml'): string {
  return `# A YAML request; comments stay
schema_version: alloy.foundry_execution_request.v1
request_id: runreq_01HZ_YAML
idempotency_key: ${keyFor(BRIEF_DIGEST)}
project_id: checkout-service
requested_by: stacey
repo:
  path: /srv/checkout
  revision: abc123
  branch: alloy/checkout
brief:
  id: brief_CHECKOUT
  version: 2
  digest: ${BRIEF_DIGEST}
  local_path: '${localPath}'  # where the brief is
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload:
    max_iterations: 3
reporting:
  callback_url: http://127.0.0.1:8787/api/run-requests/runreq_01HZ_YAML/completed
`;
}

const CAPABILITIES: ClientCapabilities = { workspace: { workspaceEdit: { documentChanges: true }, workspaceFolders: true } };

interface Started {
  s: LspSession;
  messages: ShowMessageParams[];
}

/** The repository, a server that does not scan (the walk finds unopened requests), the YAML request open. */
async function start(): Promise<Started> {
  server.fixture.write(OTHER_BRIEF, BRIEF_YAML);
  server.fixture.write(JSON_REQUEST, requestJson());
  server.fixture.write(YAML_REQUEST, yamlRequest());
  server.fixture.write(OTHER_REQUEST, requestJson({ localPath: OTHER_BRIEF }));
  const s = await server.start({ capabilities: CAPABILITIES, initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const messages: ShowMessageParams[] = [];
  s.connection.onNotification(ShowMessageNotification.type, (params) => messages.push(params));
  await s.open(server.fixture.uri(YAML_REQUEST), yamlRequest());
  return { s, messages };
}

function willRename(s: LspSession, files: { from: string; to: string }[]): Promise<WorkspaceEdit | null> {
  const uri = (p: string) => (path.isAbsolute(p) ? `file://${p}` : server.fixture.uri(p));
  return within(
    s.connection.sendRequest(WillRenameFilesRequest.type, { files: files.map((f) => ({ oldUri: uri(f.from), newUri: uri(f.to) })) }),
    'willRenameFiles',
  );
}

function summary(edit: WorkspaceEdit | null): [string, number | null, string[]][] {
  assert.ok(edit?.documentChanges, 'versioned documentChanges');
  return (edit.documentChanges as TextDocumentEdit[]).map((c) => [
    path.relative(server.fixture.root, new URL(c.textDocument.uri).pathname),
    c.textDocument.version,
    c.edits.map((e) => e.newText),
  ]);
}

test('renaming a brief file: each local_path that named it follows, quoting and comments kept, keys unchanged; checks clean', async () => {
  const { s, messages } = await start();
  const edit = await willRename(s, [{ from: BRIEF, to: '.alloy/briefs/card.yaml' }]);
  assert.deepEqual(summary(edit), [
    [JSON_REQUEST, null, ['".alloy/briefs/card.yaml"']],
    [YAML_REQUEST, 1, ["'.alloy/briefs/card.yaml'"]],
  ]);
  applyOnDisk(edit!);
  server.fixture.rename(BRIEF, '.alloy/briefs/card.yaml');
  // The key does not cover local_path (SPEC §5): the request is the fixture's with only the path changed.
  assert.equal(server.fixture.read(JSON_REQUEST), requestJson({ localPath: '.alloy/briefs/card.yaml' }));
  assert.equal(server.fixture.read(YAML_REQUEST), yamlRequest('.alloy/briefs/card.yaml'));
  assert.equal(server.fixture.read(OTHER_REQUEST), requestJson({ localPath: OTHER_BRIEF }));
  assert.deepEqual(cliCheck(server.fixture.root), { code: 0, report: [], stderr: '' });
  assert.deepEqual(messages, []);
});

test('moving the folder of briefs: every request naming a brief in it follows; checks clean', async () => {
  const { s } = await start();
  const edit = await willRename(s, [{ from: '.alloy/briefs', to: '.alloy/formation/briefs' }]);
  assert.deepEqual(summary(edit), [
    [OTHER_REQUEST, null, ['".alloy/formation/briefs/other.yaml"']],
    [JSON_REQUEST, null, ['".alloy/formation/briefs/x.yaml"']],
    [YAML_REQUEST, 1, ["'.alloy/formation/briefs/x.yaml'"]],
  ]);
  applyOnDisk(edit!);
  server.fixture.rename('.alloy/briefs', '.alloy/formation/briefs');
  assert.deepEqual(cliCheck(server.fixture.root), { code: 0, report: [], stderr: '' });
});

test('a rename a local_path cannot follow (out of the repository, not a data file) gives no edit and a warning naming each request', async () => {
  const { s, messages } = await start();
  const outside = fs.realpathSync(os.tmpdir());
  assert.equal(await willRename(s, [{ from: BRIEF, to: path.join(outside, 'x.yaml') }]), null);
  assert.equal(messages.length, 1);
  assert.equal(messages[0].type, 2 /* warning */);
  assert.equal(
    messages[0].message,
    'Alloy: after this rename, not every brief.local_path can follow: ' +
      `.alloy/requests/r.json: its brief would be at ${path.join(outside, 'x.yaml')}, outside the request's repository root ${server.fixture.root}; update brief.local_path by hand.; ` +
      `.alloy/requests/y.yaml: its brief would be at ${path.join(outside, 'x.yaml')}, outside the request's repository root ${server.fixture.root}; update brief.local_path by hand.`,
  );
  assert.equal(await willRename(s, [{ from: BRIEF, to: '.alloy/briefs/x.txt' }]), null);
  assert.equal(messages.length, 2);
  assert.match(messages[1].message, /\.alloy\/requests\/r\.json: its brief's new name x\.txt does not end in \.yaml, \.yml or \.json/);
});

test('renaming what no request names (a folder without briefs, a request within its root) gives no edit and no message', async () => {
  const { s, messages } = await start();
  server.fixture.write('src/readme.json', '{}\n');
  assert.equal(await willRename(s, [{ from: 'src', to: 'lib' }]), null);
  assert.equal(await willRename(s, [{ from: JSON_REQUEST, to: '.alloy/requests/renamed.json' }]), null);
  assert.equal(await willRename(s, [{ from: 'notes.md', to: 'notes2.md' }]), null);
  assert.deepEqual(messages, []);
});
