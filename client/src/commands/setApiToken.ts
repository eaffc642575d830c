// Alloy: Set API Token — asks for the token (a password box) and keeps it in VS Code's secret
// storage only; it is sent as "Authorization: Bearer …" and never written anywhere else.

import { commands, window, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';

export function registerSetApiToken(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.setApiToken', async () => {
    if (await services.token.ask()) void window.showInformationMessage('Alloy: the API token is stored in the secret storage.');
  });
}
