// "Alloy: Import Report…" decides before writing anything: the file must be a run result
// (`alloy.foundry_run_result.v1`) naming a run request this machine knows (in the ledger, or a
// request file with that id in the workspace), with a status that says completed or failed. Each
// refusal says why. What passes is then stored like a received body (and judged like one). Pure.

import { SCHEMA_VERSIONS } from '../../../server/src/core';
import { isRunRequestId, phaseOfRunStatus, type ReportPhase } from '../../../server/src/reports';

export type ImportJudgement =
  { ok: true; requestId: string; phase: ReportPhase; root: string; bytes: Uint8Array } | { ok: false; reason: string };

export interface ImportLookups {
  /** The repository root a request id's reports are filed under, when the id is known. */
  rootOf(requestId: string): string | undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  return Array.isArray(value) ? 'an array' : typeof value;
}

export function judgeImport(name: string, bytes: Uint8Array, lookups: ImportLookups): ImportJudgement {
  const refuse = (reason: string): ImportJudgement => ({ ok: false, reason: `Not imported: ${name} ${reason}.` });
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return refuse('is not UTF-8 text');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse(`is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return refuse(`is JSON but not an object (it is ${describe(data)})`);
  const record = data as Record<string, unknown>;
  const expected = SCHEMA_VERSIONS['run-result'];
  if (record.schema_version !== expected) {
    return refuse(`is not a run result: its schema_version is ${describe(record.schema_version)}, not "${expected}"`);
  }
  const requestId = record.run_request_id;
  if (typeof requestId !== 'string' || !isRunRequestId(requestId)) {
    return refuse(`names no run request: run_request_id is ${describe(requestId)} (runreq_ followed by letters, digits or _)`);
  }
  const phase = phaseOfRunStatus(typeof record.status === 'string' ? record.status : undefined);
  if (phase === undefined) {
    return refuse(
      `has the status ${describe(record.status)}, which is not a finished run ` +
        '(completed, completed_with_findings, failed, rejected or cancelled)',
    );
  }
  const root = lookups.rootOf(requestId);
  if (root === undefined) {
    return refuse(
      `is for ${requestId}, which this machine does not know: no submission of it is in the ledger and no request file in this ` +
        'workspace has that request_id',
    );
  }
  return { ok: true, requestId, phase, root, bytes };
}
