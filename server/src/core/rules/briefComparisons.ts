// The request ↔ brief comparisons that are plain equality of one value on each side, as data:
// adding one is one row. Each mismatch sits on the request's value and points at the brief's.

import type { PendingDiagnostic } from '../document/diagnostic';
import type { DiagnosticCode } from '../document/diagnosticCodes';
import { scalarValueAt, spanAtPath } from '../document/syntaxTree';
import type { FileAnalysis } from './fileAnalysis';
import { relatedAt } from './relatedAt';

interface Comparison {
  requestPath: string[];
  briefPath: string[];
  code: DiagnosticCode;
  /** How the message names the request's value. */
  label: string;
}

export const BRIEF_COMPARISONS: readonly Comparison[] = [
  { requestPath: ['brief', 'id'], briefPath: ['id'], code: 'brief-id-mismatch', label: 'brief.id' },
  { requestPath: ['brief', 'version'], briefPath: ['version'], code: 'brief-version-mismatch', label: 'brief.version' },
  { requestPath: ['project_id'], briefPath: ['project_id'], code: 'project-mismatch', label: 'project_id' },
];

export function compareWithBrief(request: FileAnalysis, brief: FileAnalysis, comparison: Comparison): PendingDiagnostic[] {
  const mine = scalarValueAt(request.value, comparison.requestPath);
  const theirs = scalarValueAt(brief.value, comparison.briefPath);
  if (mine === undefined || theirs === undefined || mine === theirs) return [];
  return [
    {
      code: comparison.code,
      message: `${comparison.label} ${JSON.stringify(mine)} differs from the brief's ${JSON.stringify(theirs)}.`,
      span: spanAtPath(request.root, comparison.requestPath),
      data: { expected: typeof theirs === 'string' ? theirs : JSON.stringify(theirs) },
      related: relatedAt(brief, comparison.briefPath, `the brief's ${comparison.briefPath.join('.')}`),
    },
  ];
}
