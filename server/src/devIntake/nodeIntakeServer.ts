// The node:http side of the intake: listens on loopback addresses, reads bodies under a size limit,
// hands each request to the handler and writes its answer, or destroys the socket when a fault
// says so. No decision is taken here.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAnswer } from './httpAnswer';
import type { IncomingCall, Outcome } from './intakeHandler';
import type { Log } from './ports';

export interface ServerHooks {
  beforeBody(call: IncomingCall): Outcome | undefined;
  handle(call: IncomingCall, body: Buffer): Promise<Outcome>;
  tooLarge(call: IncomingCall, limit: number): HttpAnswer;
}

export interface ListeningIntake {
  port: number;
  /** The addresses actually bound. */
  addresses: string[];
  close(): Promise<void>;
}

function writeAnswer(response: http.ServerResponse, answer: HttpAnswer, close = false): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(answer.status, {
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body),
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
  });
  response.end(answer.body);
}

function serve(hooks: ServerHooks, maxBodyBytes: number, log: Log): http.RequestListener {
  return (request, response) => {
    const call: IncomingCall = { method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers };
    const early = hooks.beforeBody(call);
    if (early) {
      if ('destroy' in early) request.socket.destroy();
      else writeAnswer(response, early.answer);
      return;
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      writeAnswer(response, hooks.tooLarge(call, maxBodyBytes), true);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        over = true;
        chunks.length = 0;
        writeAnswer(response, hooks.tooLarge(call, maxBodyBytes), true);
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) =>
      log(`${call.method} ${call.target.slice(0, 200)}: the request failed while being read: ${error.message}`),
    );
    request.on('end', () => {
      if (over) return;
      hooks
        .handle(call, Buffer.concat(chunks))
        .then((outcome) => {
          if ('destroy' in outcome) request.socket.destroy();
          else writeAnswer(response, outcome.answer);
        })
        .catch((error: unknown) => {
          log(`${call.method} ${call.target.slice(0, 200)}: ${error instanceof Error ? error.message : String(error)}`);
          request.socket.destroy();
        });
    });
  };
}

function listenOne(server: http.Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, address);
  });
}

/** Listens on every address, on one port (the first address picks it when `port` is 0). */
export async function listenIntake(
  addresses: string[],
  port: number,
  hooks: ServerHooks,
  maxBodyBytes: number,
  log: Log,
): Promise<ListeningIntake> {
  const servers: http.Server[] = [];
  const bound: string[] = [];
  let actualPort = port;
  const closeAll = async (): Promise<void> => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };
  for (const address of addresses) {
    const server = http.createServer(
      { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 2_000 },
      serve(hooks, maxBodyBytes, log),
    );
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Even a request node:http cannot parse gets a problem document saying why (it is not
      // counted: it never became a request). Oversized headers are 431, anything else 400.
      const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
      const body = JSON.stringify({
        type: 'about:blank',
        title: tooLarge ? 'Request headers too large' : 'Malformed request',
        status: tooLarge ? 431 : 400,
        detail: tooLarge
          ? 'The request headers exceed 16 KiB (a very long X-Alloy-Request-Id?); shorten them.'
          : `The request could not be parsed as HTTP/1.1 (${error.code ?? error.message}).`,
      });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      } else socket.destroy();
      log(`a client sent a malformed request: ${error.message}`);
    });
    try {
      actualPort = await listenOne(server, address, actualPort);
      servers.push(server);
      bound.push(address);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (bound.length > 0 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) {
        log(`not listening on ${address}: this machine has no such address (${code})`);
        continue;
      }
      await closeAll();
      if (code === 'EADDRINUSE')
        throw new Error(`Port ${actualPort} on ${address} is already in use; pick another --port (0 picks a free one).`, { cause: error });
      throw new Error(`Cannot listen on ${address}:${actualPort}: ${(error as Error).message}`, { cause: error });
    }
  }
  return { port: actualPort, addresses: bound, close: closeAll };
}
