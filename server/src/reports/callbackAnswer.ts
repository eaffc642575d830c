// One answer of the callback receiver: status, headers and a small body. Refusals are RFC 9457
// problem details; every answer forbids caching and carries no CORS header, ever.

export interface CallbackAnswer {
  status: number;
  /** Header names in their usual capitalisation; `Content-Length` is added by the adapter. */
  headers: Record<string, string>;
  body: string;
  /**
   * Whether the connection is closed after this answer. Set on refusals sent before the body was
   * read, so an unread (perhaps huge) body is never drained into memory or waited for.
   */
  close: boolean;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? 'Error';
}

function baseHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
}

/** A refusal: `application/problem+json` with `title`, `status` and a `detail` in words. */
export function problemAnswer(
  status: number,
  detail: string,
  options: { close?: boolean; headers?: Record<string, string> } = {},
): CallbackAnswer {
  const body = JSON.stringify({ type: 'about:blank', title: titleOf(status), status, detail });
  return {
    status,
    headers: { ...baseHeaders('application/problem+json'), ...(options.headers ?? {}) },
    body,
    close: options.close ?? false,
  };
}

/** The `202` sent once the body is on disk: names the stored file, never echoes the body. */
export function storedAnswer(requestId: string, phase: string, file: string, duplicate: boolean): CallbackAnswer {
  const body = JSON.stringify({ status: 'stored', request_id: requestId, phase, file, duplicate });
  return { status: 202, headers: baseHeaders('application/json'), body, close: false };
}

/** The answer as raw HTTP/1.1 bytes, for the few cases written straight to a socket (timeouts, parse errors). */
export function rawHttpAnswer(answer: CallbackAnswer): string {
  const lines = [`HTTP/1.1 ${answer.status} ${titleOf(answer.status)}`];
  for (const [name, value] of Object.entries(answer.headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(answer.body)}`, 'Connection: close', '', answer.body);
  return lines.join('\r\n');
}
