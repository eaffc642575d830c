// The status bar item for the active Alloy file (statusText.ts decides the words): shown for
// requests and briefs, hidden for anything else, refreshed on edits, sends, ledger and report
// changes, and every second while a send is waiting (its countdown).

import { StatusBarAlignment, ThemeColor, window, type Disposable, type StatusBarItem } from 'vscode';
import { statusOf, type StatusAction } from './statusText';
import type { ViewFacts } from '../state/viewFacts';

const COMMANDS: Record<StatusAction, string | undefined> = {
  'show-problems': 'workbench.actions.view.problems',
  'show-reports': 'alloy.showReports',
  'show-output': 'alloy.showOutput',
  none: undefined,
};

export class RequestStatusItem implements Disposable {
  private readonly item: StatusBarItem;

  constructor(
    private readonly factsOfActive: () => { file: string; view: ViewFacts } | undefined,
    private readonly time: (iso: string) => string,
    private readonly now: () => number,
  ) {
    this.item = window.createStatusBarItem('alloy.request', StatusBarAlignment.Left, 50);
    this.item.name = 'Alloy request';
  }

  refresh(): void {
    const active = this.factsOfActive();
    const spec = active ? statusOf({ ...active.view, now: this.now(), time: this.time }) : undefined;
    if (!spec) {
      this.item.hide();
      return;
    }
    this.item.text = spec.text;
    this.item.tooltip = spec.tooltip;
    const command = COMMANDS[spec.action];
    this.item.command =
      command === undefined
        ? undefined
        : {
            title: spec.text,
            command,
            arguments:
              active && spec.action === 'show-reports'
                ? [active.view.facts.kind === 'request' ? active.view.facts.requestId : undefined]
                : [],
          };
    this.item.backgroundColor =
      spec.tone === 'error'
        ? new ThemeColor('statusBarItem.errorBackground')
        : spec.tone === 'warning'
          ? new ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
