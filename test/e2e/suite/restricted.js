// The suite for Restricted Mode: the development extension in a workbench with workspace trust on
// and the example folder not trusted (code-server without --disable-workspace-trust, no startup
// prompt). Checking works as in a trusted window; submitting is refused before the ledger and the
// network; a submission that awaits reports (written to a ledger whose folder did not exist when the
// window started, as a first `alloy submit` in a terminal makes it) is seen, starts no callback
// receiver, and the user is told why.

'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const vscode = require('vscode');
const { ask } = require('./lib/bridge');
const { runChecks, verdict } = require('./lib/checks');
const { waitForSameAsCli } = require('./lib/diagnostics');
const { isOpen, show, workspaceContext } = require('./lib/workspace');
const language = require('./language');
const { notification } = require('./lib/notifications');
const { ledgerLines, paymentFacts } = require('./submit');

const suite = 'restricted';

/** Whether something accepts connections on 127.0.0.1:`port`. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The ledger lines of an accepted submission of checkout-payment.json, written now: what a submit
 * from a trusted window (or `alloy submit`) leaves, so that this window has a request awaiting its
 * callbacks.
 */
function acceptedSubmissionLines(file, root) {
  const bytes = fs.readFileSync(file);
  const request = JSON.parse(bytes.toString('utf8'));
  const base = {
    v: 1,
    submission: `sub_restricted_${crypto.randomBytes(4).toString('hex')}`,
    at: new Date().toISOString(),
    key: request.idempotency_key,
    requestId: request.request_id,
  };
  return [
    {
      ...base,
      type: 'pending',
      requestFile: file,
      root,
      bytes: bytes.toString('base64'),
      sha256: `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`,
      transport: 'http',
      endpoint: 'http://127.0.0.1:9/v1/projects/checkout/execution-requests',
      endpointHost: '127.0.0.1:9',
      callbackUrl: request.reporting.callback_url,
    },
    { ...base, type: 'attempt', attempt: 1, status: 202 },
    { ...base, type: 'outcome', outcome: 'accepted', status: 202 },
  ].map((entry) => JSON.stringify(entry));
}

function checks() {
  const { expectations, uris, files } = workspaceContext();
  return [
    [
      'the folder is not trusted, and Alloy is active in it',
      async () => {
        assert.equal(vscode.workspace.isTrusted, false, 'the workbench opened the folder in Restricted Mode');
        return language.checkActivation();
      },
    ],
    [
      'an unopened request has its diagnostics from the start-up scan (same as the CLI)',
      async () => {
        assert.equal(isOpen(uris.escape), false, `${files.escape} must not be open`);
        const count = await waitForSameAsCli(uris.escape, expectations.before, files.escape);
        assert.ok(count > 0, `the CLI reports problems in ${files.escape}`);
        return `${count} diagnostic(s)`;
      },
    ],
    [
      'an opened request has its diagnostics (same as the CLI)',
      async () => {
        await show(uris.digest);
        return `${await waitForSameAsCli(uris.digest, expectations.before, files.digest)} diagnostic(s)`;
      },
    ],
    [
      'Submit says the workspace is not trusted: nothing in the ledger, nothing at the intake',
      async () => {
        const { key } = paymentFacts();
        await vscode.commands.executeCommand('notifications.clearAll');
        const editor = await show(uris.payment);
        assert.equal(editor.document.isDirty, false, `${files.payment} has no unsaved changes`);
        await vscode.commands.executeCommand('alloy.submitRequest', uris.payment);
        const note = await notification('Not sent: this workspace is not trusted');
        assert.deepEqual(await ask('intake:attempts', {}), [], 'no attempt reached the intake');
        assert.equal(await ask('intake:runs', { key }), 0, 'the intake has no run of the key');
        assert.deepEqual(ledgerLines(), [], 'nothing was written to the ledger');
        return note && !note.skipped ? `notification: "${note.text.slice(0, 100)}"` : language.domNote(note);
      },
    ],
    [
      'a submission awaiting its reports starts no callback receiver; the user is told why',
      async () => {
        const { folder } = workspaceContext();
        const request = JSON.parse(fs.readFileSync(uris.payment.fsPath, 'utf8'));
        const port = Number(new URL(request.reporting.callback_url).port);
        assert.equal(await listening(port), false, `nothing listens on ${port} before`);
        const ledger = vscode.workspace.getConfiguration('alloy').get('submit.ledgerPath');
        // The ledger's folder is made now, after activation: the window must see it appear.
        assert.equal(fs.existsSync(path.dirname(ledger)), false, 'the ledger folder does not exist yet');
        await vscode.commands.executeCommand('notifications.clearAll');
        fs.mkdirSync(path.dirname(ledger), { recursive: true, mode: 0o700 });
        fs.appendFileSync(ledger, `${acceptedSubmissionLines(uris.payment.fsPath, folder.uri.fsPath).join('\n')}\n`, { mode: 0o600 });
        const note = await notification(`callback receiver is off in Restricted Mode, so reports for ${request.request_id}`);
        assert.equal(await listening(port), false, `still nothing listens on ${port}`);
        return note && !note.skipped ? `notification: "${note.text.slice(0, 100)}"` : language.domNote(note);
      },
    ],
  ];
}

async function run() {
  const list = checks();
  verdict(await runChecks(suite, list), list.length);
}

module.exports = { run };
