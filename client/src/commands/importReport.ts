// Alloy: Import Report… — a run result saved elsewhere (downloaded, mailed, copied from Foundry's
// host) is stored under its request's root like a received callback: `.alloy/reports/<id>/`. The
// file must be a run result for a request this machine knows (importJudgement.ts says why not);
// a body that fails the schema is still stored, and the user is told it is flagged.

import * as path from 'node:path';
import { commands, Uri, window, workspace, type Disposable } from 'vscode';
import { writeReportFile } from '../../../server/src/reports';
import type { AlloyServices } from '../alloyServices';
import { judgeImport } from '../reports/importJudgement';

export function registerImportReport(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.importReport', async (arg?: unknown) => {
    const picked =
      arg instanceof Uri
        ? [arg]
        : await window.showOpenDialog({
            title: 'Alloy: Import Report…',
            openLabel: 'Import',
            canSelectMany: false,
            filters: { 'Run result (JSON)': ['json'], 'All files': ['*'] },
          });
    const uri = picked?.[0];
    if (!uri) return;
    const name = path.basename(uri.fsPath);
    let bytes: Uint8Array;
    try {
      bytes = await workspace.fs.readFile(uri);
    } catch (error) {
      void window.showErrorMessage(`Not imported: ${name} cannot be read (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    await services.model.refresh();
    const snapshot = services.model.snapshot;
    const judgement = judgeImport(name, bytes, {
      rootOf: (id) => snapshot.known.get(id)?.root ?? services.index.requestFilesOf(id)[0]?.root,
    });
    if (!judgement.ok) {
      services.log.warn(judgement.reason);
      void window.showErrorMessage(judgement.reason);
      return;
    }
    try {
      const saved = await writeReportFile(judgement.root, {
        requestId: judgement.requestId,
        phase: judgement.phase,
        bytes: judgement.bytes,
        receivedAt: new Date(),
      });
      services.model.addRoot(judgement.root);
      services.reportFileChanged(saved.report.file);
      await services.model.refresh();
      const where = workspace.asRelativePath(saved.report.file);
      const problems = saved.report.problems.filter((p) => p.severity === 'error').map((p) => p.message);
      const line = saved.duplicate
        ? `Alloy: ${name} was already imported for ${judgement.requestId} (the same bytes are stored as ${where}).`
        : problems.length > 0
          ? `Alloy: ${name} was imported for ${judgement.requestId} as ${where}, but it is flagged: ${problems.slice(0, 2).join(' ')}`
          : `Alloy: ${name} was imported for ${judgement.requestId} as ${where} (${judgement.phase}).`;
      services.log.info(line);
      const show = problems.length > 0 && !saved.duplicate ? window.showWarningMessage : window.showInformationMessage;
      const chosen = await show(line, 'Show Reports');
      if (chosen) services.panel.show(judgement.requestId);
    } catch (error) {
      const text = `Not imported: ${error instanceof Error ? error.message : String(error)}.`;
      services.log.error(text);
      void window.showErrorMessage(text);
    }
  });
}
