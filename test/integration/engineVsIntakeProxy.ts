// A recording reverse proxy on 127.0.0.1 between the engine and the intake: it keeps every request
// exactly as it arrived (raw header lines, body bytes) and the answer that went back, forwards with
// Host rewritten to the intake's (or kept, to make the intake refuse it), and turns a socket the
// intake destroyed into a destroyed socket for the engine, so faults reach the engine unchanged.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  target: string;
  /** Header lines in the order sent, names as sent. */
  rawHeaders: [string, string][];
  body: Buffer;
  /** The intake's status, when it answered. */
  status?: number;
  /** The intake's answer headers (lower-case names). */
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** Set when the intake's socket ended without an answer (reset-before-read, drop-after-processing). */
  upstreamError?: string;
}

export interface RecordingProxy {
  url: string;
  /** The engine's endpoint setting through this proxy. */
  endpoint: string;
  exchanges: Exchange[];
  /** Forward the engine's Host header unchanged (the intake then sees a foreign port and answers 403). */
  keepHost: boolean;
  close(): Promise<void>;
}

/** Header lines as pairs, for exact comparisons. */
function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

export async function startRecordingProxy(upstreamPort: number, endpointPath: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const proxy: RecordingProxy = { url: '', endpoint: '', exchanges, keepHost: false, close: async () => undefined };
  const server = http.createServer({ maxHeaderSize: 256 * 1024 }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.on('end', () => {
      const exchange: Exchange = {
        method: request.method ?? '',
        target: request.url ?? '',
        rawHeaders: pairs(request.rawHeaders),
        body: Buffer.concat(chunks),
      };
      exchanges.push(exchange);
      const headers: [string, string][] = exchange.rawHeaders.map(([name, value]) =>
        name.toLowerCase() === 'host' && !proxy.keepHost ? [name, `127.0.0.1:${upstreamPort}`] : [name, value],
      );
      const upstream = http.request({
        host: '127.0.0.1',
        port: upstreamPort,
        method: exchange.method,
        path: exchange.target,
        headers: headers.flat(),
        agent: false,
      });
      upstream.on('response', (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('error', () => request.socket.destroy());
        answer.on('end', () => {
          exchange.status = answer.statusCode;
          exchange.responseHeaders = Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, String(v)]));
          exchange.responseBody = Buffer.concat(body).toString('utf8');
          if (response.destroyed) return;
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(body));
        });
      });
      upstream.on('error', (error) => {
        exchange.upstreamError = error.message;
        request.socket.destroy();
      });
      upstream.end(exchange.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.endpoint = `${proxy.url}${endpointPath}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
