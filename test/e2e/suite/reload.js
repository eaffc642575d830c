// The reports panel after a window reload: the page loads again and runs the tests again, so the
// first run leaves `<dir>/reload.json` (its failures so far) and reloads; the second run finds the
// file and checks that the panel's tab is back and shows the report (the webview serializer).

'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { ask } = require('./lib/bridge');
const { waitFor, sleep } = require('./lib/wait');
const { domNote } = require('./language');
const { paymentFacts, reportsTab } = require('./submit');

const RELOAD_MS = 60000;

function markerFile(dir) {
  return path.join(dir, 'reload.json');
}

/** What the run before the reload left, or undefined in the first run. */
function afterReload(dir) {
  const file = markerFile(dir);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** Records the first run's results, then reloads the window; resolves only if the reload never happens. */
async function reloadWindow(dir, carried) {
  assert.ok(reportsTab(), 'the reports panel is open before the reload');
  fs.writeFileSync(markerFile(dir), JSON.stringify({ ...carried, reloadedAt: new Date().toISOString() }));
  console.log('[alloy-e2e] reloading the window (workbench.action.reloadWindow); the checks run again after it');
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
  await sleep(RELOAD_MS);
  throw new Error(`the window did not reload within ${RELOAD_MS} ms`);
}

function checksAfter() {
  return [
    [
      'the reports panel is restored after a window reload, with its content',
      async () => {
        const tab = await waitFor('the Alloy Reports tab after the reload', () => reportsTab());
        const { requestId } = paymentFacts();
        const dom = await ask('dom:reports-panel', { requestId, state: 'completed' }, 40000);
        return [`tab "${tab.label}"`, dom && !dom.skipped ? dom.summary : domNote(dom)].filter(Boolean).join('; ');
      },
    ],
  ];
}

module.exports = { afterReload, reloadWindow, checksAfter, suite: 'reload' };
