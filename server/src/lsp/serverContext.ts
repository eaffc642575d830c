// The state every part of the server shares: the connection, the open documents, and the
// analysed workspace (replaced when the workspace folders change).

import * as path from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AlloyWorkspace, type FileSystemHost } from '../core';
import type { ServerRuntime } from './serverRuntime';
import type { ClientSupport } from './clientSupport';
import { pathOfUri, uriOfPath } from './documentPaths';

export class ServerContext {
  workspace: AlloyWorkspace;
  folders: string[] = [];
  /** Whether unopened `.alloy/` files are analysed (start-up scan, disk changes). */
  analyzeWorkspace = true;
  support: ClientSupport | undefined;
  /** Open documents by file path → their URI as the client spelled it. */
  private readonly openUris = new Map<string, string>();

  readonly host: FileSystemHost;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly runtime: ServerRuntime,
  ) {
    this.host = runtime.fileSystem;
    this.workspace = new AlloyWorkspace(this.host, []);
  }

  /** Starts over with new folders; open editor text is carried over. */
  resetWorkspace(folders: string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
    this.workspace = new AlloyWorkspace(this.host, this.folders);
    for (const document of this.documents.all()) {
      const file = pathOfUri(document.uri);
      if (file) this.workspace.setOverlay(file, document.getText());
    }
  }

  noteOpened(uri: string): void {
    const file = pathOfUri(uri);
    if (file) this.openUris.set(file, uri);
  }

  noteClosed(uri: string): void {
    const file = pathOfUri(uri);
    if (file && this.openUris.get(file) === uri) this.openUris.delete(file);
  }

  documentAt(file: string): TextDocument | undefined {
    const uri = this.openUris.get(path.resolve(file));
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  isOpen(file: string): boolean {
    return this.documentAt(file) !== undefined;
  }

  /** The URI to use for a file: the open document's, else a `file:` URI. */
  uriOf(file: string): string {
    return this.openUris.get(path.resolve(file)) ?? uriOfPath(file);
  }
}
