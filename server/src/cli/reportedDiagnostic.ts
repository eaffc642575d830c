// A diagnostic as the CLI reports it: the file named relative to the working directory and
// 1-based lines and columns (UTF-16 code units, as in the editor).

import type { AlloyDiagnostic, Severity, Range } from '../core';
import { displayPath } from './displayPath';

export interface ReportedRegion {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportedDiagnostic extends ReportedRegion {
  severity: Severity;
  code: string;
  message: string;
  related: (ReportedRegion & { message: string })[];
}

function region(file: string, range: Range, cwd: string): ReportedRegion {
  return {
    file: displayPath(file, cwd),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function toReportedDiagnostic(file: string, diagnostic: AlloyDiagnostic, cwd: string): ReportedDiagnostic {
  return {
    ...region(file, diagnostic.range, cwd),
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    related: (diagnostic.related ?? []).map((r) => ({ ...region(r.file, r.range, cwd), message: r.message })),
  };
}
