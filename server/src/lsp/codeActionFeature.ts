// textDocument/codeAction: quick fixes for the Alloy diagnostics under the requested range.

import type { CodeAction, CodeActionParams, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { migrationFixesFor, quickFixesFor, type FileEdit } from '../core';
import { pathOfUri } from './documentPaths';
import { CodeActionKind } from './lspLibrary';
import { toLspDiagnostic } from './lspDiagnostic';
import type { ServerContext } from './serverContext';

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Ranges that touch count as overlapping, so a cursor at either end of a diagnostic finds it. */
function overlaps(a: Range, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}

function wantsQuickFixes(only: string[] | undefined): boolean {
  return !only || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`));
}

function toWorkspaceEdit(context: ServerContext, edits: FileEdit[]): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of edits) {
    const lines = context.workspace.analysisOf(edit.file)?.lines;
    if (!lines) return undefined;
    const uri = context.uriOf(edit.file);
    (changes[uri] ??= []).push({ range: lines.rangeOf(edit.span.offset, edit.span.length), newText: edit.newText });
  }
  return { changes };
}

export function codeActions(context: ServerContext, params: CodeActionParams): CodeAction[] {
  const file = pathOfUri(params.textDocument.uri);
  if (!file || !wantsQuickFixes(params.context.only)) return [];
  const report = context.workspace.check(file);
  const actions: CodeAction[] = [];
  for (const diagnostic of report.diagnostics) {
    if (!overlaps(diagnostic.range, params.range)) continue;
    for (const fix of [...quickFixesFor(context.workspace, file, diagnostic), ...migrationFixesFor(context.workspace, file, diagnostic)]) {
      if (fix.edits.length === 0) continue;
      const edit = toWorkspaceEdit(context, fix.edits);
      if (!edit) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(diagnostic)],
        isPreferred: fix.isPreferred,
        edit,
      });
    }
  }
  return actions;
}
