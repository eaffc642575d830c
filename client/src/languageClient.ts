// Starts the Alloy language server for JSON and YAML files and passes it the `alloy.*` settings. It
// writes to the one "Alloy" output channel, and it runs in Restricted Mode too (analysis reads
// files, it never sends anything). Our JSON `syntax` diagnostics that VS Code's built-in JSON
// service already reports as errors in an open document are dropped, so each is listed once.

import * as path from 'node:path';
import { extensions, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { AlloyConfig } from './config';
import { withoutJsonServiceDuplicates, type JsonServiceFacts } from './jsonSyntaxOverlap';

function jsonServiceFacts(uri: string): JsonServiceFacts {
  const document = workspace.textDocuments.find((d) => d.uri.toString() === uri);
  const builtIn = extensions.getExtension('vscode.json-language-features') !== undefined;
  const enabled = document !== undefined && workspace.getConfiguration('json', document.uri).get<boolean>('validate.enable', true);
  return { languageId: document?.languageId, jsonValidation: builtIn && enabled === true };
}

export function createLanguageClient(context: ExtensionContext, channel: LogOutputChannel, config: AlloyConfig): LanguageClient {
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
    initializationOptions: { analyzeWorkspaceOnStartup: config.analyzeWorkspaceOnStartup },
    synchronize: { configurationSection: 'alloy' },
    outputChannel: channel,
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        next(uri, withoutJsonServiceDuplicates(diagnostics, jsonServiceFacts(uri.toString())));
      },
    },
  };
  return new LanguageClient('alloy', 'Alloy', serverOptions, clientOptions);
}
