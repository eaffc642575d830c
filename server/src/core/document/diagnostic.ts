// The diagnostic record every check produces, free of any editor or LSP type.

import type { DiagnosticCode, Severity } from './diagnosticCodes';
import type { Range } from './lineIndex';
import type { TextSpan } from './syntaxTree';

export interface RelatedInformation {
  /** Absolute file-system path of the related file. */
  file: string;
  range: Range;
  message: string;
}

export interface AlloyDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: TextSpan;
  range: Range;
  related?: RelatedInformation[];
  /** Extra data for quick fixes (e.g. the expected value). */
  data?: { expected?: string; replacementCandidates?: string[] };
}

/** A diagnostic before its range is computed: checks work in offsets. */
export type PendingDiagnostic = Omit<AlloyDiagnostic, 'range' | 'severity'> & { severity?: Severity };
