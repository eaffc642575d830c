// textDocument/references: from a brief (anywhere in it) or a request's `brief` member to the
// brief's `id` and every request that names the brief by `brief.local_path` (core/editing/
// briefReferences.ts). Unopened requests come from the workspace index (the start-up scan, which
// the handler waits for: WorkspaceScanner.settled); the open documents are added, so a request
// opened or edited since is found too.

import type { Location, ReferenceParams } from 'vscode-languageserver/node';
import { briefReferencesAt } from '../core';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';

export function references(context: ServerContext, params: ReferenceParams): Location[] {
  const file = pathOfUri(params.textDocument.uri);
  if (!file) return [];
  const offset = offsetOf(context, file, params);
  if (offset === undefined) return [];
  const candidates: string[] = [];
  for (const document of context.documents.all()) {
    const open = pathOfUri(document.uri);
    if (open) candidates.push(open);
  }
  const found = briefReferencesAt(context.workspace, file, offset, {
    includeDeclaration: params.context?.includeDeclaration !== false,
    candidates,
  });
  return found.map((reference) => ({ uri: context.uriOf(reference.file), range: reference.range }));
}

/**
 * The offset of the position in the file's text as the workspace has it (the open document's text
 * wins), through the file's own line index, as diagnostics place things: a leading byte order mark
 * takes no column.
 */
function offsetOf(context: ServerContext, file: string, params: ReferenceParams): number | undefined {
  return context.workspace.analysisOf(file)?.lines.offsetAt(params.position);
}
