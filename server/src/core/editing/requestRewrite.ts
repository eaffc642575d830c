// Rewrites string values of one request (or brief) file by minimal edits that keep formatting,
// comments and quoting, and keeps what follows from them consistent: a request's idempotency key
// that was right before is recomputed after the change. Every result is proven by analysing the
// edited text again (so a YAML anchor shared by two values can never make it silently wrong).

import { DIAGNOSTIC_CODES } from '../document/diagnosticCodes';
import { valueAtPath, type JsonPath } from '../document/syntaxTree';
import { analyzeFile, type FileAnalysis } from '../rules/fileAnalysis';
import { editableScalar } from './quickFixes';
import { applyEdits, replaceStringValue, type FileEdit } from './textEdit';

/** Why a workspace edit is refused: a stable code and a sentence for the user. */
export interface EditRefusal {
  code: string;
  message: string;
}

export type EditOutcome<T> = { ok: true; value: T } | { ok: false; refusal: EditRefusal };

export interface ValueChange {
  path: JsonPath;
  value: string;
}

/** A path as the user reads it: `brief.digest`. */
export function dottedPath(path: JsonPath): string {
  return path.map(String).join('.');
}

/** The number of error diagnostics a file has on its own (schema, syntax, placeholders, …). */
export function ownErrorCount(analysis: FileAnalysis): number {
  return analysis.diagnostics.filter((d) => (d.severity ?? DIAGNOSTIC_CODES[d.code].severity) === 'error').length;
}

function refusal(code: string, message: string): { ok: false; refusal: EditRefusal } {
  return { ok: false, refusal: { code, message } };
}

/** `label` names the file in messages (a path relative to the repository root). */
function editsFor(analysis: FileAnalysis, changes: ValueChange[], label: string): EditOutcome<FileEdit[]> {
  const edits: FileEdit[] = [];
  for (const change of changes) {
    const node = editableScalar(analysis, change.path);
    if (!node || typeof node.value !== 'string') {
      return refusal(
        'rename-value-not-editable',
        `${label}: ${dottedPath(change.path)} is not a plain string value here (it lies inside a YAML alias to a collection), so it cannot be rewritten without changing more than it; edit it by hand.`,
      );
    }
    if (node.value !== change.value) edits.push(replaceStringValue(analysis, node.span, change.value));
  }
  return { ok: true, value: edits };
}

/** Analyses the text after `edits` and checks that every change reads back as written. */
function reanalysed(analysis: FileAnalysis, edits: FileEdit[], changes: ValueChange[], label: string): EditOutcome<FileAnalysis> {
  const after = analyzeFile(analysis.path, applyEdits(analysis.text, edits));
  const wrong = changes.find((c) => valueAtPath(after?.value, c.path) !== c.value);
  if (!after || wrong) {
    return refusal(
      'rename-inconsistent',
      `${label}: after the edit, ${wrong ? dottedPath(wrong.path) : 'the file'} would not read back as written (a YAML anchor or alias ties it to another value); edit it by hand.`,
    );
  }
  return { ok: true, value: after };
}

/**
 * Edits that set each change's path to its value. For a request whose `idempotency_key` was right,
 * the key is recomputed from the changed text and written too; a key that was wrong stays as it was.
 * Returns no edits when nothing changes.
 */
export function rewriteValues(analysis: FileAnalysis, changes: ValueChange[], label: string): EditOutcome<FileEdit[]> {
  const first = editsFor(analysis, changes, label);
  if (!first.ok || first.value.length === 0) return first;
  const after = reanalysed(analysis, first.value, changes, label);
  if (!after.ok) return after;
  const key = valueAtPath(analysis.value, ['idempotency_key']);
  const keyWasRight = analysis.kind === 'request' && analysis.derivedKey !== undefined && key === analysis.derivedKey;
  const newKey = after.value.derivedKey;
  if (!keyWasRight || newKey === undefined || newKey === key) return first;
  const keyChange = { path: ['idempotency_key'], value: newKey };
  const withKey = editsFor(analysis, [...changes, keyChange], label);
  if (!withKey.ok) return withKey;
  // Without YAML anchors no value can share the key's text: the key edit changes nothing else.
  if (!analysis.text.includes('&')) return withKey;
  const final = reanalysed(analysis, withKey.value, [...changes, keyChange], label);
  if (!final.ok) return final;
  if (final.value.derivedKey !== newKey) {
    return refusal('rename-inconsistent', `${label}: the idempotency key depends on its own text here (a YAML alias); edit it by hand.`);
  }
  return withKey;
}
