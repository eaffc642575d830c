// Rules that compare a request with the brief it names (SPEC §6): first whether the brief can be
// compared at all (found, inside the root, a brief, free of errors), then the table of equalities
// and the named rules. Cheap comparisons only: the brief's digest was computed once, when its
// text was analysed.

import type { PendingDiagnostic, RelatedInformation } from '../document/diagnostic';
import { spanAtPath, valueAtPath } from '../document/syntaxTree';
import { BRIEF_COMPARISONS, compareWithBrief } from './briefComparisons';
import { BRIEF_RULES } from './briefRuntimeRules';
import type { FileAnalysis } from './fileAnalysis';

export type BriefLookup =
  | { kind: 'escapes'; reason: string }
  /**
   * No brief to compare with at `path`. `unreadable` is set when a file is there but cannot be
   * read (a folder, not UTF-8, too large, permission): why, and the file's own diagnostic.
   */
  | { kind: 'not-found'; path: string; unreadable?: { problem: string; related: RelatedInformation[] } }
  | { kind: 'found'; path: string; brief: FileAnalysis; briefErrors: RelatedInformation[] };

export function checkRequestAgainstBrief(request: FileAnalysis, lookup: BriefLookup): PendingDiagnostic[] {
  const localPath = valueAtPath(request.value, ['brief', 'local_path']);
  if (localPath === undefined) return [];
  // The tree is built only when a diagnostic is placed on local_path.
  const localPathSpan = () => spanAtPath(request.root, ['brief', 'local_path']);
  const out: PendingDiagnostic[] = [];
  if (lookup.kind === 'escapes') {
    return [{ code: 'brief-path-escapes-root', message: `${lookup.reason}; the brief is not read.`, span: localPathSpan() }];
  }
  if (lookup.kind === 'not-found') {
    const shown = String(localPath !== null && typeof localPath === 'object' ? undefined : localPath);
    if (lookup.unreadable) {
      const message = `The brief at "${shown}" cannot be used: ${lookup.unreadable.problem}.`;
      const { related } = lookup.unreadable;
      return [{ code: 'brief-not-found', message, span: localPathSpan(), ...(related.length > 0 ? { related } : {}) }];
    }
    return [{ code: 'brief-not-found', message: `No brief file at "${shown}".`, span: localPathSpan() }];
  }
  const brief = lookup.brief;
  if (brief.kind !== 'brief') {
    return [
      {
        code: 'brief-invalid',
        message: 'The file at local_path is not a Formation Brief (alloy.formation_brief.v1).',
        span: localPathSpan(),
      },
    ];
  }
  if (lookup.briefErrors.length > 0) {
    const count = lookup.briefErrors.length;
    const first = lookup.briefErrors[0];
    out.push({
      code: 'brief-invalid',
      message: `The brief has ${count} error${count === 1 ? '' : 's'} of its own; the first, on line ${first.range.start.line + 1}: ${first.message}`,
      span: localPathSpan(),
      related: lookup.briefErrors,
    });
  }
  // A brief that is not complete JSON data (it does not parse, or repeats a key) is not compared.
  if (brief.value === undefined || !brief.isJsonData) return out;
  for (const comparison of BRIEF_COMPARISONS) for (const d of compareWithBrief(request, brief, comparison)) out.push(d);
  for (const rule of BRIEF_RULES) for (const d of rule(request, brief)) out.push(d);
  return out;
}
