// Sees every list of diagnostics the server sends (the publisher's `connection.sendDiagnostics`):
// the one point where the server learns that a file was checked, whatever made it check (an edit,
// the start-up scan, a brief's fan-out, a disk event). The workspace symbol index listens here,
// and pull diagnostics (pullDiagnosticsFeature.ts) stop the push here, so that a pulling client
// gets exactly the lists a pushing client would have been sent. It wraps the connection's method
// in place, so the publisher and everything before it stay as they are.

import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { logFailure } from './handlerGuard';

export type DiagnosticsListener = (sent: PublishDiagnosticsParams) => void;

export class DiagnosticsTap {
  private readonly listeners: DiagnosticsListener[] = [];
  private pushing = true;

  constructor(connection: Connection) {
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = async (params: PublishDiagnosticsParams) => {
      for (const listener of this.listeners) {
        try {
          listener(params);
        } catch (error) {
          logFailure(connection, `noting the diagnostics of ${params.uri}`, error);
        }
      }
      if (this.pushing) await send(params);
    };
  }

  /** Calls `listener` with each list before it is (or would have been) sent. */
  listen(listener: DiagnosticsListener): void {
    this.listeners.push(listener);
  }

  /** From now on lists only go to the listeners: the client pulls them. */
  stopPushing(): void {
    this.pushing = false;
  }
}
