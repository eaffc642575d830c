// Shared fixtures for the core unit tests: a valid brief (YAML) and request (JSON) whose digest and
// key are computed independently of the core (test/support/independentHash.ts), in-memory
// workspaces, and assertions that compare diagnostics by code, severity and exact range.

import assert from 'node:assert/strict';
import { parse as parseYamlText } from 'yaml';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import type { AlloyDiagnostic } from '../../server/src/core/document/diagnostic';
import { canonicalText, sha256Of, type Json } from '../support/independentHash';
import { MemoryHost } from '../support/memoryHost';

// ---------------------------------------------------------------------------------------------
// Digests and keys, computed independently.

/** The brief digest (SPEC §4) of brief data: its canonical form without the top-level digest. */
export function expectedBriefDigest(data: Record<string, Json>): string {
  const { digest: _own, ...content } = data;
  return sha256Of(canonicalText(content));
}

/** The brief data of a YAML or JSON text, read with the YAML 1.2 core schema. */
export function briefDataOf(text: string): Record<string, Json> {
  return parseYamlText(text, { version: '1.2', schema: 'core', logLevel: 'error' }) as Record<string, Json>;
}

/** The idempotency key (SPEC §5) of a request value, or of the same request naming `briefDigest`. */
export function expectedKey(request: RequestValue, briefDigest: string = request.brief.digest): string {
  return sha256Of(
    canonicalText({
      brief_digest: briefDigest,
      entry_event: request.foundry.entry_event,
      payload: request.foundry.payload,
      project_id: request.project_id,
      repo_revision: request.repo.revision,
      requested_by: request.requested_by ?? null,
      throttle: request.foundry.throttle,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Paths in the in-memory repository (test/support/memoryHost.ts).

export const ROOT = '/repo';
export const BRIEF_PATH = '/repo/.alloy/briefs/checkout.yaml';
export const REQUEST_PATH = '/repo/.alloy/requests/run.json';
export const BRIEF_LOCAL_PATH = '.alloy/briefs/checkout.yaml';

// ---------------------------------------------------------------------------------------------
// The brief.

/**
 * The valid compiled brief, line by line (0-based line numbers are used by the tests):
 *  0 comment, 1 schema_version, 2 id, 3 version, 4 digest, 5 project_id, 6 created_at,
 *  7 created_by, 8 status, 9 mission, 10 objective, 11 definition_of_done, 12 item,
 *  13 protected_capabilities, 14 id, 15 statement, 16 severity, 17 evidence_plan, 18 required,
 *  19 item, 20 foundry, 21 entry_event, 22 throttle, 23 payload, 24 max_iterations, 25 strategic.
 */
const BRIEF_TEMPLATE = `# Formation Brief for the checkout payment work
schema_version: alloy.formation_brief.v1
id: brief_checkout_payment
version: 3
digest: DIGEST
project_id: checkout-service
created_at: 2026-06-06T10:00:00-04:00
created_by: stacey
status: compiled
mission:
  objective: Keep card payments working while the checkout flow is refactored.
  definition_of_done:
    - all payment gates pass
protected_capabilities:
  - id: cap_card_payment
    statement: A customer can pay by card.
    severity: high
evidence_plan:
  required:
    - payment_e2e_test
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload:
    max_iterations: 3
    strategic: true
`;

/**
 * The brief's YAML after `edit` (applied to the template), with its own `digest` line set to
 * the correct digest of the edited content, or to `ownDigest` when given.
 */
export function briefYaml(edit: (text: string) => string = (t) => t, ownDigest?: string): string {
  const edited = edit(BRIEF_TEMPLATE);
  const digest = ownDigest ?? expectedBriefDigest(briefDataOf(edited.replace(/^digest: DIGEST\n/m, '')));
  return edited.replace(/^digest: DIGEST$/m, `digest: ${digest}`);
}

export const BRIEF_YAML = briefYaml();
export const BRIEF_DIGEST = expectedBriefDigest(briefDataOf(BRIEF_YAML));

// ---------------------------------------------------------------------------------------------
// The request.

export interface RequestValue {
  schema_version: string;
  request_id: string;
  idempotency_key: string;
  project_id: string;
  requested_by?: string;
  requested_at?: string;
  repo: { path: string; revision: string; branch: string };
  brief: { id: string; version: number; digest: string; local_path: string };
  foundry: { entry_event: string; throttle: string; payload: { [key: string]: Json } };
  reporting?: { [key: string]: Json };
  [extra: string]: unknown;
}

/** A valid request for the brief above, as a fresh object to modify. */
export function requestValue(briefDigest: string = BRIEF_DIGEST): RequestValue {
  const value: RequestValue = {
    schema_version: 'alloy.foundry_execution_request.v1',
    request_id: 'runreq_01HZ_CHECKOUT_PAYMENT',
    idempotency_key: '',
    project_id: 'checkout-service',
    requested_by: 'stacey',
    requested_at: '2026-06-06T10:05:00-04:00',
    repo: { path: '/srv/checkout-service', revision: 'abc123', branch: 'alloy/checkout-payment' },
    brief: { id: 'brief_checkout_payment', version: 3, digest: briefDigest, local_path: BRIEF_LOCAL_PATH },
    foundry: { entry_event: 'iteration_requested', throttle: 'dry_run', payload: { max_iterations: 3, strategic: true } },
    reporting: {
      callback_url: 'http://127.0.0.1:7878/api/run-requests/runreq_01HZ_CHECKOUT_PAYMENT/completed',
      trace_summary_required: true,
      evidence_observations_required: true,
    },
  };
  value.idempotency_key = expectedKey(value);
  return value;
}

/**
 * The request as a JSON text with two-space indentation. With the default value the lines are
 * (0-based): 0 `{`, 1 schema_version, 2 request_id, 3 idempotency_key, 4 project_id,
 * 5 requested_by, 6 requested_at, 7 repo, 8 path, 9 revision, 10 branch, 11 `}`, 12 brief,
 * 13 id, 14 version, 15 digest, 16 local_path, 17 `}`, 18 foundry, 19 entry_event,
 * 20 throttle, 21 payload, 22 max_iterations, 23 strategic, 24 `}`, 25 `}`, 26 reporting,
 * 27 callback_url, 28 trace_summary_required, 29 evidence_observations_required, 30 `}`, 31 `}`.
 */
export function requestJson(value: RequestValue | Record<string, unknown>): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** A request value after `change`, with the key re-derived from the changed inputs. */
export function requestWith(change: (value: RequestValue) => void, briefDigest: string = BRIEF_DIGEST): RequestValue {
  const value = requestValue(briefDigest);
  change(value);
  value.idempotency_key = expectedKey(value);
  return value;
}

export const REQUEST_JSON = requestJson(requestValue());

// ---------------------------------------------------------------------------------------------
// Workspaces and assertions.

/** A workspace over an in-memory repository holding the given files (default: the valid pair). */
export function memoryWorkspace(files: Record<string, string> = { [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: REQUEST_JSON }): {
  host: MemoryHost;
  workspace: AlloyWorkspace;
} {
  const host = new MemoryHost(files, [ROOT]);
  return { host, workspace: new AlloyWorkspace(host, [ROOT]) };
}

/** The diagnostics of a request checked next to the valid brief (or the given brief text). */
export function checkRequestText(requestText: string, briefText: string = BRIEF_YAML): AlloyDiagnostic[] {
  const { workspace } = memoryWorkspace({ [BRIEF_PATH]: briefText, [REQUEST_PATH]: requestText });
  return workspace.check(REQUEST_PATH).diagnostics;
}

/** The diagnostics of a brief checked on its own. */
export function checkBriefText(briefText: string, file: string = BRIEF_PATH): AlloyDiagnostic[] {
  const { workspace } = memoryWorkspace({ [file]: briefText });
  return workspace.check(file).diagnostics;
}

/** [startLine, startCharacter, endLine, endCharacter], all 0-based. */
export type RangeTuple = [number, number, number, number];

export interface ExpectedDiagnostic {
  code: AlloyDiagnostic['code'];
  severity: AlloyDiagnostic['severity'];
  range: RangeTuple;
}

function summary(d: AlloyDiagnostic): ExpectedDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  };
}

/** Asserts the diagnostics are exactly these (code, severity, range), in order, and nothing else. */
export function assertDiagnostics(actual: AlloyDiagnostic[], expected: ExpectedDiagnostic[]): void {
  assert.deepEqual(
    actual.map(summary),
    expected,
    'diagnostics:\n' + actual.map((d) => `  ${d.code} ${JSON.stringify(d.range)} ${d.message}`).join('\n'),
  );
}

/** Asserts there is exactly one diagnostic, with this code, severity and range; returns it. */
export function assertOnly(
  actual: AlloyDiagnostic[],
  code: AlloyDiagnostic['code'],
  severity: AlloyDiagnostic['severity'],
  range: RangeTuple,
): AlloyDiagnostic {
  assertDiagnostics(actual, [{ code, severity, range }]);
  return actual[0];
}

/** The 0-based [line, character] range of the `occurrence`-th match of `needle` in `text`. */
export function rangeOfText(text: string, needle: string, occurrence = 0): RangeTuple {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" not found`);
  }
  const before = text.slice(0, offset).split('\n');
  const endLines = text.slice(0, offset + needle.length).split('\n');
  return [before.length - 1, before[before.length - 1].length, endLines.length - 1, endLines[endLines.length - 1].length];
}
