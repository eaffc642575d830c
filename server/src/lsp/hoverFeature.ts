// textDocument/hover: the core's hover text as markdown, over the span it describes. Positions are
// read and written with the file's own line index, as diagnostics, code actions and rename are: a
// leading byte order mark takes no column (the document's own positionAt would count it).

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from './lspLibrary';
import { hoverAt } from '../core';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';

export function hover(context: ServerContext, params: HoverParams): Hover | null {
  const document = context.documents.get(params.textDocument.uri);
  const file = pathOfUri(params.textDocument.uri);
  if (!document || !file) return null;
  const lines = context.workspace.analysisOf(file)?.lines;
  if (!lines) return null;
  const info = hoverAt(context.workspace, file, lines.offsetAt(params.position));
  if (!info || info.markdown.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: info.markdown },
    range: lines.rangeOf(info.span.offset, info.span.length),
  };
}
