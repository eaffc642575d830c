// Alloy: Clear API Token — removes the token from the secret storage; later submissions are sent
// without an Authorization header.

import { commands, window, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';

export function registerClearApiToken(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.clearApiToken', async () => {
    const had = await services.token.clear();
    void window.showInformationMessage(
      had ? 'Alloy: the API token was removed; submissions are sent without one.' : 'Alloy: no API token was stored.',
    );
  });
}
