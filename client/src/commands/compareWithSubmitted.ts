// Alloy: Compare with Submitted — the bytes the ledger recorded for the latest submission of a
// request file (read-only, left) against the file now (right). Also used by the "same key, other
// bytes" refusal, which names the submission whose bytes differ.

import * as path from 'node:path';
import { commands, Uri, window, type Disposable } from 'vscode';
import type { AlloyServices } from '../alloyServices';
import { latestSubmissionOf } from '../state/alloyModel';
import { targetFile } from './commandTarget';

/** The argument a notice passes: a submission id and the file to compare it with. */
export interface CompareTarget {
  submission: string;
  file?: string;
}

function isCompareTarget(value: unknown): value is CompareTarget {
  return typeof value === 'object' && value !== null && typeof (value as CompareTarget).submission === 'string';
}

export function registerCompareWithSubmitted(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.compareWithSubmitted', async (arg?: unknown) => {
    await services.model.refresh();
    const snapshot = services.model.snapshot;
    if (isCompareTarget(arg)) {
      const summary = snapshot.submissions.find((s) => s.submission === arg.submission);
      const file = arg.file ?? summary?.requestFile;
      if (!summary || file === undefined) {
        void window.showWarningMessage(`Alloy: the submission ${arg.submission} is not in the ledger ${snapshot.ledgerLocation}.`);
        return;
      }
      await services.submitted.compare(summary, file);
      return;
    }
    const file = targetFile(arg instanceof Uri ? arg : undefined);
    if (file === undefined) {
      void window.showWarningMessage('Alloy: Compare with Submitted needs a request file: open one or choose it in the Explorer.');
      return;
    }
    const requestId = services.index.request(file)?.requestId;
    const summary = latestSubmissionOf(snapshot, file, requestId);
    if (!summary) {
      const why = snapshot.ledgerProblem ? ` (the ledger cannot be read: ${snapshot.ledgerProblem})` : '';
      void window.showInformationMessage(
        `Alloy: ${path.basename(file)} has not been submitted: the ledger ${snapshot.ledgerLocation} has no submission of it${why}.`,
      );
      return;
    }
    await services.submitted.compare(summary, file);
  });
}
