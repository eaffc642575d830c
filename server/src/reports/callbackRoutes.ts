// The receiver's decisions (SPEC §8.2), free of sockets: from a request's method, target and
// headers, either a refusal or "read the body" for a known run request and phase; then, from the
// body's bytes, either a refusal or the text to store. The Node adapter only carries bytes.

import { problemAnswer, type CallbackAnswer } from './callbackAnswer';
import { isOwnHost } from './loopbackAddress';
import { isReportPhase, REPORT_PHASES, type ReportPhase } from './reportPhase';
import { isRunRequestId } from './runRequestId';

/** Header values by lower-case name; a header sent twice has two values. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface CallbackHead {
  method: string;
  /** The request target exactly as received (`/api/run-requests/…`), not decoded. */
  target: string;
  headers: HeaderMap;
}

export interface RouteContext {
  /** The port the receiver listens on: the only port a `Host` header may name. */
  port: number;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  /** Whether the ledger records a submission of this run-request id. */
  isKnownRequest(requestId: string): boolean;
}

export type RouteDecision =
  { kind: 'refuse'; answer: CallbackAnswer } | { kind: 'read-body'; requestId: string; phase: ReportPhase; limit: number };

export type BodyDecision = { kind: 'refuse'; answer: CallbackAnswer } | { kind: 'store'; text: string };

const ROUTE = '/api/run-requests/:id/{' + REPORT_PHASES.join(',') + '}';

function valuesOf(headers: HeaderMap, name: string): readonly string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function refuse(status: number, detail: string, headers?: Record<string, string>): RouteDecision {
  // Every refusal here comes before the body is read, so the connection is closed after it.
  return { kind: 'refuse', answer: problemAnswer(status, detail, { close: true, headers }) };
}

/** Percent-decodes one path segment; undefined when an escape is malformed or not UTF-8. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function show(value: string): string {
  const shown = value.length > 80 ? value.slice(0, 80) + '…' : value;
  return JSON.stringify(shown);
}

function checkMediaType(values: readonly string[]): string | undefined {
  if (values.length === 0) return 'The request has no Content-Type; send the report as application/json.';
  if (values.length > 1) return 'The request has more than one Content-Type header.';
  const [type, ...params] = values[0].split(';');
  if (type.trim().toLowerCase() !== 'application/json') {
    return `Content-Type ${show(values[0].trim())} is not accepted; send the report as application/json.`;
  }
  for (const param of params) {
    const [name, raw = ''] = param.split('=');
    const value = raw
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (name.trim().toLowerCase() === 'charset' && value !== 'utf-8' && value !== 'utf8') {
      return `Charset ${show(value)} is not accepted; JSON reports are UTF-8.`;
    }
  }
  return undefined;
}

/** Decides what to do with a request once its headers have arrived. */
export function routeCallback(head: CallbackHead, context: RouteContext): RouteDecision {
  const hosts = valuesOf(head.headers, 'host');
  if (hosts.length === 0) return refuse(400, 'The request has no Host header.');
  if (hosts.length > 1) return refuse(400, 'The request has more than one Host header.');
  if (!isOwnHost(hosts[0], context.port)) {
    return refuse(
      403,
      `Host ${show(hosts[0])} is not this receiver; it answers only ` +
        `127.0.0.1:${context.port}, [::1]:${context.port} or localhost:${context.port}.`,
    );
  }
  if (valuesOf(head.headers, 'origin').length > 0) {
    return refuse(403, 'Requests with an Origin header are refused: reports come from Foundry, never from a browser page.');
  }
  if (head.method !== 'POST') {
    return refuse(405, `Method ${show(head.method)} is not allowed; reports are sent with POST to ${ROUTE}.`, { Allow: 'POST' });
  }
  if (!head.target.startsWith('/')) {
    return refuse(400, `Request target ${show(head.target)} is not a path; send POST ${ROUTE}.`);
  }
  const path = head.target.split('?')[0];
  const segments = path.split('/').slice(1).map(decodeSegment);
  if (segments.some((s) => s === undefined)) {
    return refuse(400, `The path ${show(path)} has a malformed percent-escape.`);
  }
  const [api, runRequests, requestId, phase] = segments as string[];
  if (segments.length !== 4 || api !== 'api' || runRequests !== 'run-requests') {
    return refuse(404, `No route ${show(path)}; reports are sent to ${ROUTE}.`);
  }
  if (!isReportPhase(phase)) {
    return refuse(404, `Unknown report phase ${show(phase)}; the phases are ${REPORT_PHASES.join(', ')}.`);
  }
  if (!isRunRequestId(requestId)) {
    return refuse(404, `${show(requestId)} is not a run-request id (runreq_ followed by letters, digits or underscores).`);
  }
  if (!context.isKnownRequest(requestId)) {
    return refuse(404, `No submission of ${requestId} is recorded in the ledger.`);
  }
  const mediaProblem = checkMediaType(valuesOf(head.headers, 'content-type'));
  if (mediaProblem) return refuse(415, mediaProblem);
  const lengths = valuesOf(head.headers, 'content-length');
  if (lengths.length > 0) {
    if (lengths.some((l) => !/^\d+$/.test(l.trim())) || new Set(lengths.map((l) => l.trim())).size > 1) {
      return refuse(400, `Content-Length ${show(lengths.join(', '))} is not one number.`);
    }
    const length = Number(lengths[0].trim());
    if (length > context.bodyLimit) {
      return refuse(413, `The body is ${length} bytes; this receiver accepts at most ${context.bodyLimit}.`);
    }
  }
  return { kind: 'read-body', requestId, phase, limit: context.bodyLimit };
}

/** The refusal sent as soon as a streamed body passes the limit. */
export function bodyTooLargeAnswer(limit: number): CallbackAnswer {
  return problemAnswer(413, `The body is larger than ${limit} bytes, the most this receiver accepts.`, { close: true });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decides on a complete body: a JSON object is stored (whatever its schema), anything else is refused. */
export function judgeCallbackBody(bytes: Uint8Array): BodyDecision {
  const no = (detail: string): BodyDecision => ({ kind: 'refuse', answer: problemAnswer(400, detail) });
  if (bytes.length === 0) return no('The body is empty; a report is a JSON object.');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return no('The body starts with a UTF-8 byte order mark; send the JSON without it.');
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return no('The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return no(`The body is not JSON: ${(error as Error).message}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return no(`The body is JSON but ${what}, not an object.`);
  }
  return { kind: 'store', text };
}
