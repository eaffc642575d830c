// Rules that compare a request with the brief it names (SPEC §6): first whether the brief can be
// compared at all (found, inside the root, a brief, free of errors), then the table of equalities
// and the named rules. Cheap comparisons only: the brief's digest was computed once, when its
// text was analysed.

import type { PendingDiagnostic, RelatedInformation } from '../document/diagnostic';
import { nodeAtPath } from '../document/syntaxTree';
import { BRIEF_COMPARISONS, compareWithBrief } from './briefComparisons';
import { BRIEF_RULES } from './briefRuntimeRules';
import type { FileAnalysis } from './fileAnalysis';

export type BriefLookup =
  | { kind: 'escapes'; reason: string }
  | { kind: 'not-found'; path: string }
  | { kind: 'found'; path: string; brief: FileAnalysis; briefErrors: RelatedInformation[] };

export function checkRequestAgainstBrief(request: FileAnalysis, lookup: BriefLookup): PendingDiagnostic[] {
  const root = request.root;
  const localPath = nodeAtPath(root, ['brief', 'local_path']);
  if (!localPath) return [];
  const out: PendingDiagnostic[] = [];
  if (lookup.kind === 'escapes') {
    return [{ code: 'brief-path-escapes-root', message: `${lookup.reason}; the brief is not read.`, span: localPath.span }];
  }
  if (lookup.kind === 'not-found') {
    return [
      { code: 'brief-not-found', message: `No brief file at "${String((localPath as { value?: unknown }).value)}".`, span: localPath.span },
    ];
  }
  const brief = lookup.brief;
  if (brief.kind !== 'brief') {
    return [
      {
        code: 'brief-invalid',
        message: 'The file at local_path is not a Formation Brief (alloy.formation_brief.v1).',
        span: localPath.span,
      },
    ];
  }
  if (lookup.briefErrors.length > 0) {
    const count = lookup.briefErrors.length;
    const first = lookup.briefErrors[0];
    out.push({
      code: 'brief-invalid',
      message: `The brief has ${count} error${count === 1 ? '' : 's'} of its own; the first, on line ${first.range.start.line + 1}: ${first.message}`,
      span: localPath.span,
      related: lookup.briefErrors,
    });
  }
  // A brief that is not complete JSON data (it does not parse, or repeats a key) is not compared.
  if (!brief.root || !brief.isJsonData) return out;
  for (const comparison of BRIEF_COMPARISONS) out.push(...compareWithBrief(request, brief, comparison));
  for (const rule of BRIEF_RULES) out.push(...rule(request, brief));
  return out;
}
