// Starts the Alloy language server for JSON and YAML files and passes it the `alloy.*` settings. It
// writes to the one "Alloy" output channel, and it runs in Restricted Mode too (analysis reads
// files, it never sends anything). Our JSON `syntax` diagnostics that VS Code's built-in JSON
// service already reports as errors in an open document are dropped, so each is listed once.
// `alloy.codeLens.enabled` is passed as the `codeLens` option: one setting turns off both the
// server's lenses (digest, key, requests of a brief) and the extension's own (submit, last
// submission). The server's lens commands run on the server (the client routes them), except
// "N requests name this brief", which opens VS Code's references peek.

import * as path from 'node:path';
import { commands, extensions, Uri, workspace, type ExtensionContext, type Location, type LogOutputChannel } from 'vscode';
import {
  CloseAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { AlloyConfig } from './config';
import { referencesArguments, requestLocations, SHOW_REQUESTS_OF_BRIEF } from './codelens/serverLensCommands';
import { withoutJsonServiceDuplicates, type JsonServiceFacts } from './jsonSyntaxOverlap';
import { withoutDuplicatesInReport, withoutDuplicatesInWorkspaceReport } from './pulledDiagnostics';
import { offeringRestart } from './serverCrashes';
import type { ServerClient } from './serverLifecycle';

function jsonServiceFacts(uri: string): JsonServiceFacts {
  const document = workspace.textDocuments.find((d) => d.uri.toString() === uri);
  const builtIn = extensions.getExtension('vscode.json-language-features') !== undefined;
  const enabled = document !== undefined && workspace.getConfiguration('json', document.uri).get<boolean>('validate.enable', true);
  return { languageId: document?.languageId, jsonValidation: builtIn && enabled === true };
}

/**
 * `gaveUp`: the server kept exiting and the client will not start it again (the client's message,
 * which names how often); the caller offers a restart.
 */
export function createLanguageClient(
  context: ExtensionContext,
  channel: LogOutputChannel,
  config: AlloyConfig,
  gaveUp: (message: string | undefined) => void,
): LanguageClient {
  // The client's own policy, made once the client exists (`client` is assigned below, before it starts).
  let defaults: ErrorHandler | undefined;
  const policy = (): ErrorHandler => (defaults ??= client.createDefaultErrorHandler());
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'file', language: 'yaml' },
    ],
    initializationOptions: { analyzeWorkspaceOnStartup: config.analyzeWorkspaceOnStartup, codeLens: config.codeLensEnabled },
    synchronize: { configurationSection: 'alloy' },
    outputChannel: channel,
    errorHandler: {
      error: (error, message, count) => policy().error(error, message, count),
      closed: offeringRestart(() => policy().closed(), CloseAction.DoNotRestart, gaveUp),
    },
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        next(uri, withoutJsonServiceDuplicates(diagnostics, jsonServiceFacts(uri.toString())));
      },
      // VS Code's client pulls diagnostics (the server pushes only to clients that cannot pull).
      async provideDiagnostics(document, previousResultId, token, next) {
        const report = await next(document, previousResultId, token);
        const uri = document instanceof Uri ? document : document.uri;
        return report ? withoutDuplicatesInReport(report, jsonServiceFacts(uri.toString())) : report;
      },
      async provideWorkspaceDiagnostics(resultIds, token, resultReporter, next) {
        const filtered: typeof resultReporter = (chunk) =>
          resultReporter(chunk && { items: withoutDuplicatesInWorkspaceReport(chunk.items, jsonServiceFacts) });
        const report = await next(resultIds, token, filtered);
        return report ? { items: withoutDuplicatesInWorkspaceReport(report.items, jsonServiceFacts) } : report;
      },
      executeCommand(command, args, next) {
        const references = command === SHOW_REQUESTS_OF_BRIEF ? referencesArguments(args) : undefined;
        if (!references) return next(command, args);
        // `client` is assigned below, before the client starts and any command can run.
        const convert = client.protocol2CodeConverter;
        const uri = convert.asUri(references.uri);
        const position = convert.asPosition(references.position);
        const locations = references.locations
          ? Promise.resolve(references.locations.map((location) => convert.asLocation(location)))
          : commands
              .executeCommand<Location[] | undefined>('vscode.executeReferenceProvider', uri, position)
              .then((found) => requestLocations(found ?? [], uri.toString()));
        return locations.then((list) => commands.executeCommand('editor.action.showReferences', uri, position, list));
      },
    },
  };
  const client = new LanguageClient('alloy', 'Alloy', serverOptions, clientOptions);
  return client;
}

/**
 * The client as the lifecycle uses it. Disposing a client that is still starting (its first start,
 * or its own restart after a crash) first waits for that start: vscode-languageclient cannot stop
 * a server during its start (it throws, and the server starts anyway, with nobody to stop it). A
 * start that fails settles too.
 */
export function asServerClient(client: LanguageClient): ServerClient {
  return {
    start: () => client.start(),
    async dispose(timeout) {
      // While it starts, start() answers the start under way; it never begins another one here.
      if (client.state === State.Starting) await client.start().catch(() => undefined);
      await client.dispose(timeout);
    },
  };
}
