// The submit checks, against the local dev intake the test process runs (alloy.submit.endpoint in
// the user settings points at it, the ledger is in the run's temp folder): Submit sends the valid
// checkout-payment.json and the callbacks reach the reports panel, live, with the focus left in the
// editor; a second Submit says "already submitted" and the intake still has one run; a request with
// errors is refused before the network; Compare with Submitted opens a diff editor; a submission
// made by `alloy submit` in a terminal, on the same ledger, shows in the open panel at once.

'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { ask } = require('./lib/bridge');
const { notification } = require('./lib/notifications');
const { waitFor } = require('./lib/wait');
const { show, workspaceContext } = require('./lib/workspace');
const { domNote } = require('./language');

const REPORTS_VIEW_TYPE = 'alloy.reports';

function ledgerLines() {
  const ledger = vscode.workspace.getConfiguration('alloy').get('submit.ledgerPath');
  const seen = JSON.stringify(vscode.workspace.getConfiguration('alloy').inspect('submit.ledgerPath'));
  assert.ok(ledger, `alloy.submit.ledgerPath is set (the harness writes it into the user settings); inspect: ${seen}`);
  if (!fs.existsSync(ledger)) return [];
  return fs
    .readFileSync(ledger, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The reports panel's tab, wherever it is (restored panels keep their column). */
function reportsTab() {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputWebview && input.viewType.endsWith(REPORTS_VIEW_TYPE)) return tab;
    }
  }
  return undefined;
}

function reportFiles(root, requestId) {
  const dir = path.join(root, '.alloy', 'reports', requestId);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function paymentFacts() {
  const { uris, folder } = workspaceContext();
  const request = JSON.parse(fs.readFileSync(uris.payment.fsPath, 'utf8'));
  return { requestId: request.request_id, key: request.idempotency_key, root: folder.uri.fsPath };
}

/** Opens the panel (beside, without focus), submits the active request, waits for the live "completed". */
async function submitAndSeeCompleted({ screenshot }) {
  const { uris } = workspaceContext();
  const { requestId, key, root } = paymentFacts();
  assert.equal(await ask('intake:runs', { key }), 0, 'the intake has no run of this key yet');
  await vscode.commands.executeCommand('notifications.clearAll');
  const editor = await show(uris.payment);
  await vscode.commands.executeCommand('alloy.showReports');
  await waitFor('the Alloy Reports panel tab', () => reportsTab());
  assert.equal(
    vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.toString(),
    uris.payment.toString(),
    'Show Reports left the request as the active editor',
  );
  await vscode.commands.executeCommand('alloy.submitRequest');
  assert.equal(await ask('intake:runs', { key }), 1, 'the intake recorded one run of the key');
  const files = await waitFor(
    () => `a completed report under .alloy/reports/${requestId}/ (now: ${JSON.stringify(reportFiles(root, requestId))})`,
    () => {
      const found = reportFiles(root, requestId);
      return found.some((f) => f.startsWith('completed-')) ? found : undefined;
    },
  );
  const panel = await ask('dom:reports-panel', { requestId, state: 'completed', key }, 40000);
  const active = vscode.window.activeTextEditor;
  assert.ok(active, 'a text editor is active after the submit');
  assert.equal(active.document.uri.toString(), editor.document.uri.toString(), 'the request is still the active editor');
  const focus = await ask('dom:focus-in-editor', { file: path.basename(uris.payment.fsPath) });
  if (screenshot) {
    // More room for the panel in the README picture: no side bar.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await ask('screenshot', { name: screenshot });
  }
  return [
    `reports ${JSON.stringify(files.map((f) => f.split('-')[0]))}`,
    panel && !panel.skipped ? panel.summary : domNote(panel),
    domNote(focus),
  ]
    .filter(Boolean)
    .join('; ');
}

function checks() {
  const { uris, files } = workspaceContext();
  return [
    [
      'Submit sends checkout-payment.json; the report shows in the panel (live) and focus stays in the editor',
      () => submitAndSeeCompleted({ screenshot: 'reports-panel' }),
    ],
    [
      'a second Submit says "already submitted"; the intake has one run of the key',
      async () => {
        const { key } = paymentFacts();
        const attemptsBefore = (await ask('intake:attempts', { key })).length;
        await vscode.commands.executeCommand('notifications.clearAll');
        await show(uris.payment);
        await vscode.commands.executeCommand('alloy.submitRequest');
        const note = await notification('already submitted at ');
        assert.equal(await ask('intake:runs', { key }), 1, 'still one run at the intake');
        assert.equal((await ask('intake:attempts', { key })).length, attemptsBefore, 'nothing was sent: the ledger said it first');
        return note && !note.skipped ? `notification: "${note.text}"` : domNote(note);
      },
    ],
    [
      'Submit refuses broken-digest-mismatch.json (it has errors): no attempt at the intake',
      async () => {
        const attemptsBefore = (await ask('intake:attempts', {})).length;
        const ledgerBefore = ledgerLines().length;
        const requestId = JSON.parse(fs.readFileSync(uris.digest.fsPath, 'utf8')).request_id;
        await vscode.commands.executeCommand('notifications.clearAll');
        const editor = await show(uris.digest);
        assert.equal(editor.document.isDirty, false, `${files.digest} has no unsaved changes (the refusal must be for its errors)`);
        await vscode.commands.executeCommand('alloy.submitRequest', uris.digest);
        const note = await notification('Not sent: .*broken-digest-mismatch\\.json has \\d+ errors?');
        assert.equal((await ask('intake:attempts', {})).length, attemptsBefore, 'no attempt reached the intake');
        assert.equal(ledgerLines().length, ledgerBefore, 'nothing was written to the ledger');
        assert.ok(!ledgerLines().some((line) => line.includes(requestId)), `the ledger never names ${requestId}`);
        return note && !note.skipped ? `notification: "${note.text.slice(0, 120)}"` : domNote(note);
      },
    ],
    [
      'Compare with Submitted opens a diff editor (submitted bytes ↔ the file)',
      async () => {
        await show(uris.payment);
        await vscode.commands.executeCommand('alloy.compareWithSubmitted');
        const input = await waitFor('a diff editor as the active tab', () => {
          const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
          return tab && tab.input instanceof vscode.TabInputTextDiff ? tab.input : undefined;
        });
        assert.equal(input.modified.toString(), uris.payment.toString(), 'the right side is the request file');
        assert.notEqual(input.original.scheme, 'file', `the left side is the recorded bytes, not a file (${input.original.toString()})`);
        const left = await vscode.workspace.openTextDocument(input.original);
        assert.equal(left.getText(), fs.readFileSync(uris.payment.fsPath, 'utf8'), 'the submitted bytes are the saved file');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        return `left ${input.original.scheme}:`;
      },
    ],
    [
      '`alloy submit` in a terminal, same ledger: the submission shows in the open panel without a reload',
      async () => {
        // A request of its own (another requester, so another key, and no callbacks), keyed by `alloy fix`.
        const file = path.join(path.dirname(uris.payment.fsPath), 'terminal-submit.json');
        const request = JSON.parse(fs.readFileSync(uris.payment.fsPath, 'utf8'));
        request.request_id = 'runreq_01HZ_E2E_TERMINAL';
        request.requested_by = 'terminal';
        delete request.reporting;
        fs.writeFileSync(file, `${JSON.stringify(request, null, 2)}\n`);
        const fixed = await runCli(['fix', file], {});
        assert.equal(fixed.code, 0, `alloy fix exits 0 (a no-reporting warning at most); stderr: ${fixed.stderr}`);
        const key = JSON.parse(fs.readFileSync(file, 'utf8')).idempotency_key;
        assert.notEqual(key, request.idempotency_key, 'alloy fix gave the request its own key');
        assert.equal(await ask('intake:runs', { key }), 0, 'the intake has no run of this key yet');
        await vscode.commands.executeCommand('alloy.showReports');
        await waitFor('the Alloy Reports panel tab', () => reportsTab());
        const settings = vscode.workspace.getConfiguration('alloy');
        const cli = await runCli(['submit', file, '--endpoint', settings.get('submit.endpoint')], {
          ALLOY_LEDGER: settings.get('submit.ledgerPath'),
        });
        assert.equal(cli.code, 0, `alloy submit exits 0; stderr: ${cli.stderr}`);
        assert.equal(await ask('intake:runs', { key }), 1, 'the intake recorded one run of the key');
        assert.ok(
          ledgerLines().some((line) => line.includes(request.request_id)),
          `the shared ledger names ${request.request_id}`,
        );
        const panel = await ask('dom:reports-panel', { requestId: request.request_id, state: 'accepted by Foundry' });
        return panel && !panel.skipped ? panel.summary : domNote(panel);
      },
    ],
  ];
}

/** Runs the repository's dist/cli.js (without blocking the extension host) with `env` added. */
function runCli(args, env) {
  const repository = process.env.ALLOY_E2E_REPOSITORY;
  assert.ok(repository, 'ALLOY_E2E_REPOSITORY names the repository');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repository, 'dist', 'cli.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

module.exports = { checks, ledgerLines, reportsTab, submitAndSeeCompleted, paymentFacts, suite: 'submit' };
