// The suite for the packaged extension, installed from the .vsix with `code-server
// --install-extension` as a user would: the workbench is given no Alloy folder to develop (only an
// empty extensionDevelopmentPath, which the extension host insists on, and extensionTestsPath), so
// the Alloy that activates is the installed one. It checks the packaged pieces: the manifest and
// activation, dist/server.js (diagnostics, hover), dist/extension.js (commands, receiver, panel) and
// dist/reportsView.js (the panel updating live after a submit).

'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');
const { runChecks, verdict } = require('./lib/checks');
const { waitForSameAsCli } = require('./lib/diagnostics');
const { waitFor } = require('./lib/wait');
const { EXTENSION_ID, hoverText, isOpen, show, workspaceContext } = require('./lib/workspace');
const language = require('./language');
const submit = require('./submit');

function checks() {
  const { expectations, uris, files } = workspaceContext();
  return [
    [
      'the installed alloy.alloy-vscode is the one active',
      async () => {
        const where = await language.checkActivation();
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(process.env.ALLOY_E2E_EXTENSION_PATH, 'the harness names the installed folder');
        const repository = process.env.ALLOY_E2E_REPOSITORY;
        assert.ok(repository, 'the harness names the repository');
        assert.ok(
          !extension.extensionPath.startsWith(repository),
          `the active Alloy is not the repository's folder (${extension.extensionPath})`,
        );
        assert.ok(extension.extensionPath.endsWith(`alloy.alloy-vscode-${extension.packageJSON.version}`), 'an installed folder');
        return where;
      },
    ],
    [
      'the packaged language server checks an unopened request (same as the CLI)',
      async () => {
        assert.equal(isOpen(uris.escape), false, `${files.escape} must not be open`);
        return `${await waitForSameAsCli(uris.escape, expectations.before, files.escape)} diagnostic(s)`;
      },
    ],
    [
      'the packaged language server checks an opened request and answers a hover',
      async () => {
        await show(uris.digest);
        await waitForSameAsCli(uris.digest, expectations.before, files.digest);
        const text = await waitFor('a hover naming the brief digest', async () => {
          const document = await vscode.workspace.openTextDocument(uris.digest);
          const at = document.getText().indexOf('"digest"');
          const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uris.digest, document.positionAt(at + 3));
          const shown = hovers ? hoverText(hovers) : '';
          return shown.includes(expectations.briefDigestBefore) ? shown : undefined;
        });
        return `hover of ${text.length} characters`;
      },
    ],
    ['Submit from the installed extension: the report shows live in the packaged panel', () => submit.submitAndSeeCompleted({})],
  ];
}

async function run() {
  const list = checks();
  verdict(await runChecks('installed', list), list.length);
}

module.exports = { run };
