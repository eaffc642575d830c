// The Alloy language server: wires the pure analysis core to LSP.

import { TextDocuments, type Connection, TextDocumentSyncKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { AlloyWorkspace } from '../core/alloyWorkspace';
import type { AlloyDiagnostic } from '../core/diagnostic';
import { nodeFileSystem } from '../core/nodeFileSystem';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

export function toLspDiagnostic(d: AlloyDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'alloy',
    message: d.message,
    relatedInformation: d.related?.map((r) => ({ location: { uri: URI.file(r.file).toString(), range: r.range }, message: r.message })),
    data: d.data,
  };
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let workspace = new AlloyWorkspace(nodeFileSystem, []);

  connection.onInitialize((params) => {
    const folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    workspace = new AlloyWorkspace(nodeFileSystem, folders);
    return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } };
  });

  const publish = (uri: string) => {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return;
    const report = workspace.check(parsed.fsPath);
    void connection.sendDiagnostics({ uri, diagnostics: report.diagnostics.map(toLspDiagnostic) });
  };

  documents.onDidChangeContent((e) => {
    const parsed = URI.parse(e.document.uri);
    if (parsed.scheme !== 'file') return;
    workspace.setOverlay(parsed.fsPath, e.document.getText());
    publish(e.document.uri);
  });

  documents.listen(connection);
  connection.listen();
}
