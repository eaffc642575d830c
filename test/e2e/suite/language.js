// The language checks, in the real editor: activation on the example, diagnostics (opened and
// unopened files, the same as `alloy check --format json`), an edit turning a request red and undo
// turning it clean, the brief edit that flags a request naming it, hover, completion of `throttle`,
// the digest quick fix and the CodeLens. Each check uses the `vscode` API and, through the bridge,
// the workbench DOM (hover widget, squiggles, CodeLens), where the README screenshots are taken.

'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { ask } = require('./lib/bridge');
const { alloyDiagnostics, cliDiagnostic, rangeOfCliDiagnostic, waitForSameAsCli } = require('./lib/diagnostics');
const { waitFor } = require('./lib/wait');
const { EXTENSION_ID, editInEditor, hoverText, isOpen, revertIfDirty, show, undoAll, workspaceContext } = require('./lib/workspace');

const COMMANDS = ['alloy.submitRequest', 'alloy.showReports', 'alloy.compareWithSubmitted', 'alloy.resend', 'alloy.importReport'];

/** "" when the DOM part ran, else why it did not (no page under @vscode/test-electron). */
function domNote(answer) {
  return answer && answer.skipped ? `DOM part skipped: ${answer.skipped}` : '';
}

/** Activation and where the active extension comes from (the repository, or the installed .vsix). */
async function checkActivation() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
  // Not activated by us: `workspaceContains:**/.alloy/**` must have done it.
  await waitFor(`${EXTENSION_ID} to activate on its own`, () => (extension.isActive ? true : undefined));
  const expectedPath = process.env.ALLOY_E2E_EXTENSION_PATH;
  if (expectedPath) assert.equal(extension.extensionPath, expectedPath, 'the active Alloy extension is the one under test');
  const alloys = vscode.extensions.all.filter((e) => e.id.toLowerCase().startsWith('alloy.'));
  assert.deepEqual(
    alloys.map((e) => e.id.toLowerCase()),
    [EXTENSION_ID],
    'exactly one Alloy extension is loaded',
  );
  const commands = await vscode.commands.getCommands(true);
  const missing = COMMANDS.filter((id) => !commands.includes(id));
  assert.deepEqual(missing, [], 'the commands of the manifest are registered');
  return `from ${extension.extensionPath}`;
}

/** A check that edits: whatever happens, the edited documents are back to their saved text afterwards. */
function revertingAfter(uris, check) {
  return async () => {
    try {
      return await check();
    } finally {
      for (const uri of uris) await revertIfDirty(uri);
    }
  };
}

function checks() {
  const { expectations, uris, files } = workspaceContext();
  const before = expectations.before;
  const cliDigestMismatch = cliDiagnostic(before, files.digest, 'digest-mismatch');

  return [
    ['activation on the example workspace', checkActivation],
    [
      'an unopened request has its diagnostics from the start-up scan (same as the CLI)',
      async () => {
        assert.equal(isOpen(uris.escape), false, `${files.escape} must not be open`);
        const count = await waitForSameAsCli(uris.escape, before, files.escape);
        assert.ok(count > 0, `the CLI reports problems in ${files.escape}`);
        assert.equal(isOpen(uris.escape), false, `${files.escape} is still not open`);
        return `${count} diagnostic(s)`;
      },
    ],
    [
      'an opened request has its diagnostics (same as the CLI)',
      async () => {
        await show(uris.digest);
        const count = await waitForSameAsCli(uris.digest, before, files.digest);
        return `${count} diagnostic(s), digest-mismatch among them`;
      },
    ],
    [
      'hover on brief.digest shows the computed digest (API and hover widget)',
      async () => {
        const inside = rangeOfCliDiagnostic(cliDigestMismatch).start.translate(0, 5);
        const hovers = await waitFor('a hover on brief.digest', async () => {
          const result = await vscode.commands.executeCommand('vscode.executeHoverProvider', uris.digest, inside);
          return result && result.length > 0 ? result : undefined;
        });
        const text = hoverText(hovers);
        assert.ok(text.includes(expectations.briefDigestBefore), `the hover shows ${expectations.briefDigestBefore}; hover text: ${text}`);
        const editor = await show(uris.digest);
        editor.selection = new vscode.Selection(inside, inside);
        editor.revealRange(new vscode.Range(inside, inside), vscode.TextEditorRevealType.InCenter);
        await vscode.commands.executeCommand('editor.action.showHover');
        const dom = await ask('dom:hover', {
          contains: [expectations.briefDigestBefore],
          prefer: [cliDigestMismatch.message.slice(0, 40)],
          screenshot: 'diagnostics-hover',
        });
        return domNote(dom);
      },
    ],
    [
      'the digest quick fix removes digest-mismatch, undo brings it back',
      revertingAfter([uris.digest], async () => {
        const range = rangeOfCliDiagnostic(cliDigestMismatch);
        const actions = await vscode.commands.executeCommand(
          'vscode.executeCodeActionProvider',
          uris.digest,
          range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const titles = (actions || []).map((a) => a.title);
        const fix = (actions || []).find((a) => a.edit && /digest/i.test(a.title));
        assert.ok(fix, `a quick fix mentioning the digest; offered: ${JSON.stringify(titles)}`);
        assert.ok(!fix.kind || vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind && fix.kind.value}`);
        const editor = await show(uris.digest);
        assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit succeeded');
        assert.equal(
          JSON.parse(editor.document.getText()).brief.digest,
          expectations.briefDigestBefore,
          "brief.digest holds the brief's digest",
        );
        await waitFor(`digest-mismatch to leave ${files.digest}`, () =>
          alloyDiagnostics(uris.digest, 'digest-mismatch').length === 0 ? true : undefined,
        );
        await undoAll(editor);
        await waitForSameAsCli(uris.digest, before, files.digest);
        return `fix "${fix.title}"`;
      }),
    ],
    [
      'editing the brief flags the unopened checkout-payment.json; undo clears it',
      revertingAfter([uris.brief], async () => {
        assert.equal(isOpen(uris.payment), false, `${files.payment} must not be open`);
        assert.deepEqual(
          before.filter((d) => d.file === files.payment),
          [],
          `the CLI finds ${files.payment} clean`,
        );
        await waitForSameAsCli(uris.payment, before, files.payment);
        const brief = await show(uris.brief);
        await editInEditor(brief, expectations.edits.brief.find, expectations.edits.brief.replace);
        assert.equal(brief.document.isDirty, true, 'the brief is edited in the editor, not saved');
        const count = await waitForSameAsCli(uris.payment, expectations.afterEdit.brief, files.payment);
        assert.ok(count > 0, 'the CLI flags the request after the brief edit');
        assert.equal(isOpen(uris.payment), false, `${files.payment} is still not open`);
        await undoAll(brief);
        await waitForSameAsCli(uris.payment, before, files.payment);
        return `${count} diagnostic(s) while edited`;
      }),
    ],
    [
      'a short edit turns the open request red, undo turns it clean (API and squiggles)',
      revertingAfter([uris.payment], async () => {
        const editor = await show(uris.payment);
        await waitForSameAsCli(uris.payment, before, files.payment);
        await editInEditor(editor, expectations.edits.request.find, expectations.edits.request.replace);
        const count = await waitForSameAsCli(uris.payment, expectations.afterEdit.request, files.payment);
        assert.ok(count > 0, 'the CLI reports errors for the edited request');
        const red = await ask('dom:squiggles', { expect: 'some' });
        await undoAll(editor);
        await waitForSameAsCli(uris.payment, before, files.payment);
        await ask('dom:squiggles', { expect: 'none' });
        return [`${count} diagnostic(s) while edited`, domNote(red)].filter(Boolean).join('; ');
      }),
    ],
    [
      'completion in foundry.throttle offers dry_run and full',
      async () => {
        const editor = await show(uris.payment);
        const text = editor.document.getText();
        const at = text.indexOf('"throttle": "');
        assert.ok(at >= 0, 'the request has a throttle');
        const position = editor.document.positionAt(at + '"throttle": "'.length);
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uris.payment, position);
        const labels = (list ? list.items : []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        const values = labels.map((label) => label.replace(/^"|"$/g, ''));
        for (const wanted of ['dry_run', 'full'])
          assert.ok(values.includes(wanted), `${wanted} is offered; offered: ${JSON.stringify(labels)}`);
        return `offered ${JSON.stringify(labels.slice(0, 6))}`;
      },
    ],
    [
      'the CodeLens above the request offers Submit (API and editor)',
      async () => {
        await show(uris.payment);
        const lenses = await waitFor('CodeLens on checkout-payment.json', async () => {
          const result = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uris.payment, 20);
          return result && result.some((l) => l.command && l.command.command === 'alloy.submitRequest') ? result : undefined;
        });
        const titles = lenses.filter((l) => l.command).map((l) => l.command.title);
        const submit = lenses.find((l) => l.command && l.command.command === 'alloy.submitRequest');
        assert.match(
          submit.command.title,
          /^Submit \(dry_run\) → /,
          `the submit lens names the throttle; lenses: ${JSON.stringify(titles)}`,
        );
        const dom = await ask('dom:codelens', { contains: 'Submit (dry_run)', screenshot: 'codelens' });
        return [`lenses ${JSON.stringify(titles)}`, domNote(dom)].filter(Boolean).join('; ');
      },
    ],
  ];
}

module.exports = { checks, checkActivation, domNote, revertingAfter, suite: 'language', file: path.basename(__filename) };
