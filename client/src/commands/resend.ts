// Alloy: Resend (Same Key) — sends the recorded bytes of a submission whose outcome is unknown
// again, with the same idempotency key (Foundry dedupes by key if it already has the run). Given a
// key (from a notice), that one; else a pick of the submissions that may need it.

import { commands, window, type Disposable } from 'vscode';
import type { SubmissionState } from '../../../server/src/submission';
import type { AlloyServices } from '../alloyServices';
import { submissionGroups } from './submissionPicks';

const RESENDABLE: readonly SubmissionState[] = ['outcome-unknown', 'interrupted', 'given-up', 'cancelled'];

export function registerResend(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.resend', async (arg?: unknown) => {
    if (typeof arg === 'string' && arg.startsWith('sha256:')) {
      const summary = [...services.model.snapshot.submissions].reverse().find((s) => s.key === arg);
      await services.flow.resend(arg, summary?.requestId ?? arg, summary?.requestFile);
      return;
    }
    await services.model.refresh();
    const groups = submissionGroups(services.model.snapshot.submissions, services.folders());
    const candidates = [...groups.here, ...groups.elsewhere].filter((p) => RESENDABLE.includes(p.summary.state));
    if (candidates.length === 0) {
      void window.showInformationMessage('Alloy: no submission needs a resend: none has an unknown outcome, was given up or cancelled.');
      return;
    }
    const chosen = await window.showQuickPick(
      candidates.map((p) => ({ label: p.label, description: p.description, detail: p.detail, pick: p })),
      { title: 'Alloy: Resend (Same Key)', placeHolder: 'The recorded bytes are sent again with the same idempotency key' },
    );
    if (!chosen) return;
    const summary = chosen.pick.summary;
    await services.flow.resend(summary.key, summary.requestId, summary.requestFile);
  });
}
