// Messages shown to the user as window/showMessage notifications: nothing waits for an answer, so
// a client that cannot show them (or answers a showMessageRequest with an error) never leaves a
// rejected promise behind.

import { MessageType, ShowMessageNotification } from './lspLibrary';
import type { Connection } from 'vscode-languageserver/node';
import type { ServerContext } from './serverContext';

export function showWarning(context: ServerContext, message: string): void {
  void context.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
}

export function showInformation(connection: Connection, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
}
