// The idempotency key (SPEC §5): the canonical hash of the request's seven key inputs.

import { canonicalSha256 } from './canonicalHash';
import { memberOf, type JsonValue } from '../document/syntaxTree';

export interface KeyInputs {
  brief_digest: string;
  entry_event: string;
  payload: JsonValue;
  project_id: string;
  repo_revision: string;
  requested_by: string | null;
  throttle: string;
}

/** Where each of the seven inputs is in a request. */
export const KEY_INPUT_PATHS: readonly (readonly string[])[] = [
  ['brief', 'digest'],
  ['foundry', 'entry_event'],
  ['foundry', 'payload'],
  ['project_id'],
  ['repo', 'revision'],
  ['requested_by'],
  ['foundry', 'throttle'],
];

/** The seven inputs, or undefined when the request lacks one of them (or has the wrong type). */
export function keyInputs(request: JsonValue): KeyInputs | undefined {
  const foundry = memberOf(request, 'foundry');
  const inputs = {
    brief_digest: memberOf(memberOf(request, 'brief'), 'digest'),
    entry_event: memberOf(foundry, 'entry_event'),
    payload: memberOf(foundry, 'payload'),
    project_id: memberOf(request, 'project_id'),
    repo_revision: memberOf(memberOf(request, 'repo'), 'revision'),
    requested_by: memberOf(request, 'requested_by') ?? null,
    throttle: memberOf(foundry, 'throttle'),
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
