// textDocument/documentLink and textDocument/definition: from a request's `brief.local_path` and
// `brief.id` to the brief file.

import type { DefinitionParams, DocumentLink, DocumentLinkParams, Location, LocationLink } from 'vscode-languageserver/node';
import { briefLinkAt, briefLinksOf } from '../core';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';

export function documentLinks(context: ServerContext, params: DocumentLinkParams): DocumentLink[] {
  const file = pathOfUri(params.textDocument.uri);
  if (!file) return [];
  return briefLinksOf(context.workspace, file).map((link) => ({
    range: link.range,
    target: context.uriOf(link.target),
    tooltip: 'Open the Formation Brief',
  }));
}

export function definition(context: ServerContext, params: DefinitionParams): Location[] | LocationLink[] {
  const document = context.documents.get(params.textDocument.uri);
  const file = pathOfUri(params.textDocument.uri);
  if (!document || !file) return [];
  // The file's own line index, as diagnostics place things (a leading BOM takes no column).
  const lines = context.workspace.analysisOf(file)?.lines;
  if (!lines) return [];
  const link = briefLinkAt(context.workspace, file, lines.offsetAt(params.position));
  if (!link) return [];
  const targetUri = context.uriOf(link.target);
  if (context.support?.definitionLinks) {
    return [
      { originSelectionRange: link.range, targetUri, targetRange: link.targetRange, targetSelectionRange: link.targetSelectionRange },
    ];
  }
  return [{ uri: targetUri, range: link.targetSelectionRange }];
}
