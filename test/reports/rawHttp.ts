// A scripted HTTP client on raw node:net sockets, so a test controls every byte on the wire
// (duplicate headers, bad escapes, dribbled bytes, bodies cut short) and sees exactly what comes back.

import * as net from 'node:net';

export interface RawResponse {
  /** Everything the server sent before the first full response ended (or the socket closed). */
  raw: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection. */
  closed: boolean;
  /** Milliseconds from connect to the answer (or close). */
  elapsedMs: number;
}

export type Script = (socket: net.Socket) => void | Promise<void>;

function parse(raw: string): { status: number; headers: Record<string, string>; body: string; complete: boolean } | undefined {
  // Skip interim 1xx answers such as 100 Continue.
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const lines = rest.slice(0, end).split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0])?.[1] ?? NaN);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    if (status >= 100 && status < 200) {
      rest = rest.slice(end + 4);
      continue;
    }
    const body = rest.slice(end + 4);
    const length = Number(headers['content-length'] ?? NaN);
    return { status, headers, body: body.slice(0, length), complete: Number.isFinite(length) && Buffer.byteLength(body) >= length };
  }
}

/** Connects, runs the script (which writes), and resolves with the first full response, or at close. */
export function exchange(
  port: number,
  script: Script | string | Buffer,
  options: { host?: string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect({ port, host });
    let raw = '';
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      const parsed = parse(raw);
      if (!closed && !parsed?.complete) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        raw,
        status: parsed?.status ?? 0,
        headers: parsed?.headers ?? {},
        body: parsed?.body ?? '',
        closed,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new Error(`no answer within ${options.timeoutMs ?? 5000} ms; got ${JSON.stringify(raw.slice(0, 300))}`));
    }, options.timeoutMs ?? 5000);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      raw += chunk;
      finish(false);
    });
    // Writes after the server closed fail with EPIPE/ECONNRESET; what it answered is still read.
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      if (typeof script === 'string' || Buffer.isBuffer(script)) socket.write(script);
      else void Promise.resolve(script(socket)).catch(() => undefined);
    });
  });
}

/** A complete request with the given head lines and body; `Content-Length` is added unless told otherwise. */
export function request(method: string, target: string, headers: string[], body = '', options: { contentLength?: boolean } = {}): Buffer {
  const head = [`${method} ${target} HTTP/1.1`, ...headers];
  if (options.contentLength !== false) head.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), Buffer.from(body, 'utf8')]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
