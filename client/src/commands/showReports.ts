// Alloy: Show Reports — opens (or reveals, without taking focus) the one reports panel, on the
// request given (an id from a CodeLens or the status bar, a request file), else the active editor's
// request, else the newest one.

import { commands, Uri, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';
import { targetFile } from './commandTarget';

export function registerShowReports(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.showReports', (arg?: unknown) => {
    let requestId: string | undefined;
    if (typeof arg === 'string' && arg !== '') requestId = arg;
    else {
      const file = targetFile(arg instanceof Uri ? arg : undefined);
      if (file !== undefined) requestId = services.index.request(file)?.requestId;
    }
    services.panel.show(requestId);
    services.refreshSoon();
  });
}
