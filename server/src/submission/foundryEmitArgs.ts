// The arguments of `foundry emit <entry_event> <project_id> --throttle <throttle> --payload <json>`
// (SPEC §7.3). Pure: the payload is `foundry.payload` with an `alloy` member naming the request.

import type { JsonValue } from '../core';

export interface EmitFields {
  requestId: string;
  key: string;
  projectId: string;
  entryEvent: string;
  throttle: string;
  briefId: string;
  briefDigest: string;
  briefPath: string;
  callbackUrl?: string;
  payload: { [key: string]: JsonValue };
}

/** Linux's limit on one argument (MAX_ARG_STRLEN, 32 pages), its terminating NUL included. */
export const MAX_ARGUMENT_BYTES = 131_072;

/** The payload as Foundry receives it: the request's payload members first, then `alloy`. */
export function emitPayload(fields: EmitFields): { [key: string]: JsonValue } {
  return {
    ...fields.payload,
    alloy: {
      request_id: fields.requestId,
      brief_id: fields.briefId,
      brief_digest: fields.briefDigest,
      brief_path: fields.briefPath,
      idempotency_key: fields.key,
      callback_url: fields.callbackUrl ?? null,
    },
  };
}

export function foundryEmitArgs(fields: EmitFields): string[] {
  return ['emit', fields.entryEvent, fields.projectId, '--throttle', fields.throttle, '--payload', JSON.stringify(emitPayload(fields))];
}

/** The byte length of the longest argument when it passes the limit, else undefined. */
export function oversizedArgument(args: readonly string[]): number | undefined {
  const longest = Math.max(0, ...args.map((a) => Buffer.byteLength(a, 'utf8')));
  return longest + 1 > MAX_ARGUMENT_BYTES ? longest : undefined;
}
