// Alloy: Restart Language Server — a new server process for this window, as after a reload but
// without one, for a server that stopped answering (settings changes reach a running server without
// it). Done, it says so in the status bar for a moment (no notification, no focus taken); a server
// that does not start says why, with the log one click away.

import { commands, window, type Disposable } from 'vscode';
import type { LanguageServerLifecycle } from '../serverLifecycle';

const DONE_MESSAGE_MS = 4000;

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
