// The cap on a file's `syntax` diagnostics: a text that goes wrong early (a plain line, then a
// thousand members YAML reads as stray tokens) would get one error per token, thousands of
// diagnostics nobody reads. The first 100 in text order are listed, then one more counts the rest,
// on the position of the first one not listed (as the unknown-property cap does for one object).

import { countText } from './countText';
import type { PendingDiagnostic } from './diagnostic';
import type { TextSpan } from './syntaxTree';

/** The `syntax` diagnostics of one file listed one by one; the rest are counted in one more. */
export const MAX_SYNTAX_LISTED = 100;

/** Errors a caller left out before they were made (all after the ones it kept), and where the first was. */
export interface DroppedErrors {
  count: number;
  first: TextSpan;
}

/** Diagnostics that already count errors not listed (the control characters' own summary), by how many. */
const summaries = new WeakMap<PendingDiagnostic, number>();

/** Marks `diagnostic` as one that counts `count` errors not listed one by one; returns it. */
export function countingSummary(diagnostic: PendingDiagnostic, count: number): PendingDiagnostic {
  summaries.set(diagnostic, count);
  return diagnostic;
}

/**
 * `problems` with at most MAX_SYNTAX_LISTED `syntax` diagnostics (the first in text order, exact
 * repeats of span and message once) plus one counting the others: those beyond the first 100, the
 * ones earlier summaries counted, and the `dropped` ones. Other codes are kept as they are.
 */
export function capSyntaxProblems(problems: PendingDiagnostic[], dropped?: DroppedErrors): PendingDiagnostic[] {
  let plainCount = 0;
  let summaryCount = 0;
  for (const p of problems) {
    if (p.code !== 'syntax') continue;
    if (summaries.has(p)) summaryCount++;
    else plainCount++;
  }
  // One summary of its own (the control characters') is already the one more diagnostic.
  if (!dropped && plainCount <= MAX_SYNTAX_LISTED && summaryCount <= 1) return problems;
  const seen = new Set<string>();
  const plain: PendingDiagnostic[] = [];
  const others: PendingDiagnostic[] = [];
  /** Where the errors not listed start, and how many they are. */
  const unlisted: TextSpan[] = dropped ? [dropped.first] : [];
  let more = dropped?.count ?? 0;
  for (const p of problems) {
    if (p.code !== 'syntax') {
      others.push(p);
      continue;
    }
    const counted = summaries.get(p);
    if (counted !== undefined) {
      unlisted.push(p.span);
      more += counted;
      continue;
    }
    const key = `${p.span.offset}:${p.span.length}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    plain.push(p);
  }
  // Array.prototype.sort is stable: problems at one offset keep the parser's order.
  plain.sort((a, b) => a.span.offset - b.span.offset);
  const listed = plain.slice(0, MAX_SYNTAX_LISTED);
  const rest = plain.slice(MAX_SYNTAX_LISTED);
  if (rest.length === 0 && more === 0) return [...listed, ...others];
  unlisted.push(...rest.map((p) => p.span));
  more += rest.length;
  const first = unlisted.reduce((a, b) => (b.offset < a.offset ? b : a));
  // When the errors not listed all say the same (an alias bomb's "Too many … alias expansions"), the summary says it too.
  const alike = rest.length === more && rest.every((p) => p.message === rest[0].message) ? rest[0].message : undefined;
  const count = countText(more);
  const message = alike
    ? `${count} more syntax ${more === 1 ? 'error' : 'errors'} like this one: ${alike} (only the first ${MAX_SYNTAX_LISTED} are listed)`
    : `${count} more syntax ${more === 1 ? 'error' : 'errors'} in this file (only the first ${MAX_SYNTAX_LISTED} are listed)`;
  return [...listed, { code: 'syntax', message, span: { ...first } }, ...others];
}
