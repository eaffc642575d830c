// The Alloy language server: wires the pure analysis core to LSP. Each concern lives in its own
// module; this one only connects them to the connection's lifecycle.

import type { Connection, InitializeResult } from 'vscode-languageserver/node';
import { TextDocuments } from './lspLibrary';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { definition, documentLinks } from './briefLinkFeature';
import { serverCapabilities } from './capabilities';
import { readClientSupport } from './clientSupport';
import { listenToFileRenames } from './fileRenameFeature';
import { codeActions } from './codeActionFeature';
import { newRequestActions } from './newRequestFeature';
import { listenToCodeLens } from './codeLensFeature';
import { listenToCommands } from './commandFeature';
import { completion } from './completionFeature';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { listenToDocuments } from './documentEvents';
import { FileEvents } from './fileEvents';
import { listenToFileEvents, registerWatchers } from './fileWatching';
import { guarded, logFailure, runGuarded } from './handlerGuard';
import { hover } from './hoverFeature';
import { PullDiagnostics } from './pullDiagnosticsFeature';
import { references } from './referencesFeature';
import { listenToRename } from './renameFeature';
import { ServerContext } from './serverContext';
import { documentSymbols, WorkspaceSymbols } from './symbolsFeature';
import { NODE_RUNTIME, type ServerRuntime } from './serverRuntime';
import { analyzeOnStartupFromPushedSettings, readSettings } from './serverSettings';
import { changeFolders, initialFolders } from './workspaceFolders';
import { WorkspaceScanner } from './workspaceScanner';

/** What the program entry can ask of a started server. */
export interface RunningServer {
  /** Whether the client has sent `shutdown` (so an end of its input is an orderly exit). */
  readonly shutdownRequested: boolean;
  /** The open documents (the stdio connection's protocol guard checks changes against them). */
  readonly documents: TextDocuments<TextDocument>;
}

export function startServer(connection: Connection, runtime: ServerRuntime = NODE_RUNTIME): RunningServer {
  const documents = new TextDocuments(TextDocument);
  const context = new ServerContext(connection, documents, runtime);
  const publisher = new DiagnosticsPublisher(context);
  const pull = new PullDiagnostics(context, publisher);
  const symbols = new WorkspaceSymbols(context, publisher);
  const lenses = listenToCodeLens(context, publisher);
  const scheduler = new DiagnosticsScheduler({
    timer: runtime.timer,
    versionOf: (uri) => documents.get(uri)?.version,
    dependentsOf: (file) => context.workspace.dependentsOf(file),
    publish: (file) => void publisher.publish(file),
    runGuarded: (what, work) => runGuarded(connection, what, work),
  });
  const scanner = new WorkspaceScanner(context, publisher, () => scheduler.documentCheckDue);
  const fileEvents = new FileEvents(context, publisher, scheduler);
  let initializationOptions: unknown;

  connection.onInitialize((params): InitializeResult => {
    context.support = readClientSupport(params.capabilities, params.initializationOptions);
    pull.start();
    initializationOptions = params.initializationOptions;
    lenses.initialize(initializationOptions);
    context.resetWorkspace(initialFolders(params));
    return { capabilities: serverCapabilities(context.support), serverInfo: { name: 'alloy-language-server' } };
  });

  const initialize = guarded(connection, 'initialization', undefined, async () => {
    registerWatchers(context);
    if (context.support?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guarded(connection, 'changing workspace folders', undefined, (event) =>
          changeFolders(context, publisher, scheduler, scanner, event),
        ),
      );
    }
    const settings = await readSettings(connection, context.support?.configuration ?? false, initializationOptions);
    context.analyzeWorkspace = settings.analyzeWorkspaceOnStartup;
    lenses.setEnabled(settings.codeLens);
    if (context.analyzeWorkspace) await scanner.scan();
  });

  // The scan is decided once settings are read: answers that wait for it wait for that too.
  connection.onInitialized(() => scanner.startsAfter(initialize()));

  connection.onDidChangeConfiguration(
    guarded(connection, 'reading settings', undefined, async (params) => {
      await lenses.settingsChanged(params.settings);
      let enabled = analyzeOnStartupFromPushedSettings(params.settings);
      if (enabled === undefined && context.support?.configuration) {
        enabled = (await readSettings(connection, true, undefined)).analyzeWorkspaceOnStartup;
      }
      if (enabled === undefined || enabled === context.analyzeWorkspace) return;
      context.analyzeWorkspace = enabled;
      if (enabled) void scanner.scan().catch((error: unknown) => logFailure(connection, 'scanning the workspace', error));
    }),
  );

  connection.onHover(guarded(connection, 'hover', null, (params) => hover(context, params)));
  connection.onCompletion(guarded(connection, 'completion', { isIncomplete: false, items: [] }, (params) => completion(context, params)));
  connection.onCodeAction(
    guarded(connection, 'code actions', [], async (params) => [
      ...codeActions(context, params),
      ...(await newRequestActions(context, params)),
    ]),
  );
  connection.onDocumentLinks(guarded(connection, 'document links', [], (params) => documentLinks(context, params)));
  connection.onDefinition(guarded(connection, 'go to definition', [], (params) => definition(context, params)));
  connection.onReferences(
    guarded(connection, 'references', [], async (params, token) => {
      await scanner.settled(token);
      return token.isCancellationRequested ? [] : references(context, params);
    }),
  );
  connection.onDocumentSymbol(guarded(connection, 'document symbols', [], (params) => documentSymbols(context, params)));
  connection.onWorkspaceSymbol(
    guarded(connection, 'workspace symbols', [], async (params, token) => {
      await scanner.settled(token);
      return token.isCancellationRequested ? [] : symbols.search(params);
    }),
  );
  pull.listen(connection);
  listenToRename(context);
  listenToCommands(context);
  listenToFileRenames(context);

  let shutdownRequested = false;
  connection.onShutdown(() => {
    shutdownRequested = true;
    scanner.cancel();
    scheduler.dispose();
  });

  listenToDocuments(context, publisher, scheduler);
  listenToFileEvents(context, fileEvents);
  documents.listen(connection);
  connection.listen();
  return {
    get shutdownRequested() {
      return shutdownRequested;
    },
    documents,
  };
}
