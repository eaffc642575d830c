// textDocument/completion: the core's proposals as LSP completion items.

import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionsAt, type CompletionProposal } from '../core';
import { pathOfUri } from './documentPaths';
import { CompletionItemKind, InsertTextFormat, MarkupKind, TextEdit } from './lspLibrary';
import type { ServerContext } from './serverContext';

export const COMPLETION_TRIGGER_CHARACTERS = ['"', ':', ' '];

const KIND: Record<CompletionProposal['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(document: TextDocument, proposal: CompletionProposal): CompletionItem {
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
      { start: document.positionAt(offset), end: document.positionAt(offset + length) },
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
  const proposals = completionsAt(context.workspace, file, document.offsetAt(params.position));
  return { isIncomplete: false, items: proposals.map((p) => toCompletionItem(document, p)) };
}
