// Alloy: Submit Request — sends the saved request file (the given one, or the active editor's)
// through the shared engine; see submitFlow.ts for the refusals, the confirmation and the progress.
// Several files chosen in the Explorer are submitted one after the other.

import { commands, window, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';
import { targetFiles } from './commandTarget';

export function registerSubmitRequest(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.submitRequest', async (arg?: unknown, selection?: unknown) => {
    const files = targetFiles(arg, selection);
    if (files.length === 0) {
      void window.showWarningMessage(
        'Alloy: Submit Request needs a request file: open one (.alloy/requests/*.json) or choose it in the Explorer.',
      );
      return;
    }
    for (const file of files) await services.flow.submit(file);
  });
}
