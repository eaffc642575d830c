// The values the server takes from vscode-languageserver, imported in this one module. The
// package is CommonJS, and esbuild gives every module that imports values from it its own copy
// of the package's 300-odd exports at start-up; imported here once, they are copied once. Other
// modules import these values from here, and types from the package itself (types cost nothing
// at run time). test/lsp/lspLibrary.test.ts keeps it that way.

export {
  AbstractMessageWriter,
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  StreamMessageReader,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
} from 'vscode-languageserver/node';
