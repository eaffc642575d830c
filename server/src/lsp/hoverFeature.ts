// textDocument/hover: the core's hover text as markdown, over the span it describes.

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from './lspLibrary';
import { hoverAt } from '../core';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';

export function hover(context: ServerContext, params: HoverParams): Hover | null {
  const document = context.documents.get(params.textDocument.uri);
  const file = pathOfUri(params.textDocument.uri);
  if (!document || !file) return null;
  const info = hoverAt(context.workspace, file, document.offsetAt(params.position));
  if (!info || info.markdown.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: info.markdown },
    range: { start: document.positionAt(info.span.offset), end: document.positionAt(info.span.offset + info.span.length) },
  };
}
