// One rule for the editor and the CLI where they used to differ (issue 14, finding 10):
// - a broken non-Alloy JSON or YAML under `.alloy/` fails `alloy check`, and the server publishes
//   the same diagnostic for it, from disk and as an open document; outside `.alloy/` such a file
//   stays quiet in the editor;
// - an open document past the 8 MiB cap (counted in UTF-8 bytes) gets the `file-too-large`
//   diagnostic that the same text on disk gives, without being parsed.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { MAX_FILE_BYTES } from '../../server/src/core';
import { runInProcess } from '../cli/cliHarness';
import { cliRowsOfJson, rowsOfDiagnostics, type CliRow } from '../support/cliRows';
import { requestJson } from '../lsp/fixtureWorkspace';
import { serverPerTest } from '../lsp/sessionLifecycle';
import { codes, type PublishedDiagnostics } from '../support/lspSession';

const server = serverPerTest();

type Row = CliRow;

function rowsOf(relative: string, published: PublishedDiagnostics): Row[] {
  return rowsOfDiagnostics(relative, published.diagnostics);
}

async function cliRows(relative: string): Promise<{ code: number; rows: Row[] }> {
  const run = await runInProcess(['check', '--format', 'json', relative], server.fixture.root);
  return { code: run.code, rows: cliRowsOfJson(run.stdout) };
}

const BROKEN_JSON = '{\n  "retries": 3,\n  "hosts": ["a", "b",]\n}\n';
const BROKEN_YAML = 'retries: 3\nhosts: [a, b\n';

test('a broken non-Alloy JSON and YAML under .alloy/: the scan and the open document publish what alloy check reports', async () => {
  const files = { json: path.join('.alloy', 'settings.json'), yaml: path.join('.alloy', 'notes', 'hosts.yaml') };
  server.fixture.write(files.json, BROKEN_JSON);
  server.fixture.write(files.yaml, BROKEN_YAML);
  const s = await server.start();
  await s.waitForProgressEnd(15000);
  for (const relative of Object.values(files)) {
    const cli = await cliRows(relative);
    assert.equal(cli.code, 1, `alloy check fails on ${relative}`);
    assert.ok(cli.rows.length > 0 && cli.rows.every((r) => r.code === 'syntax'), JSON.stringify(cli.rows));
    const uri = server.fixture.uri(relative);
    const scanned = s.publishedFor(uri).at(-1);
    assert.ok(scanned, `the scan published ${relative}`);
    assert.deepEqual(rowsOf(relative, scanned), cli.rows, `scan of ${relative}`);
    const since = s.mark();
    await s.open(uri, server.fixture.read(relative));
    assert.deepEqual(rowsOf(relative, await s.waitForDiagnostics(uri, () => true, since)), cli.rows, `open ${relative}`);
  }
  // Fixed in the editor: the list goes away, as the CLI's report would.
  const jsonUri = server.fixture.uri(files.json);
  const since = s.mark();
  await s.change(jsonUri, '{ "retries": 3 }\n');
  assert.deepEqual((await s.waitForDiagnostics(jsonUri, () => true, since)).diagnostics, []);
});

test('a clean non-Alloy JSON under .alloy/ gets no list; a broken one outside .alloy/ stays quiet when opened', async () => {
  server.fixture.write('.alloy/settings.json', '{ "retries": 3 }\n');
  server.fixture.write('config/broken.json', BROKEN_JSON);
  const s = await server.start();
  await s.waitForProgressEnd(15000);
  const outsideUri = server.fixture.uri('config/broken.json');
  await s.open(outsideUri, BROKEN_JSON);
  // Documents are checked in the order they change: once the request is published, the others had their turn.
  const requestUri = server.fixture.uri('.alloy/requests/open.json');
  await s.open(requestUri, requestJson());
  await s.waitForDiagnostics(requestUri);
  assert.deepEqual(s.publishedFor(server.fixture.uri('.alloy/settings.json')), []);
  assert.deepEqual(s.publishedFor(outsideUri), []);
});

/** A request padded with `pad` in a payload member, for a text of a chosen size. */
function paddedRequest(pad: string): string {
  return requestJson().replace('"max_iterations": 3', `"max_iterations": 3, "notes": "${pad}"`);
}

test('an open request past 8 MiB of UTF-8 (fewer characters than that) gets the file-too-large of the same text on disk', async () => {
  // 'é' is 2 bytes in UTF-8: 4.2 M characters, 8.4 MB.
  const text = paddedRequest('é'.repeat(4_200_000));
  assert.ok(text.length < MAX_FILE_BYTES && Buffer.byteLength(text) > MAX_FILE_BYTES);
  server.fixture.write('.alloy/requests/huge.json', text);
  const cli = await cliRows(path.join('.alloy', 'requests', 'huge.json'));
  assert.deepEqual(
    cli.rows.map((r) => [r.code, r.line, r.column, r.endLine, r.endColumn]),
    [['file-too-large', 1, 1, 1, 1]],
  );
  // The file on disk says something else: only the open text counts.
  server.fixture.write('.alloy/requests/huge.json', requestJson());
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri('.alloy/requests/huge.json');
  await s.open(uri, text);
  const published = await s.waitForDiagnostics(uri, () => true, 0, 20000);
  assert.equal(published.version, 1);
  assert.deepEqual(rowsOf(path.join('.alloy', 'requests', 'huge.json'), published), cli.rows);
  assert.match(cli.rows[0].message, /^The file is too large \(8\.0 MiB; the limit is 8 MiB\), so it is not analysed\.$/);

  // Back under the cap (the same edit an editor sends): analysed again.
  const since = s.mark();
  await s.change(uri, requestJson());
  assert.deepEqual(codes((await s.waitForDiagnostics(uri, () => true, since, 20000)).diagnostics), []);
});

test('an open document of exactly 8 MiB is analysed; one byte more is too large', async () => {
  const base = paddedRequest('');
  const fill = MAX_FILE_BYTES - Buffer.byteLength(base);
  const atCap = paddedRequest('x'.repeat(fill));
  assert.equal(Buffer.byteLength(atCap), MAX_FILE_BYTES);
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri('.alloy/requests/cap.json');
  await s.open(uri, atCap);
  const first = await s.waitForDiagnostics(uri, () => true, 0, 20000);
  assert.ok(!codes(first.diagnostics).includes('file-too-large'), JSON.stringify(codes(first.diagnostics)));
  const since = s.mark();
  await s.change(uri, paddedRequest('x'.repeat(fill + 1)));
  assert.deepEqual(codes((await s.waitForDiagnostics(uri, () => true, since, 20000)).diagnostics), ['file-too-large']);
});
