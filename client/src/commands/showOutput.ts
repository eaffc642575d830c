// Alloy: Show Output — the "Alloy" output channel (language server, submissions, receiver, reports),
// shown without taking focus from the editor; it also names where the ledger is.

import { commands, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';

export function registerShowOutput(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.showOutput', () => {
    services.log.info(
      `Ledger: ${services.engine.ledgerLocation}${services.engine.ledgerProblem ? ` (cannot be used: ${services.engine.ledgerProblem})` : ''}`,
    );
    services.log.show();
  });
}
