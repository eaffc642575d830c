// Diagnostics as the editor shows them, set against what `alloy check --format json` reported for the
// same files (test/e2e/harness/fixture.mjs writes those reports before the editor starts).

'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { waitFor } = require('./wait');

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function codeOf(diagnostic) {
  const code = diagnostic.code;
  return code !== null && typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function alloyDiagnostics(uri, code) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'alloy' && (code === undefined || codeOf(d) === code));
}

function rangeText(range) {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

function describeDiagnostics(uri) {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return '(none)';
  return all.map((d) => `${d.source}/${codeOf(d)} ${rangeText(d.range)}`).join(', ');
}

/** The CLI's 1-based, end-exclusive columns as a 0-based VS Code range. */
function rangeOfCliDiagnostic(d) {
  return new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
}

/** One diagnostic as comparable text: code, severity, range and message. */
function editorKey(d) {
  return `${codeOf(d)} ${d.severity} ${rangeText(d.range)} ${d.message}`;
}

function cliKey(d) {
  return `${d.code} ${SEVERITY[d.severity]} ${rangeText(rangeOfCliDiagnostic(d))} ${d.message}`;
}

/** The CLI's diagnostics for `file` (relative to the workspace folder) in `report`. */
function cliDiagnosticsOf(report, file) {
  return report.filter((d) => d.file === file);
}

/** The one CLI diagnostic with `code` for `file` in `report`. */
function cliDiagnostic(report, file, code) {
  const found = report.filter((d) => d.file === file && d.code === code);
  assert.equal(found.length, 1, `the CLI reports exactly one ${code} for ${file}; it reported ${found.length}`);
  return found[0];
}

/**
 * Waits until the editor's alloy diagnostics of `uri` are exactly the CLI's for `file` (code,
 * severity, range, message, as a sorted list), and fails showing both lists when they never are.
 */
async function waitForSameAsCli(uri, report, file, ms) {
  const wanted = cliDiagnosticsOf(report, file).map(cliKey).sort();
  let seen = [];
  await waitFor(
    () =>
      `the diagnostics of ${path.basename(uri.fsPath)} to equal the CLI's\n` +
      `  CLI:    ${JSON.stringify(wanted)}\n  editor: ${JSON.stringify(seen)}`,
    () => {
      seen = alloyDiagnostics(uri).map(editorKey).sort();
      return JSON.stringify(seen) === JSON.stringify(wanted) ? true : undefined;
    },
    ms,
  );
  return wanted.length;
}

module.exports = {
  alloyDiagnostics,
  cliDiagnostic,
  cliDiagnosticsOf,
  codeOf,
  describeDiagnostics,
  rangeOfCliDiagnostic,
  waitForSameAsCli,
};
