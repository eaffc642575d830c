// Request rules that need only the request itself: key, callback, branch, reporting (SPEC §5–6).

import type { PendingDiagnostic } from '../document/diagnostic';
import { nodeAtPath, stringAt, type SyntaxNode } from '../document/syntaxTree';

/** A URL path segment with its percent-escapes decoded; as written when they are malformed. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `derivedKey`: the key the request's seven inputs hash to (SPEC §5), when they are all present. */
export function checkRequestLocally(root: SyntaxNode | undefined, derivedKey: string | undefined): PendingDiagnostic[] {
  const out: PendingDiagnostic[] = [];
  const key = stringAt(root, ['idempotency_key']);
  if (key && derivedKey && key.value !== derivedKey) {
    out.push({
      code: 'idempotency-key-mismatch',
      message: `The idempotency key does not match the request: its seven key inputs hash to ${derivedKey}.`,
      span: key.span,
      data: { expected: derivedKey },
    });
  }
  const reporting = nodeAtPath(root, ['reporting']);
  if (!reporting && root?.kind === 'object') {
    out.push({
      code: 'no-reporting',
      message: 'No "reporting" block: Foundry will not send results back for this request.',
      span: { offset: root.span.offset, length: root.span.length > 0 ? 1 : 0 },
    });
  }
  const callback = stringAt(root, ['reporting', 'callback_url']);
  const requestId = stringAt(root, ['request_id']);
  if (callback && requestId) {
    const named = /\/run-requests\/([^/?#]+)/.exec(callback.value)?.[1];
    if (named !== undefined && decodedSegment(named) !== requestId.value) {
      out.push({
        code: 'callback-mismatch',
        message: `The callback URL names run request "${named}", but this request is "${requestId.value}".`,
        span: callback.span,
      });
    }
  }
  const throttle = stringAt(root, ['foundry', 'throttle']);
  const branch = stringAt(root, ['repo', 'branch']);
  if (throttle?.value === 'full' && branch && !branch.value.startsWith('alloy/')) {
    out.push({
      code: 'mutating-on-shared-branch',
      message: `A full (mutating) run on "${branch.value}": mutating runs belong on an isolated branch starting "alloy/".`,
      span: branch.span,
    });
  }
  return out;
}
