// The language server and `alloy check` share one core: on the example workspace they must report
// the same diagnostics (code, severity, range, message) for every file, and together cover every code.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import { EXAMPLE, exampleFiles, makeTempDir, READ_CODES, removeTempDir, runInProcess } from '../cli/cliHarness';
import { cliRowsOfJson, rowsOfDiagnostics, type CliRow } from '../support/cliRows';
import { LspSession, pause } from '../support/lspSession';

type Row = CliRow;

/** Starts the server on `root`, lets its start-up scan finish, and compares with `alloy check --format json`. */
async function compareServerWithCli(root: string, files: string[]): Promise<Row[]> {
  const cli = await runInProcess(['check', '--format', 'json', '.'], root);
  assert.equal(cli.code, 1);
  const expected = cliRowsOfJson(cli.stdout);

  const session = await LspSession.start(root, URI.file(root).toString());
  try {
    await session.waitForProgressEnd(15000);
    await pause(300); // let the coalesced fan-out of brief changes settle
    const actual: Row[] = [];
    for (const relative of files) {
      const uri = URI.file(path.join(root, relative)).toString();
      const lists = session.publishedFor(uri);
      assert.ok(lists.length > 0, `the start-up scan published ${relative}`);
      const diagnostics = lists[lists.length - 1].diagnostics;
      for (const d of diagnostics) assert.equal(d.source, 'alloy');
      actual.push(...rowsOfDiagnostics(relative, diagnostics));
    }
    const order = (a: Row, b: Row) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
    assert.deepEqual(actual.sort(order), [...expected].sort(order));
    assert.deepEqual(session.serverErrors, []);
    return actual;
  } finally {
    await session.dispose();
  }
}

test('the server publishes exactly what `alloy check --format json` reports, for every example file', async () => {
  const actual = await compareServerWithCli(EXAMPLE, exampleFiles());
  assert.deepEqual(
    [...new Set(actual.map((r) => r.code))].sort(),
    Object.keys(DIAGNOSTIC_CODES)
      .filter((c) => !READ_CODES.includes(c))
      .sort(),
    'the example workspace exercises every diagnostic code',
  );
});

test('with symbolic links to request files (inside and outside the root), the server and the CLI see the same files', async () => {
  const root = makeTempDir();
  const outside = makeTempDir();
  try {
    fs.cpSync(EXAMPLE, root, { recursive: true });
    const requests = path.join(root, '.alloy', 'requests');
    fs.mkdirSync(path.join(root, 'shared'));
    fs.copyFileSync(path.join(requests, 'broken-key-mismatch.json'), path.join(root, 'shared', 'key.json'));
    fs.symlinkSync(path.join(root, 'shared', 'key.json'), path.join(requests, 'linked-key.json'));
    fs.copyFileSync(path.join(requests, 'broken-digest-mismatch.json'), path.join(outside, 'digest.json'));
    fs.symlinkSync(path.join(outside, 'digest.json'), path.join(requests, 'linked-outside.json'));
    const files = [...exampleFiles(), '.alloy/requests/linked-key.json', '.alloy/requests/linked-outside.json'];
    const actual = await compareServerWithCli(
      root,
      files.filter((f) => f !== '.alloy/requests/linked-outside.json'),
    );
    const linked = actual.filter((r) => r.file === path.join('.alloy', 'requests', 'linked-key.json')).map((r) => r.code);
    assert.deepEqual(linked, ['idempotency-key-mismatch'], 'the link inside the root is checked');
    assert.equal(actual.filter((r) => r.file.includes('linked-outside')).length, 0, 'the link outside is not');
    const cli = await runInProcess(['check', '.'], root);
    assert.ok(
      cli.stderr.includes(
        `alloy: .alloy/requests/linked-outside.json: skipped, a symbolic link to a file outside ${root}; it is not read\n`,
      ),
      cli.stderr,
    );
  } finally {
    removeTempDir(root);
    removeTempDir(outside);
  }
});
