// textDocument/documentSymbol (the outline: hierarchical DocumentSymbols when the client supports
// them, flat SymbolInformation otherwise) and workspace/symbol (brief ids and request ids across
// the workspace). The workspace search reads an index of each checked file's id, kept from the
// lists the publisher sends (its `onSent`), so a query never reads every file again; the
// matches are re-read for their ranges, and the open documents are always searched.

import type {
  DocumentSymbol,
  DocumentSymbolParams,
  SymbolInformation,
  SymbolKind,
  WorkspaceSymbol,
  WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { documentSymbolsOf, searchWorkspaceSymbols, symbolIdOf, type AlloySymbol, type AlloySymbolKind } from '../core';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { pathOfUri } from './documentPaths';
import type { ServerContext } from './serverContext';

/** At most this many workspace symbols are returned for one query (the best matches). */
export const WORKSPACE_SYMBOL_LIMIT = 500;

/** LSP symbol kinds (the numbers of the protocol's SymbolKind). */
export const SYMBOL_KINDS: Record<AlloySymbolKind, SymbolKind> = {
  object: 2, // Module
  array: 18, // Array
  string: 15, // String
  number: 16, // Number
  boolean: 17, // Boolean
  null: 21, // Null
  capability: 11, // Interface
  evidence: 24, // Event
  brief: 2, // Module
  request: 24, // Event
};

export function documentSymbols(context: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] | SymbolInformation[] {
  const file = pathOfUri(params.textDocument.uri);
  const analysis = file ? context.workspace.analysisOf(file) : undefined;
  if (!analysis) return [];
  const symbols = documentSymbolsOf(analysis);
  if (context.support?.hierarchicalDocumentSymbols) return symbols.map(toDocumentSymbol);
  const flat: SymbolInformation[] = [];
  const uri = params.textDocument.uri;
  const flatten = (list: AlloySymbol[], container: string | undefined) => {
    for (const symbol of list) {
      flat.push({ name: symbol.name, kind: SYMBOL_KINDS[symbol.kind], location: { uri, range: symbol.range }, containerName: container });
      flatten(symbol.children, symbol.name);
    }
  };
  flatten(symbols, undefined);
  return flat;
}

function toDocumentSymbol(symbol: AlloySymbol): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.kind],
    range: symbol.range,
    selectionRange: symbol.selectionRange,
    children: symbol.children.map(toDocumentSymbol),
  };
}

/** The ids of the checked files, by path, for workspace/symbol. */
export class WorkspaceSymbols {
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly context: ServerContext,
    publisher: DiagnosticsPublisher,
  ) {
    publisher.onSent((sent) => this.noteChecked(sent.uri));
  }

  search(params: WorkspaceSymbolParams): WorkspaceSymbol[] {
    const candidates = new Map(this.ids);
    for (const document of this.context.documents.all()) {
      const file = pathOfUri(document.uri);
      const analysis = file ? this.context.workspace.analysisOf(file) : undefined;
      const id = analysis && symbolIdOf(analysis);
      if (file && id !== undefined) candidates.set(file, id);
    }
    const entries = [...candidates].map(([file, name]) => ({ file, name }));
    return searchWorkspaceSymbols(this.context.workspace, entries, params.query, WORKSPACE_SYMBOL_LIMIT).map((symbol) => ({
      name: symbol.name,
      kind: SYMBOL_KINDS[symbol.kind],
      location: { uri: this.context.uriOf(symbol.file), range: symbol.range },
      containerName: this.containerOf(symbol.file),
    }));
  }

  /** A file was checked (or cleared, with an empty list): its id is read again from its analysis. */
  private noteChecked(uri: string): void {
    const file = pathOfUri(uri);
    if (!file) return;
    const analysis = this.context.workspace.analysisOf(file);
    const id = analysis && symbolIdOf(analysis);
    if (id === undefined) this.ids.delete(file);
    else this.ids.set(file, id);
  }

  /** The file's path relative to the workspace folder holding it (its absolute path otherwise). */
  private containerOf(file: string): string {
    for (const folder of this.context.folders) {
      if (file.startsWith(folder + '/') || file.startsWith(folder + '\\')) return file.slice(folder.length + 1).replace(/\\/g, '/');
    }
    return file;
  }
}
