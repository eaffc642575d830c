// The brief CodeLens "N requests name this brief": opens the one request, or lets the user pick.
// An internal command (not in the palette).

import * as path from 'node:path';
import { commands, Uri, window, workspace, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';
import { targetFile } from './commandTarget';

export function registerOpenRequestsOfBrief(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.openRequestsOfBrief', async (arg?: unknown) => {
    const brief = targetFile(arg instanceof Uri ? arg : undefined);
    if (brief === undefined) return;
    const requests = services.index.requestsNaming(brief);
    if (requests.length === 0) {
      void window.showInformationMessage(`Alloy: no request in this workspace names ${path.basename(brief)}.`);
      return;
    }
    const open = (file: string) => window.showTextDocument(Uri.file(file), { preview: true });
    if (requests.length === 1) {
      await open(requests[0].file);
      return;
    }
    const chosen = await window.showQuickPick(
      requests.map((r) => ({ label: r.requestId ?? path.basename(r.file), description: workspace.asRelativePath(r.file), file: r.file })),
      { title: `Requests that name ${path.basename(brief)}` },
    );
    if (chosen) await open(chosen.file);
  });
}
