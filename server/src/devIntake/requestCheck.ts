// Checks a request body with the same core as the editor and `alloy check`: the body is laid over
// a virtual file in the intake root's .alloy/requests/, so its brief is found, digested and
// compared exactly as for a file on disk. The key is also recomputed here, independently of the
// core's own key rule, since deduping on a wrong key would be the worst failure of an intake.

import * as path from 'node:path';
import { AlloyWorkspace, idempotencyKey, keyInputs, type AlloyDiagnostic, type FileSystemHost, type JsonValue } from '../core';
import { pointerAt } from './diagnosticPointer';
import type { IntakeError } from './httpAnswer';
import { stringAt } from './jsonAccess';

export interface CheckedRequest {
  errors: IntakeError[];
  warnings: IntakeError[];
  /** The brief's data, when the request named one that could be read. */
  brief: JsonValue | undefined;
}

const SAFE_NAME = /^[0-9A-Za-z_]{1,120}$/;

/**
 * `name` becomes part of the virtual file name (`.intake-<name>.json`); anything but letters,
 * digits and `_` is replaced by `request`, so a body can never choose where the file would be.
 */
export function checkRequest(host: FileSystemHost, root: string, text: string, value: JsonValue, name: string): CheckedRequest {
  // A fresh workspace per request: a brief edited while the intake runs is read again.
  const workspace = new AlloyWorkspace(host, [root]);
  const virtual = path.join(root, '.alloy', 'requests', `.intake-${SAFE_NAME.test(name) ? name : 'request'}.json`);
  workspace.setOverlay(virtual, text);
  const report = workspace.check(virtual);
  const toError = (d: AlloyDiagnostic): IntakeError => intakeError(d, report.analysis?.root, root);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').map(toError);
  const warnings = report.diagnostics.filter((d) => d.severity !== 'error').map(toError);

  const inputs = keyInputs(value);
  const bodyKey = stringAt(value, 'idempotency_key');
  if (inputs && bodyKey !== undefined && !errors.some((e) => e.code === 'idempotency-key-mismatch')) {
    const expected = idempotencyKey(inputs);
    if (expected !== bodyKey) {
      const lines = text.split(/\r\n|\r|\n/);
      const line = lines.findIndex((l) => l.includes('"idempotency_key"'));
      errors.push({
        code: 'idempotency-key-mismatch',
        message: `The idempotency key does not match the request: its seven key inputs hash to ${expected}.`,
        pointer: '/idempotency_key',
        ...(line >= 0 ? { line: line + 1, column: lines[line].indexOf('"idempotency_key"') + 1 } : {}),
      });
    }
  }
  const briefAnalysis = report.briefPath ? workspace.analysisOf(report.briefPath) : undefined;
  return { errors, warnings, brief: briefAnalysis?.value };
}

function intakeError(d: AlloyDiagnostic, tree: Parameters<typeof pointerAt>[0], root: string): IntakeError {
  const error: IntakeError = {
    code: d.code,
    message: d.message,
    pointer: pointerAt(tree, d.span.offset),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  };
  if (d.related && d.related.length > 0) {
    error.related = d.related.map((r) => ({
      file: path.relative(root, r.file).split(path.sep).join('/'),
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      message: r.message,
    }));
  }
  return error;
}
