// Alloy: Show Submissions — every submission in the shared ledger (this workspace's first, newest
// first) with its state; choosing one offers its report, the request file, Compare with Submitted
// and, for one whose outcome is unknown, Resend (Same Key). The ledger's location is in the title.

import * as path from 'node:path';
import { commands, QuickPickItemKind, Uri, window, type Disposable, type QuickPickItem } from 'vscode';
import { listSubmissions, type SubmissionSummary } from '../../../server/src/submission';
import type { AlloyServices } from '../alloyServices';
import { submissionActions, submissionGroups, type SubmissionPick } from './submissionPicks';

type Item = QuickPickItem & { pick?: SubmissionPick };

async function chooseAction(services: AlloyServices, summary: SubmissionSummary): Promise<void> {
  const state = services.model.snapshot.states.get(summary.requestId);
  const file = summary.requestFile;
  const fileExists = file !== undefined && services.index.analysisOf(file) !== undefined;
  const actions = submissionActions(summary, { hasReport: state?.current !== undefined, fileExists });
  const chosen =
    actions.length === 1
      ? actions[0]
      : await window
          .showQuickPick(
            actions.map((a) => ({ label: a.label, description: a.description, action: a })),
            { title: `${summary.requestId}: ${summary.state}`, placeHolder: 'What to do with this submission' },
          )
          .then((item) => item?.action);
  if (!chosen) return;
  switch (chosen.id) {
    case 'show-report':
      services.panel.show(summary.requestId);
      return;
    case 'open-raw':
      await services.rawReports.open(summary.requestId);
      return;
    case 'open-request':
      await window.showTextDocument(Uri.file(file!), { preview: false });
      return;
    case 'compare':
      await services.submitted.compare(summary, file!);
      return;
    case 'resend':
      await services.flow.resend(summary.key, summary.requestId, file);
      return;
  }
}

export function registerShowSubmissions(services: AlloyServices): Disposable {
  return commands.registerCommand('alloy.showSubmissions', async () => {
    const list = await listSubmissions(services.engine.ports, {
      resendWindowMs: Math.round(services.config().resendWindowHours * 3_600_000),
    });
    if (!list.ok) {
      const reason = list.refusal.kind === 'ledger-unreadable' ? list.refusal.reason : list.refusal.kind;
      const chosen = await window.showErrorMessage(
        `Alloy: the submission ledger ${services.engine.ledgerLocation} cannot be read (${reason}).`,
        'Show Output',
      );
      if (chosen) services.log.show();
      return;
    }
    for (const warning of list.warnings) services.log.warn(warning);
    const groups = submissionGroups(list.submissions, services.folders());
    if (groups.here.length + groups.elsewhere.length === 0) {
      void window.showInformationMessage(`Alloy: no submissions yet (the ledger is ${list.location}).`);
      return;
    }
    const items: Item[] = [];
    const add = (label: string, picks: SubmissionPick[]) => {
      if (picks.length === 0) return;
      items.push({ label, kind: QuickPickItemKind.Separator });
      for (const pick of picks) items.push({ label: pick.label, description: pick.description, detail: pick.detail, pick });
    };
    add('this workspace', groups.here);
    add('other folders', groups.elsewhere);
    const warned = list.warnings.length > 0 ? ` — ${list.warnings.length} ledger line(s) skipped, see Output` : '';
    const chosen = await window.showQuickPick(items, {
      title: `Alloy submissions (${path.basename(list.location)})${warned}`,
      placeHolder: `Ledger: ${list.location}`,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (chosen?.pick) await chooseAction(services, chosen.pick.summary);
  });
}
