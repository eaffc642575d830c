// The rows of `alloy check --format json`, and the same rows made from LSP diagnostics, so the
// tests that compare the server with the CLI (parity, the fuzz routes) convert one way.

import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';

export interface CliRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

/** The rows a list of LSP diagnostics of `file` stands for, as the CLI writes them (1-based). */
export function rowsOfDiagnostics(file: string, diagnostics: readonly Diagnostic[]): CliRow[] {
  return diagnostics.map((d) => ({
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY_NAMES[d.severity ?? 0],
    code: String(d.code),
    message: d.message,
  }));
}

/** The CLI's JSON rows, their `/`-separated paths in this platform's separator. */
export function cliRowsOfJson(stdout: string): CliRow[] {
  return (JSON.parse(stdout) as CliRow[]).map((r) => ({ ...r, file: r.file.split('/').join(path.sep) }));
}
