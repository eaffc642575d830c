// Alloy: Restart Language Server — a new server process for this window, as after a reload but
// without one, for a server that stopped answering (settings changes reach a running server without
// it). Done, it says so in the status bar for a moment (no notification, no focus taken); a server
// that does not start says why, with the log one click away. `offerRestart` is the notification for a
// server the language client gave up on (serverCrashes.ts).

import { commands, window, type Disposable } from 'vscode';
import type { LanguageServerLifecycle } from '../serverLifecycle';

const DONE_MESSAGE_MS = 4000;

/** The server kept exiting and is not started again: say so, offering Restart and the log. */
export function offerRestart(showLog: () => void): void {
  void window
    .showErrorMessage(
      'The Alloy language server kept stopping, so it is not started again. What it said is in the Alloy output.',
      'Restart',
      'Show Output',
    )
    .then((choice) => {
      if (choice === 'Restart') void commands.executeCommand('alloy.restartServer');
      else if (choice === 'Show Output') showLog();
    });
}

export function registerRestartServer(server: LanguageServerLifecycle, showLog: () => void): Disposable {
  return commands.registerCommand('alloy.restartServer', async () => {
    const outcome = await server.restart();
    if (outcome.running) {
      window.setStatusBarMessage('$(check) Alloy language server restarted', DONE_MESSAGE_MS);
      return outcome;
    }
    void window.showErrorMessage(`The Alloy language server did not start: ${outcome.reason}`, 'Show Output').then((choice) => {
      if (choice === 'Show Output') showLog();
    });
    return outcome;
  });
}
