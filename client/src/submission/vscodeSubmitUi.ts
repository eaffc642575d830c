// The submit flow's UI in VS Code: a cancellable progress notification (shown at once, its
// message carrying the attempt and the elapsed time, updated every second), a modal question for
// `throttle: full`, and the result as an information, warning or error message with its actions.

import { ProgressLocation, window } from 'vscode';
import type { Clock } from '../../../server/src/submission';
import { withElapsed, type ConfirmQuestion, type SubmitUi } from './submitFlow';
import { ACTION_TITLES, type Notice, type NoticeActionId } from './submitNotice';

const TICK_MS = 1000;

export function vscodeSubmitUi(clock: Clock): SubmitUi {
  return {
    progress(title, task) {
      return Promise.resolve(
        window.withProgress({ location: ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          const startedAt = clock.now();
          let message = 'preparing';
          const show = () => progress.report({ message: withElapsed(message, startedAt, clock.now()) });
          show();
          const ticker = setInterval(show, TICK_MS);
          const report = (next: string) => {
            message = next;
            show();
          };
          return task(report, controller.signal).finally(() => {
            clearInterval(ticker);
            cancel.dispose();
          });
        }),
      );
    },
    async confirm(question: ConfirmQuestion) {
      const chosen = await window.showWarningMessage(question.message, { modal: true, detail: question.detail }, question.button);
      return chosen === question.button;
    },
    notify: showNotice,
  };
}

/** Shows a notice with its actions; resolves with the chosen one. */
export async function showNotice(notice: Notice): Promise<NoticeActionId | undefined> {
  const titles = notice.actions.map((a) => ACTION_TITLES[a]);
  const show =
    notice.severity === 'error'
      ? window.showErrorMessage
      : notice.severity === 'warning'
        ? window.showWarningMessage
        : window.showInformationMessage;
  const chosen = await show(notice.text, ...titles);
  return notice.actions.find((a) => ACTION_TITLES[a] === chosen);
}
