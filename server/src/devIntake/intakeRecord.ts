// What the intake remembers about one idempotency key: the body's hash, the answer it gave, the
// run and its callbacks. One record per key, persisted so a restart still dedupes; this module
// also reads a stored record back and says exactly what is wrong with a damaged one.

import type { CallbackRecord } from './callbackDelivery';
import type { RunResult } from './dryRunSimulation';
import type { Parsed } from './parsed';

export interface IntakeRecord {
  v: 1;
  key: string;
  /** sha256 hex of the request body bytes, as received. */
  body_sha256: string;
  request_id: string;
  project_id: string;
  run_id: string;
  received_at: string;
  /** The first answer, replayed byte for byte. */
  response: { status: 202; location: string; body: string };
  /** Runs started for this key: 1, and a test fails if it is ever more. */
  runs: number;
  result: RunResult;
  callback_url: string | null;
  /** When the run's last callback was sent (at once when there is no callback_url); null while running. */
  finished_at: string | null;
  callbacks: CallbackRecord[];
}

const KEY = /^sha256:[0-9a-f]{64}$/;
const HEX = /^[0-9a-f]{64}$/;

/** Reads a stored record; `source` names the file in the message. */
export function parseIntakeRecord(text: string, source: string): Parsed<IntakeRecord> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${source}: not JSON (${(error as Error).message})` };
  }
  const record = value as Partial<IntakeRecord> | null;
  const problems: string[] = [];
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { ok: false, message: `${source}: not a JSON object` };
  if (record.v !== 1) problems.push(`version ${JSON.stringify(record.v)} is not 1`);
  if (typeof record.key !== 'string' || !KEY.test(record.key)) problems.push('key is not sha256:<64 hex>');
  if (typeof record.body_sha256 !== 'string' || !HEX.test(record.body_sha256)) problems.push('body_sha256 is not 64 hex digits');
  for (const field of ['request_id', 'project_id', 'run_id', 'received_at'] as const) {
    if (typeof record[field] !== 'string') problems.push(`${field} is not a string`);
  }
  const response = record.response;
  if (
    typeof response !== 'object' ||
    response === null ||
    response.status !== 202 ||
    typeof response.body !== 'string' ||
    typeof response.location !== 'string'
  ) {
    problems.push('response is not { status: 202, location, body }');
  }
  if (!Number.isInteger(record.runs) || (record.runs as number) < 1) problems.push('runs is not a whole number ≥ 1');
  if (typeof record.result !== 'object' || record.result === null) problems.push('result is not an object');
  if (record.callback_url !== null && typeof record.callback_url !== 'string') problems.push('callback_url is not a string or null');
  if (record.finished_at !== null && typeof record.finished_at !== 'string') problems.push('finished_at is not a string or null');
  if (!Array.isArray(record.callbacks)) problems.push('callbacks is not an array');
  if (problems.length > 0) return { ok: false, message: `${source}: ${problems.join('; ')}` };
  return { ok: true, value: record as IntakeRecord };
}
