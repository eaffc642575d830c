// Unit tests of the conversion of the core's completion proposals into LSP completion items.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toCompletionItem } from '../../server/src/lsp/completionFeature';

const document = TextDocument.create('file:///r.json', 'json', 1, '{\n  "foundry": { "thr": 1 }\n}\n');

test('a snippet proposal with a replace span becomes a snippet text edit with markdown docs', () => {
  const offset = document.getText().indexOf('"thr"');
  const item = toCompletionItem(document, {
    label: 'throttle',
    kind: 'property',
    insertText: '"throttle": "${1|dry_run,full|}"',
    isSnippet: true,
    documentation: 'How much **Foundry** may do.',
    detail: 'string',
    replaceSpan: { offset, length: 5 },
    sortText: '0',
    filterText: '"throttle"',
  });
  assert.deepEqual(item, {
    label: 'throttle',
    kind: CompletionItemKind.Property,
    insertTextFormat: InsertTextFormat.Snippet,
    detail: 'string',
    sortText: '0',
    filterText: '"throttle"',
    documentation: { kind: MarkupKind.Markdown, value: 'How much **Foundry** may do.' },
    textEdit: {
      range: { start: { line: 1, character: 15 }, end: { line: 1, character: 20 } },
      newText: '"throttle": "${1|dry_run,full|}"',
    },
  });
});

test('a plain value proposal without a span is inserted at the cursor', () => {
  const item = toCompletionItem(document, { label: 'dry_run', kind: 'value', insertText: '"dry_run"', isSnippet: false });
  assert.equal(item.kind, CompletionItemKind.Value);
  assert.equal(item.insertTextFormat, InsertTextFormat.PlainText);
  assert.equal(item.insertText, '"dry_run"');
  assert.equal(item.textEdit, undefined);
  assert.equal(item.documentation, undefined);
});
