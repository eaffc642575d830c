// The core's file edits as one LSP WorkspaceEdit: versioned `documentChanges` when the client takes
// them (an open document's version, `null` for a file that is not open, so a client refuses an edit
// made against text it no longer has), else `changes` by URI. Files by path, each file's edits in
// text order.

import type { OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { FileEdit } from '../core';
import type { ServerContext } from './serverContext';

/** Undefined when a file's text is gone (nothing to place the edit in). */
export function workspaceEditOf(context: ServerContext, edits: readonly FileEdit[]): WorkspaceEdit | undefined {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of [...edits].sort((a, b) => a.span.offset - b.span.offset)) {
    const lines = context.workspace.analysisOf(edit.file)?.lines;
    if (!lines) return undefined;
    let list = byFile.get(edit.file);
    if (!list) byFile.set(edit.file, (list = []));
    list.push({ range: lines.rangeOf(edit.span.offset, edit.span.length), newText: edit.newText });
  }
  const files = [...byFile.keys()].sort();
  if (context.support?.documentChanges) {
    const documentChanges: TextDocumentEdit[] = files.map((file) => {
      const textDocument: OptionalVersionedTextDocumentIdentifier = {
        uri: context.uriOf(file),
        version: context.documentAt(file)?.version ?? null,
      };
      return { textDocument, edits: byFile.get(file)! };
    });
    return { documentChanges };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const file of files) changes[context.uriOf(file)] = byFile.get(file)!;
  return { changes };
}
