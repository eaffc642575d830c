// textDocument/completion: the core's proposals as LSP completion items. Positions are read and
// written with the file's own line index, as diagnostics, code actions and rename are: a leading
// byte order mark takes no column (the document's own positionAt would count it).

import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver/node';
import { completionsAt, type CompletionProposal, type Position } from '../core';
import { pathOfUri } from './documentPaths';
import { CompletionItemKind, InsertTextFormat, MarkupKind, TextEdit } from './lspLibrary';
import type { ServerContext } from './serverContext';

export const COMPLETION_TRIGGER_CHARACTERS = ['"', ':', ' '];

const KIND: Record<CompletionProposal['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

/** Offsets to positions: the file's line index (or, in tests, a TextDocument). */
export interface PositionsOf {
  positionAt(offset: number): Position;
}

export function toCompletionItem(positions: PositionsOf, proposal: CompletionProposal): CompletionItem {
  const item: CompletionItem = {
    label: proposal.label,
    kind: KIND[proposal.kind],
    insertTextFormat: proposal.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    detail: proposal.detail,
    sortText: proposal.sortText,
    filterText: proposal.filterText,
  };
  if (proposal.documentation) item.documentation = { kind: MarkupKind.Markdown, value: proposal.documentation };
  if (proposal.replaceSpan) {
    const { offset, length } = proposal.replaceSpan;
    item.textEdit = TextEdit.replace(
      { start: positions.positionAt(offset), end: positions.positionAt(offset + length) },
      proposal.insertText,
    );
  } else {
    item.insertText = proposal.insertText;
  }
  return item;
}

export function completion(context: ServerContext, params: CompletionParams): CompletionList {
  const document = context.documents.get(params.textDocument.uri);
  const file = pathOfUri(params.textDocument.uri);
  if (!document || !file) return { isIncomplete: false, items: [] };
  const lines = context.workspace.analysisOf(file)?.lines;
  if (!lines) return { isIncomplete: false, items: [] };
  const proposals = completionsAt(context.workspace, file, lines.offsetAt(params.position));
  return { isIncomplete: false, items: proposals.map((p) => toCompletionItem(lines, p)) };
}
