// Reads a request file's exact bytes once and decides whether they may be sent: no byte order
// mark, valid UTF-8, and no error diagnostic in the request or its brief (the analysis `alloy
// check` runs, on these very bytes). What is sent later is these bytes, never a re-read.

import * as path from 'node:path';
import { AlloyWorkspace, type AlloyDiagnostic, type JsonValue } from '../core';
import type { FileSystemHost } from '../core';
import type { ReadBytes } from './ports';
import type { Refusal, ReportedProblem } from './refusal';
import { decodeUtf8, sha256Of, startsWithByteOrderMark } from './requestBytes';

export type JsonObject = { [key: string]: JsonValue };

export interface PreparedRequest {
  /** Absolute path. */
  file: string;
  /** The repository root (SPEC §1). */
  root: string;
  bytes: Uint8Array;
  text: string;
  sha256: string;
  requestId: string;
  key: string;
  projectId: string;
  entryEvent: string;
  throttle: string;
  branch?: string;
  briefId: string;
  briefVersion: number;
  briefDigest: string;
  /** `brief.local_path` as written in the request. */
  briefPath: string;
  /** Where that path leads. */
  briefFile?: string;
  callbackUrl?: string;
  payload: JsonObject;
  /** Warnings and infos of the request and its brief (they do not block sending). */
  notes: ReportedProblem[];
}

export type Prepared = { ok: true; request: PreparedRequest } | { ok: false; refusal: Refusal };

export interface PrepareOptions {
  /** The workspace folders (a file's root falls back to the one containing it). */
  workspaceFolders?: readonly string[];
}

export async function prepareRequest(
  file: string,
  options: PrepareOptions,
  ports: { readBytes: ReadBytes; files: FileSystemHost },
): Promise<Prepared> {
  const absolute = path.resolve(file);
  if (!/\.json$/i.test(absolute)) {
    return { ok: false, refusal: { kind: 'not-a-request', file: absolute, reason: 'requests are .json files' } };
  }
  const read = await ports.readBytes(absolute);
  if (!read.ok) return { ok: false, refusal: { kind: 'unreadable-file', file: absolute, reason: read.reason } };
  const bytes = read.bytes;
  if (startsWithByteOrderMark(bytes)) return { ok: false, refusal: { kind: 'byte-order-mark', file: absolute } };
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, refusal: { kind: 'not-utf8', file: absolute, offset: decoded.offset, line: decoded.line } };

  const workspace = new AlloyWorkspace(ports.files, options.workspaceFolders ?? []);
  workspace.setOverlay(absolute, decoded.text);
  const report = workspace.check(absolute);
  const analysis = report.analysis;
  if (!analysis) return { ok: false, refusal: { kind: 'not-a-request', file: absolute, reason: 'it is not a .json file' } };
  const problems = report.diagnostics.map((d) => reported(absolute, d));
  if (report.briefPath !== undefined)
    problems.push(...workspace.check(report.briefPath).diagnostics.map((d) => reported(report.briefPath!, d)));
  if (analysis.kind !== 'request' && !problems.some((p) => p.severity === 'error')) {
    const reason = analysis.kind === undefined ? 'it has no request schema_version' : `it is a ${analysis.kind} file`;
    return { ok: false, refusal: { kind: 'not-a-request', file: absolute, reason } };
  }
  if (problems.some((p) => p.severity === 'error')) {
    return { ok: false, refusal: { kind: 'has-errors', file: absolute, diagnostics: problems.filter((p) => p.severity === 'error') } };
  }
  const fields = requestFields(analysis.value);
  if (!fields) return { ok: false, refusal: { kind: 'not-a-request', file: absolute, reason: 'a required member is missing' } };
  return {
    ok: true,
    request: {
      file: absolute,
      root: workspace.rootOf(absolute),
      bytes,
      text: decoded.text,
      sha256: sha256Of(bytes),
      ...fields,
      briefFile: report.briefPath,
      notes: problems,
    },
  };
}

function reported(file: string, d: AlloyDiagnostic): ReportedProblem {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

type RequestFields = Omit<PreparedRequest, 'file' | 'root' | 'bytes' | 'text' | 'sha256' | 'briefFile' | 'notes'>;

function member(value: JsonValue | undefined, name: string): JsonValue | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value[name] : undefined;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The members the engine uses; the schema has already required them, so `undefined` means a core change. */
export function requestFields(data: JsonValue | undefined): RequestFields | undefined {
  const brief = member(data, 'brief');
  const foundry = member(data, 'foundry');
  const payload = member(foundry, 'payload');
  const fields = {
    requestId: text(member(data, 'request_id')),
    key: text(member(data, 'idempotency_key')),
    projectId: text(member(data, 'project_id')),
    entryEvent: text(member(foundry, 'entry_event')),
    throttle: text(member(foundry, 'throttle')),
    briefId: text(member(brief, 'id')),
    briefDigest: text(member(brief, 'digest')),
    briefPath: text(member(brief, 'local_path')),
  };
  const briefVersion = member(brief, 'version');
  if (Object.values(fields).some((v) => v === undefined) || typeof briefVersion !== 'number') return undefined;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  return {
    ...(fields as { [K in keyof typeof fields]: string }),
    briefVersion,
    branch: text(member(member(data, 'repo'), 'branch')),
    callbackUrl: text(member(member(data, 'reporting'), 'callback_url')),
    payload,
  };
}
