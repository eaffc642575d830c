// A loopback receiver for the intake's callbacks: records every request (method, path, headers,
// body bytes) and answers 202, or fails on purpose (destroys the socket, or answers a status).

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface CallbackReceiver {
  port: number;
  received: ReceivedCallback[];
  /** callback_url for a request id, ending /completed as Alloy writes it. */
  callbackUrl(requestId: string): string;
  close(): Promise<void>;
}

export interface ReceiverBehaviour {
  /** Destroy the socket of the first N requests without answering. */
  destroyFirst?: number;
  /** Answer every request with this status. */
  status?: number;
}

export async function startReceiver(behaviour: ReceiverBehaviour = {}): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let seen = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen++;
      if (seen <= (behaviour.destroyFirst ?? 0)) {
        request.socket.destroy();
        return;
      }
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(behaviour.status ?? 202, { 'Content-Length': 0 });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    received,
    callbackUrl: (requestId) => `http://127.0.0.1:${port}/api/run-requests/${requestId}/completed`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
