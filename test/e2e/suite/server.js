// The language server's process, in the real editor: "Alloy: Restart Language Server" replaces it
// with a new one that checks an edit; a server killed four times is started again each time by the
// client, killed a fifth time within 3 minutes it is not, our notification says so (it offers
// Restart), and the restart command brings a working server back without a reload. A restart asked
// while the client itself is starting a killed server again waits for that start, then stops it:
// one server afterwards, not an orphan beside the new one. The server processes are the extension
// host's children running the extension's dist/server.js, read from /proc (Linux).

'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { waitForSameAsCli } = require('./lib/diagnostics');
const { notification } = require('./lib/notifications');
const { sleep, waitFor } = require('./lib/wait');
const { EXTENSION_ID, editInEditor, show, undoAll, workspaceContext } = require('./lib/workspace');
const { domNote, revertingAfter } = require('./language');

/** How long a killed server may take to be started again by the client. */
const RESTART_WAIT_MS = 20000;

function serverFile() {
  return path.join(vscode.extensions.getExtension(EXTENSION_ID).extensionPath, 'dist', 'server.js');
}

/** Process ids of this extension host's children that run `file`. */
function serverProcesses(file) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(file)) found.push(Number(entry));
    } catch {
      // Gone while it was read: not a server now.
    }
  }
  return found;
}

/** The one server process other than those in `not`, once there is exactly one. */
function oneServer(file, not = []) {
  return waitFor(
    () => `exactly one server process other than ${JSON.stringify(not)}; running: ${JSON.stringify(serverProcesses(file))}`,
    () => {
      const found = serverProcesses(file);
      return found.length === 1 && !not.includes(found[0]) ? found[0] : undefined;
    },
    RESTART_WAIT_MS,
  );
}

/**
 * Until the server answers a request only it serves (workspace symbols): a server is killed only
 * once it runs, since one that dies while it starts is a failed start, which the client does not
 * retry.
 */
function untilAnswering() {
  return waitFor(
    'the Alloy server to answer workspace symbols',
    async () => {
      const symbols = await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'brief_');
      return symbols && symbols.length > 0 ? true : undefined;
    },
    RESTART_WAIT_MS,
  );
}

/** Runs Alloy: Restart Language Server, which must answer that a server runs. */
async function restartByCommand() {
  const outcome = await vscode.commands.executeCommand('alloy.restartServer');
  assert.deepEqual(outcome, { running: true }, 'the command answers that a server is running');
}

/** Whatever a check left, a running server for the checks after it. */
async function ensureServer(file) {
  if (serverProcesses(file).length === 0) await vscode.commands.executeCommand('alloy.restartServer');
}

/** An edit of the open request is reported as the CLI reports it, and undo clears it again. */
async function editIsChecked() {
  const { expectations, uris, files } = workspaceContext();
  const editor = await show(uris.payment);
  await editInEditor(editor, expectations.edits.request.find, expectations.edits.request.replace);
  const count = await waitForSameAsCli(uris.payment, expectations.afterEdit.request, files.payment);
  assert.ok(count > 0, 'the server reports the edited request');
  await undoAll(editor);
  await waitForSameAsCli(uris.payment, expectations.before, files.payment);
  return count;
}

/** Kills the server five times (each once it runs); the client restarts it four times, then offers Restart. */
async function killFiveTimes(file) {
  await vscode.commands.executeCommand('notifications.clearAll');
  const seen = [await oneServer(file)];
  for (let kill = 1; kill <= 4; kill++) {
    await untilAnswering();
    process.kill(seen.at(-1), 'SIGKILL');
    seen.push(await oneServer(file, seen));
  }
  await untilAnswering();
  process.kill(seen.at(-1), 'SIGKILL');
  await waitFor('the killed server to be gone', () => (serverProcesses(file).length === 0 ? true : undefined));
  // Long enough for the four restarts above (each within a second here) to have happened again.
  await sleep(3000);
  assert.deepEqual(serverProcesses(file), [], 'the client does not start a sixth server');
  const note = await notification('The Alloy language server kept stopping, so it is not started again');
  await restartByCommand();
  const now = await oneServer(file, seen);
  const count = await editIsChecked();
  await vscode.commands.executeCommand('notifications.clearAll');
  const shown = note && !note.skipped ? `notification: "${note.text.slice(0, 90)}"` : domNote(note);
  return `servers ${seen.join(' → ')}, then none; after Restart ${now}, ${count} diagnostic(s) for an edit; ${shown}`;
}

/** The restart command replaces the running server by a new one, which checks an edit. */
async function restartReplaces(file) {
  const old = await oneServer(file);
  await restartByCommand();
  const now = await oneServer(file, [old]);
  const count = await editIsChecked();
  return `server process ${old} → ${now}; ${count} diagnostic(s) for the edit`;
}

/** Kills the running server, and asks for a restart while the client is starting one again. */
async function restartWhileStarting(file) {
  const old = await oneServer(file);
  await untilAnswering();
  process.kill(old, 'SIGKILL');
  // Catch the client's own restart as soon as its process exists (it is starting until the
  // server answers initialize), and ask for a restart right then.
  const deadline = Date.now() + RESTART_WAIT_MS;
  let starting;
  while (starting === undefined && Date.now() < deadline) {
    starting = serverProcesses(file).find((pid) => pid !== old);
    if (starting === undefined) await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(starting !== undefined, 'the client starts the killed server again');
  await restartByCommand();
  const now = await oneServer(file, [old, starting]);
  await sleep(3000);
  assert.deepEqual(serverProcesses(file), [now], 'one server, and the one the restart made');
  const count = await editIsChecked();
  return `killed ${old}; the client's restart ${starting} ended; the command's ${now} runs alone; ${count} diagnostic(s) for an edit`;
}

/** A check of the server's process: afterwards, whatever happened, the request is reverted and a server runs. */
function serverCheck(check) {
  const { uris } = workspaceContext();
  return revertingAfter([uris.payment], async () => {
    const file = serverFile();
    try {
      return await check(file);
    } finally {
      await ensureServer(file);
    }
  });
}

function checks() {
  return [
    ['Alloy: Restart Language Server ends the server process and starts a new one, which checks an edit', serverCheck(restartReplaces)],
    [
      'a server killed 4 times is started again each time; the 5th time it is not, our notification says so, and Restart Language Server brings one back',
      serverCheck(killFiveTimes),
    ],
    ['Restart asked while the client is starting a killed server again leaves exactly one server', serverCheck(restartWhileStarting)],
  ];
}

module.exports = { checks, suite: 'server', file: path.basename(__filename) };
