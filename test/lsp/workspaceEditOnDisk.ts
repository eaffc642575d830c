// For the rename protocol tests: applies a WorkspaceEdit the server returned to the files on disk
// (as a client would), and runs the built CLI's `alloy check --format json` on the result.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathOf } from '../support/lspSession';

export const CLI_PATH = path.resolve(__dirname, '../../dist/cli.js');

/** The edits of a WorkspaceEdit by file path, from `documentChanges` or `changes`. */
export function editsByFile(edit: WorkspaceEdit): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const change of edit.documentChanges ?? []) {
    assert.ok('textDocument' in change && 'edits' in change, 'only text document edits are expected');
    const documentEdit = change as TextDocumentEdit;
    out.set(pathOf(documentEdit.textDocument.uri), documentEdit.edits as TextEdit[]);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out.set(pathOf(uri), edits);
  return out;
}

/** Writes every edited file; returns the files' new texts by path. */
export function applyOnDisk(edit: WorkspaceEdit): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file, edits] of editsByFile(edit)) {
    const before = fs.readFileSync(file, 'utf8');
    const after = TextDocument.applyEdits(TextDocument.create('file:///x', 'text', 0, before), edits);
    fs.writeFileSync(file, after);
    texts.set(file, after);
  }
  return texts;
}

/** `alloy check <root> --format json`: the exit code and the parsed report. */
export function cliCheck(root: string): { code: number | null; report: unknown; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_PATH, 'check', root, '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
  });
  // A crash's stderr holds the minified bundle's source line: only its end says what happened.
  return { code: result.status, report: JSON.parse(result.stdout || 'null'), stderr: result.stderr.slice(-1500) };
}
