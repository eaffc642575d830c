// Request rules that need only the request itself: key, callback, branch, reporting (SPEC §5–6).
// They read the data; the syntax tree is asked for only to place a diagnostic.

import type { PendingDiagnostic } from '../document/diagnostic';
import { memberOf, spanAtPath, stringValueAt, type JsonValue, type SyntaxNode } from '../document/syntaxTree';

/** A URL path segment with its percent-escapes decoded; as written when they are malformed. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `derivedKey`: the key the request's seven inputs hash to (SPEC §5), when they are all present. */
export function checkRequestLocally(value: JsonValue, tree: () => SyntaxNode, derivedKey: string | undefined): PendingDiagnostic[] {
  const out: PendingDiagnostic[] = [];
  const key = stringValueAt(value, ['idempotency_key']);
  if (key !== undefined && derivedKey && key !== derivedKey) {
    out.push({
      code: 'idempotency-key-mismatch',
      message: `The idempotency key does not match the request: its seven key inputs hash to ${derivedKey}.`,
      span: spanAtPath(tree(), ['idempotency_key']),
      data: { expected: derivedKey },
    });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && memberOf(value, 'reporting') === undefined) {
    const root = tree();
    out.push({
      code: 'no-reporting',
      message: 'No "reporting" block: Foundry will not send results back for this request.',
      span: { offset: root.span.offset, length: root.span.length > 0 ? 1 : 0 },
    });
  }
  const callback = stringValueAt(value, ['reporting', 'callback_url']);
  const requestId = stringValueAt(value, ['request_id']);
  if (callback !== undefined && requestId !== undefined) {
    const named = /\/run-requests\/([^/?#]+)/.exec(callback)?.[1];
    if (named !== undefined && decodedSegment(named) !== requestId) {
      out.push({
        code: 'callback-mismatch',
        message: `The callback URL names run request "${named}", but this request is "${requestId}".`,
        span: spanAtPath(tree(), ['reporting', 'callback_url']),
      });
    }
  }
  const throttle = stringValueAt(value, ['foundry', 'throttle']);
  const branch = stringValueAt(value, ['repo', 'branch']);
  if (throttle === 'full' && branch !== undefined && !branch.startsWith('alloy/')) {
    out.push({
      code: 'mutating-on-shared-branch',
      message: `A full (mutating) run on "${branch}": mutating runs belong on an isolated branch starting "alloy/".`,
      span: spanAtPath(tree(), ['repo', 'branch']),
    });
  }
  return out;
}
