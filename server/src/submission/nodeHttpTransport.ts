// The HTTP transport on node:http/https: one POST with exactly Content-Type, Idempotency-Key,
// X-Alloy-Request-Id, Authorization (only with a token) and Content-Length; redirects never
// followed; a per-attempt timeout; AbortSignal; a proxy from the injected env (CONNECT tunnel for
// https, absolute-form for http), never for loopback, its credentials never in a message.

import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import type { Env, HttpAnswer, HttpFailureReason, HttpSendRequest, HttpTransport } from './ports';
import { nodeAddressInRange } from './nodeAddressRange';
import { proxyFor } from './proxyChoice';
import { durationWords } from './timeWords';

export interface NodeHttpTransportOptions {
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (the CLI passes process.env; tests a fake). */
  env?: Env;
  /** At most this much of an answer's body is kept (default 64 KiB); the status decides anyway. */
  maxBodyBytes?: number;
  /** Extra TLS options (tests pass a CA); never used to turn verification off. */
  tls?: Pick<tls.ConnectionOptions, 'ca'>;
}

const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_TLS/;

function failure(reason: HttpFailureReason, message: string, retryable: boolean, notSent: boolean): HttpAnswer {
  return { kind: 'failure', reason, message, retryable, notSent };
}

function classifyError(error: NodeJS.ErrnoException, where: string): HttpAnswer {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return failure('refused', `connection refused by ${where}`, true, true);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failure('dns', `the host name of ${where} was not found (${code})`, true, true);
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'EADDRNOTAVAIL')
    return failure('network', `${where} is unreachable (${code})`, true, true);
  if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up') {
    return failure('reset', `the connection to ${where} was reset before an answer came`, true, false);
  }
  if (CERTIFICATE_ERRORS.test(code)) return failure('tls', `the TLS certificate of ${where} is not trusted (${code})`, false, true);
  return failure('network', `network error talking to ${where} (${code || error.message})`, true, false);
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function nodeHttpTransport(options: NodeHttpTransportOptions = {}): HttpTransport {
  const env = options.env ?? {};
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;

  return {
    send(request: HttpSendRequest): Promise<HttpAnswer> {
      return new Promise<HttpAnswer>((resolve) => {
        let url: URL;
        try {
          url = new URL(request.url);
        } catch {
          resolve(failure('network', 'the endpoint is not a URL', false, true));
          return;
        }
        const secure = url.protocol === 'https:';
        const port = Number(url.port || (secure ? 443 : 80));
        const hostname = url.hostname.replace(/^\[|\]$/g, '');
        const target = url.host;
        const proxy = proxyFor(url, env, nodeAddressInRange);
        if (proxy.kind === 'invalid') {
          resolve(failure('proxy', proxy.message, false, true));
          return;
        }
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          'Idempotency-Key': request.idempotencyKey,
          'X-Alloy-Request-Id': request.requestId,
        };
        if (request.token !== undefined) headers.Authorization = `Bearer ${request.token}`;
        headers['Content-Length'] = String(request.body.byteLength);
        const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);

        let settled = false;
        let status: number | undefined;
        let responseHeaders: Record<string, string> = {};
        const chunks: Buffer[] = [];
        let kept = 0;
        const destroyables: { destroy(): void }[] = [];
        const finish = (answer: HttpAnswer) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          request.signal.removeEventListener('abort', onAbort);
          for (const d of destroyables) d.destroy();
          resolve(answer);
        };
        const responseSoFar = (): HttpAnswer => ({
          kind: 'response',
          status: status!,
          headers: responseHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const timer = setTimeout(() => {
          // Once the status line is in, the status decides: a stalled body does not undo "accepted".
          if (status !== undefined) finish(responseSoFar());
          else finish(failure('timeout', `no answer from ${target} within ${durationWords(request.timeoutMs)}`, true, false));
        }, request.timeoutMs);
        const onAbort = () => finish(failure('aborted', 'cancelled', false, false));
        request.signal.addEventListener('abort', onAbort, { once: true });
        if (request.signal.aborted) {
          onAbort();
          return;
        }

        const onResponse = (res: http.IncomingMessage) => {
          destroyables.push(res);
          status = res.statusCode ?? 0;
          responseHeaders = headerRecord(res.headers);
          res.on('data', (chunk: Buffer) => {
            if (kept < maxBodyBytes) {
              const part = chunk.subarray(0, maxBodyBytes - kept);
              chunks.push(part);
              kept += part.length;
            }
            if (kept >= maxBodyBytes) finish(responseSoFar());
          });
          res.on('end', () => finish(responseSoFar()));
          res.on('error', () => finish(responseSoFar()));
          res.on('close', () => finish(responseSoFar()));
        };
        const send = (req: http.ClientRequest, where: string) => {
          destroyables.push(req);
          req.on('response', onResponse);
          req.on('error', (error: NodeJS.ErrnoException) => finish(status === undefined ? classifyError(error, where) : responseSoFar()));
          req.end(body);
        };
        const path = `${url.pathname}${url.search}`;

        if (proxy.kind === 'direct') {
          const base = { hostname, port, path, method: 'POST', headers, agent: false as const };
          let req: http.ClientRequest;
          try {
            req = secure ? https.request({ ...base, ...options.tls }) : http.request(base);
          } catch (error) {
            // node:http refuses the request before any byte leaves (a header it cannot encode):
            // not sent, not worth retrying, and the timer and abort listener are released by finish.
            finish(failure('network', `the request could not be built: ${(error as Error).message}`, false, true));
            return;
          }
          send(req, target);
          return;
        }
        const proxyHeaders: Record<string, string> =
          proxy.authorization === undefined ? {} : { 'Proxy-Authorization': proxy.authorization };
        const viaProxy = `the proxy ${proxy.shown}`;
        if (!secure) {
          // Absolute-form request line, as RFC 9112 §3.2.2 asks of a client talking to a proxy.
          send(
            http.request({
              hostname: proxy.hostname,
              port: proxy.port,
              path: url.href,
              method: 'POST',
              headers: { Host: target, ...headers, ...proxyHeaders },
              agent: false,
            }),
            viaProxy,
          );
          return;
        }
        const authority = `${url.hostname}:${port}`;
        const connect = http.request({
          hostname: proxy.hostname,
          port: proxy.port,
          method: 'CONNECT',
          path: authority,
          headers: { Host: authority, ...proxyHeaders },
          agent: false,
        });
        destroyables.push(connect);
        connect.on('error', (error: NodeJS.ErrnoException) => finish(classifyError(error, viaProxy)));
        connect.on('connect', (res: http.IncomingMessage, socket: Socket) => {
          destroyables.push(socket);
          if (res.statusCode !== 200) {
            finish(
              failure(
                'proxy',
                `${viaProxy} refused the tunnel to ${target} (${res.statusCode})`,
                res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504,
                true,
              ),
            );
            return;
          }
          // SNI takes a host name only, never an IP literal.
          const servername = /^[\d.]+$|:/.test(hostname) ? undefined : hostname;
          const secureSocket = tls.connect({ socket, ...(servername === undefined ? {} : { servername }), ...options.tls });
          destroyables.push(secureSocket);
          secureSocket.on('error', (error: NodeJS.ErrnoException) =>
            finish(status === undefined ? classifyError(error, target) : responseSoFar()),
          );
          send(http.request({ createConnection: () => secureSocket, path, method: 'POST', headers: { Host: target, ...headers } }), target);
        });
        connect.end();
      });
    },
  };
}
