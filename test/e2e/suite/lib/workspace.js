// The workspace the suites run in (a temp copy of examples/checkout-service) and what the harness
// knows about it: the CLI's reports (expected.json), the files the checks use, helpers to open and
// edit them. Shared by every suite, so each names files the same way.

'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { bridgeDir } = require('./bridge');

const EXTENSION_ID = 'alloy.alloy-vscode';

const FILES = {
  payment: '.alloy/requests/checkout-payment.json',
  digest: '.alloy/requests/broken-digest-mismatch.json',
  escape: '.alloy/requests/broken-path-escape.json',
  brief: '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
};

let cached;

/** The expectations and the workspace folder, checked once: the folder must be the harness's copy. */
function workspaceContext() {
  if (cached) return cached;
  const dir = bridgeDir();
  const expectations = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open');
  assert.equal(folder.uri.fsPath, expectations.workspace, 'the workspace is the copy the harness made');
  const uriOf = (relative) => vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
  const uris = Object.fromEntries(Object.entries(FILES).map(([name, file]) => [name, uriOf(file)]));
  cached = { dir, expectations, folder, uriOf, uris, files: FILES };
  return cached;
}

function isOpen(uri) {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

async function show(uri, options) {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, options);
}

/** Replaces the first `find` in the editor's document by `replace`, as typing would (undoable). */
async function editInEditor(editor, find, replace) {
  const text = editor.document.getText();
  const at = text.indexOf(find);
  assert.ok(at >= 0, `${path.basename(editor.document.uri.fsPath)} contains ${JSON.stringify(find)}`);
  const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + find.length));
  assert.equal(await editor.edit((builder) => builder.replace(range, replace)), true, 'the edit was applied');
}

/** `undo` in `editor` until its document is back to its saved text (bounded). */
async function undoAll(editor) {
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  for (let i = 0; i < 10 && editor.document.isDirty; i++) await vscode.commands.executeCommand('undo');
  assert.equal(editor.document.isDirty, false, `undo brought ${path.basename(editor.document.uri.fsPath)} back to its saved text`);
}

/** Puts an edited document back to its saved text (after a failed check), so the next checks start clean. */
async function revertIfDirty(uri) {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document || !document.isDirty) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

function hoverText(hovers) {
  const parts = [];
  for (const hover of hovers) {
    for (const content of hover.contents) parts.push(typeof content === 'string' ? content : content.value);
  }
  return parts.join('\n');
}

module.exports = { EXTENSION_ID, FILES, workspaceContext, isOpen, show, editInEditor, undoAll, revertIfDirty, hoverText };
