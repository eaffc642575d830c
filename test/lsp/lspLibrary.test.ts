// The server imports vscode-languageserver's values in one module (lspLibrary.ts), so that the
// bundle copies the package's exports once at start-up instead of once per importing module.
// This builds the server bundle as esbuild.mjs does (unminified, in memory) and counts the copies.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';

const MAIN = path.resolve(__dirname, '../../server/src/lsp/main.ts');
const PACKAGE = 'node_modules/vscode-languageserver/node.js';

test("the server bundle copies vscode-languageserver's exports once", async () => {
  const result = await build({
    entryPoints: [MAIN],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0].text;
  // Any path before node_modules/ (a linked node_modules makes esbuild name the package by its real path).
  const wrapper = new RegExp(`var (\\w+) = __commonJS\\(\\{\\s*"(?:[^"]*/)?${PACKAGE.replace(/[./]/g, (c) => `\\${c}`)}"`).exec(text);
  assert.ok(wrapper, `the bundle holds ${PACKAGE}`);
  const copies = text.split(`__toESM(${wrapper[1]}())`).length - 1;
  // Each copy is preceded by the comment naming the module it is in.
  const importers = [
    ...text.matchAll(new RegExp(`// (server/src/lsp/\\S+)\\n(?:[^\\n]*\\n){0,3}?var \\w+ = __toESM\\(${wrapper[1]}\\(\\)\\)`, 'g')),
  ].map((m) => m[1]);
  assert.equal(copies, 1, `modules importing values from vscode-languageserver/node: ${importers.join(', ')}`);
  assert.deepEqual(importers, ['server/src/lsp/lspLibrary.ts']);
});
