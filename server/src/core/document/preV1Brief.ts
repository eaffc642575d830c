// Recognises a pre-v1 Formation Brief (the upstream "Required Sections" example and "minimal JSON
// shape" template): no `schema_version`, and keys that only the older shape uses.

import type { PendingDiagnostic } from './diagnostic';
import { findProperty, type JsonValue, type SyntaxNode } from './syntaxTree';

/** Top-level keys of the older brief shape that v1 spells differently or does not have. */
export const PRE_V1_BRIEF_KEYS = [
  'brief_id',
  'project',
  'source_intent',
  'source_graph_version',
  'strategies_to_prefer',
  'prompt_packs',
  'foundry_runtime',
] as const;

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The pre-v1 keys of a brief without `schema_version`, or undefined when it is not one. In
 * `.alloy/briefs/` one such key is enough; elsewhere (nothing else says the file is a brief) it
 * takes `brief_id` and at least one more of them.
 */
export function preV1BriefKeys(value: JsonValue | undefined, inBriefFolder: boolean): string[] | undefined {
  if (!isObject(value) || Object.prototype.hasOwnProperty.call(value, 'schema_version')) return undefined;
  const found = PRE_V1_BRIEF_KEYS.filter((key) => Object.prototype.hasOwnProperty.call(value, key));
  if (inBriefFolder) return found.length > 0 ? found : undefined;
  return found.includes('brief_id') && found.length >= 2 ? found : undefined;
}

/** The one diagnostic of a pre-v1 brief, on the first of its pre-v1 keys in the text. */
export function preV1BriefDiagnostic(keys: readonly string[], root: SyntaxNode | undefined, parses = true): PendingDiagnostic {
  const spans = keys.map((key) => findProperty(root, key)?.keySpan).filter((span) => span !== undefined);
  spans.sort((a, b) => a.offset - b.offset);
  const listed = keys.map((key) => `"${key}"`).join(', ');
  return {
    code: 'pre-v1-brief',
    message:
      `A pre-v1 Formation Brief (no schema_version; ${listed}): ${parses ? '' : 'fix its syntax errors, then '}` +
      'migrate it to alloy.formation_brief.v1 with the quick fix or "alloy migrate <file>".',
    span: spans[0] ?? { offset: root?.span.offset ?? 0, length: root ? 1 : 0 },
  };
}
