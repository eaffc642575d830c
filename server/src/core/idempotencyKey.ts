// The idempotency key (SPEC §5): the canonical hash of the request's seven key inputs.

import { canonicalSha256 } from './canonicalHash';
import type { JsonValue } from './syntaxTree';

export interface KeyInputs {
  brief_digest: string;
  entry_event: string;
  payload: JsonValue;
  project_id: string;
  repo_revision: string;
  requested_by: string | null;
  throttle: string;
}

type JsonObject = { [key: string]: JsonValue };

function member(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject)[key] : undefined;
}

/** The seven inputs, or undefined when the request lacks one of them (or has the wrong type). */
export function keyInputs(request: JsonValue): KeyInputs | undefined {
  const foundry = member(request, 'foundry');
  const inputs = {
    brief_digest: member(member(request, 'brief'), 'digest'),
    entry_event: member(foundry, 'entry_event'),
    payload: member(foundry, 'payload'),
    project_id: member(request, 'project_id'),
    repo_revision: member(member(request, 'repo'), 'revision'),
    requested_by: member(request, 'requested_by') ?? null,
    throttle: member(foundry, 'throttle'),
  };
  const strings = [inputs.brief_digest, inputs.entry_event, inputs.project_id, inputs.repo_revision, inputs.throttle];
  if (strings.some((s) => typeof s !== 'string')) return undefined;
  if (inputs.payload === undefined) return undefined;
  if (inputs.requested_by !== null && typeof inputs.requested_by !== 'string') return undefined;
  return inputs as KeyInputs;
}

export function idempotencyKey(inputs: KeyInputs): string {
  return canonicalSha256({ ...inputs });
}
