// `--format json`: an array of { file, line, column, endLine, endColumn, severity, code, message }.

import type { ReportedDiagnostic } from './reportedDiagnostic';

export function formatJson(diagnostics: readonly ReportedDiagnostic[]): string {
  const entries = diagnostics.map(({ file, line, column, endLine, endColumn, severity, code, message }) => ({
    file,
    line,
    column,
    endLine,
    endColumn,
    severity,
    code,
    message,
  }));
  return JSON.stringify(entries, null, 2) + '\n';
}
