// AlloyDiagnostic → LSP Diagnostic.

import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from './lspLibrary';
import type { AlloyDiagnostic } from '../core';
import { uriOfPath } from './documentPaths';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toLspDiagnostic(d: AlloyDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'alloy',
    message: d.message,
    relatedInformation: d.related?.map((r) => ({ location: { uri: uriOfPath(r.file), range: r.range }, message: r.message })),
    data: d.data,
  };
}
