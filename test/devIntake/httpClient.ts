// Raw HTTP for the intake tests (node:http, no keep-alive), so that a destroyed socket shows up as
// its exact error code and every header can be read or forged (Host, Origin).

import * as http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export type RawResult = RawAnswer | { error: string };

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export function rawRequest(port: number, request: RawRequest): Promise<RawResult> {
  return new Promise((resolve) => {
    const outgoing = http.request(
      { host: '127.0.0.1', port, method: request.method ?? 'POST', path: request.path, headers: request.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    outgoing.end(request.body);
  });
}

export function intakePath(projectId = 'checkout-service'): string {
  return `/v1/projects/${projectId}/execution-requests`;
}

export interface Submission {
  key?: string | null;
  requestId?: string | null;
  contentType?: string | null;
  extra?: Record<string, string>;
  projectId?: string;
}

/** POSTs a request body as the submission engine would (Content-Type, Idempotency-Key, X-Alloy-Request-Id). */
export function submit(port: number, body: Buffer | string, options: Submission = {}): Promise<RawResult> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let parsed: { idempotency_key?: string; request_id?: string } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON: the caller passes the headers it wants.
  }
  const headers: Record<string, string> = {};
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  const key = options.key === undefined ? parsed.idempotency_key : options.key;
  const requestId = options.requestId === undefined ? parsed.request_id : options.requestId;
  if (contentType !== null) headers['Content-Type'] = contentType;
  if (key !== null && key !== undefined) headers['Idempotency-Key'] = key;
  if (requestId !== null && requestId !== undefined) headers['X-Alloy-Request-Id'] = requestId;
  return rawRequest(port, { path: intakePath(options.projectId), headers: { ...headers, ...options.extra }, body });
}

/** The answer, or a failed assertion naming the socket error. */
export function answered(result: RawResult): RawAnswer {
  if ('error' in result) throw new Error(`expected an answer, got the socket error ${result.error}`);
  return result;
}

export async function getJson(port: number, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return answered(await rawRequest(port, { method: 'GET', path, headers }));
}
