// The language server and `alloy check` share one core: on the example workspace they must report
// the same diagnostics (code, severity, range, message) for every file, and together cover every code.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { DIAGNOSTIC_CODES } from '../../server/src/core/diagnosticCodes';
import { EXAMPLE, exampleFiles, runInProcess } from '../cli/cliHarness';
import { LspSession, pause } from '../lsp/lspSession';

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

test('the server publishes exactly what `alloy check --format json` reports, for every example file', async () => {
  const cli = runInProcess(['check', '--format', 'json', '.'], EXAMPLE);
  assert.equal(cli.code, 1);
  const expected = (JSON.parse(cli.stdout) as Row[]).map((r) => ({ ...r, file: r.file.split('/').join(path.sep) }));

  const session = await LspSession.start(EXAMPLE, URI.file(EXAMPLE).toString());
  try {
    await session.waitForProgressEnd(15000);
    await pause(300); // let the coalesced fan-out of brief changes settle
    const actual: Row[] = [];
    for (const relative of exampleFiles()) {
      const uri = URI.file(path.join(EXAMPLE, relative)).toString();
      const lists = session.publishedFor(uri);
      assert.ok(lists.length > 0, `the start-up scan published ${relative}`);
      for (const d of lists[lists.length - 1].diagnostics) {
        assert.equal(d.source, 'alloy');
        actual.push({
          file: relative,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: SEVERITY_NAMES[d.severity ?? 0],
          code: String(d.code),
          message: d.message,
        });
      }
    }
    const order = (a: Row, b: Row) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
    assert.deepEqual(actual.sort(order), [...expected].sort(order));
    assert.deepEqual(
      [...new Set(actual.map((r) => r.code))].sort(),
      Object.keys(DIAGNOSTIC_CODES).sort(),
      'the example workspace exercises every diagnostic code',
    );
    assert.deepEqual(session.serverErrors, []);
  } finally {
    await session.dispose();
  }
});
