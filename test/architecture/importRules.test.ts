// Enforces the import rules over every source file of server/src and client/src, and shows that
// each rule really fires on a planted bad edge.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { importSpecifiers, importViolations, type SourceFile } from './importRules';

const ROOT = path.resolve(__dirname, '../..');

function sourcesUnder(folder: string): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|mts|cts|js|mjs)$/.test(entry.name)) {
        found.push({ path: path.relative(ROOT, child).split(path.sep).join('/'), text: fs.readFileSync(child, 'utf8') });
      }
    }
  };
  walk(path.join(ROOT, folder));
  return found;
}

test('every import under server/src and client/src follows the rules', () => {
  const files = [...sourcesUnder('server/src'), ...sourcesUnder('client/src')];
  assert.ok(files.length > 80, `read ${files.length} files`);
  assert.deepEqual(importViolations(files), []);
});

test('the scanner sees every import form', () => {
  const text = [
    "import { a } from './a';",
    "import type { B } from '../b';",
    "import * as fs from 'node:fs';",
    "export { c } from './c';",
    "import './side-effect';",
    'import {\n  d,\n  e,\n} from "./multi";',
    "const x = require('child_process');",
    "const y = await import('vscode');",
  ].join('\n');
  assert.deepEqual(importSpecifiers(text), ['./a', '../b', 'node:fs', './c', './side-effect', './multi', 'child_process', 'vscode']);
});

const planted: [string, SourceFile, string][] = [
  [
    'vscode outside the client',
    { path: 'server/src/core/hover.ts', text: "import * as vscode from 'vscode';" },
    '`vscode` is imported only in client/src',
  ],
  [
    'the LSP library outside lsp/',
    { path: 'server/src/cli/check.ts', text: "import { Range } from 'vscode-languageserver-types';" },
    '`vscode-languageserver*` is imported only in server/src/lsp',
  ],
  [
    'the client imported by the server',
    { path: 'server/src/lsp/x.ts', text: "import { y } from '../../../client/src/y';" },
    'nothing outside client/ imports client/',
  ],
  [
    'a deep import into the core',
    { path: 'server/src/lsp/x.ts', text: "import { analyzeFile } from '../core/fileAnalysis';" },
    'outside server/src/core, only its index.ts is imported',
  ],
  [
    'a deep import into the engine',
    { path: 'client/src/commands/submit.ts', text: "import { x } from '../../../server/src/submission/retryPolicy';" },
    'outside server/src/submission, only its index.ts is imported',
  ],
  [
    'node:fs outside a node* file',
    { path: 'server/src/submission/ledger.ts', text: "import * as fs from 'node:fs';" },
    'Node I/O (node:fs) only in files named node*.ts',
  ],
  [
    'http outside a node* file',
    { path: 'server/src/reports/routes.ts', text: "import http from 'http';" },
    'Node I/O (http) only in files named node*.ts',
  ],
  [
    'the core importing upwards',
    { path: 'server/src/core/x.ts', text: "import { s } from '../submission';" },
    'server/src/core may not import server/src/submission',
  ],
  [
    'the dev intake importing the engine',
    { path: 'server/src/devIntake/x.ts', text: "import { s } from '../submission';" },
    'server/src/devIntake may not import server/src/submission',
  ],
  [
    'an upward edge between core layers',
    { path: 'server/src/core/rules/x.ts', text: "import { hoverAt } from '../editing/hoverInfo';" },
    'core/rules may not import core/editing (layers: document → schema, hashing → rules → workspace → editing)',
  ],
  [
    'a sideways edge between core layers of one level',
    { path: 'server/src/core/schema/x.ts', text: "import { briefDigest } from '../hashing/briefDigest';" },
    'core/schema may not import core/hashing (layers: document → schema, hashing → rules → workspace → editing)',
  ],
  [
    'the server importing the CLI',
    { path: 'server/src/lsp/x.ts', text: "import { runCli } from '../cli/alloyCli';" },
    'server/src/lsp may not import server/src/cli',
  ],
];

for (const [name, file, rule] of planted) {
  test(`a planted bad edge is found: ${name}`, () => {
    assert.deepEqual(
      importViolations([file]).map((v) => v.rule),
      [rule],
    );
  });
}

test('allowed edges pass: the door, node* adapters, the engine from the CLI', () => {
  const files: SourceFile[] = [
    { path: 'server/src/lsp/x.ts', text: "import { hoverAt } from '../core';\nimport { y } from '../core/index';" },
    { path: 'server/src/core/workspace/nodeFileSystem.ts', text: "import * as fs from 'node:fs';" },
    { path: 'server/src/cli/submitCommand.ts', text: "import { submitRequest } from '../submission';" },
    { path: 'server/src/core/rules/a.ts', text: "import { b } from '../document/b';" },
  ];
  assert.deepEqual(importViolations(files), []);
});
