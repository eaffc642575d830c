// The few facts of a checked request and of its brief that the simulated run and the callbacks
// need, read once from the JSON data so the rest of the intake works with plain typed fields.

import type { JsonValue } from '../core';
import { arrayAt, isObject, numberAt, stringAt } from './jsonAccess';

export interface RequestFacts {
  requestId: string;
  idempotencyKey: string;
  projectId: string;
  revision: string;
  branch: string;
  briefId: string;
  briefVersion: number;
  briefDigest: string;
  briefPath: string;
  entryEvent: string;
  throttle: string;
  callbackUrl: string | undefined;
}

export interface BriefFacts {
  /** `protected_capabilities[].id`, in brief order. */
  capabilities: string[];
  /** `evidence_plan.required[]`, in brief order. */
  requiredEvidence: string[];
  /** `threats_to_watch[]`, in brief order. */
  threats: string[];
}

export function requestFacts(request: JsonValue): RequestFacts {
  return {
    requestId: stringAt(request, 'request_id') ?? '',
    idempotencyKey: stringAt(request, 'idempotency_key') ?? '',
    projectId: stringAt(request, 'project_id') ?? '',
    revision: stringAt(request, 'repo', 'revision') ?? '',
    branch: stringAt(request, 'repo', 'branch') ?? '',
    briefId: stringAt(request, 'brief', 'id') ?? '',
    briefVersion: numberAt(request, 'brief', 'version') ?? 0,
    briefDigest: stringAt(request, 'brief', 'digest') ?? '',
    briefPath: stringAt(request, 'brief', 'local_path') ?? '',
    entryEvent: stringAt(request, 'foundry', 'entry_event') ?? '',
    throttle: stringAt(request, 'foundry', 'throttle') ?? '',
    callbackUrl: stringAt(request, 'reporting', 'callback_url'),
  };
}

export function briefFacts(brief: JsonValue | undefined): BriefFacts {
  const capabilities = arrayAt(brief, 'protected_capabilities')
    .map((capability) => (isObject(capability) ? stringAt(capability, 'id') : undefined))
    .filter((id): id is string => id !== undefined && id.length > 0);
  const strings = (...path: string[]): string[] =>
    arrayAt(brief, ...path).filter((item): item is string => typeof item === 'string' && item.length > 0);
  return { capabilities, requiredEvidence: strings('evidence_plan', 'required'), threats: strings('threats_to_watch') };
}
