// A small LSP client for the JSON anchor over stdio: vscode-langservers-extracted's
// `vscode-json-language-server --stdio`, configured as VS Code configures it for a user whose
// `json.schemas` maps `.alloy/requests/*.json` to our request schema (a file URI). In push mode
// the server publishes diagnostics after its built-in 500 ms delay; in pull mode (when the client
// announces `textDocument.diagnostic`) the client asks with `textDocument/diagnostic`.
// Schemas are read by the server from disk; any other scheme it asks us for is refused.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '../../test/support/lspSession.ts';
import { REQUEST_FILE_MATCH, REQUEST_SCHEMA, fileUri } from './anchorSchemas.mjs';

const require = createRequire(import.meta.url);
const protocol = require('vscode-languageserver-protocol/node');

export const JSON_SERVER = fileURLToPath(
  new URL('../../node_modules/vscode-langservers-extracted/bin/vscode-json-language-server', import.meta.url),
);

export class JsonServerSession {
  /** Diagnostics lists in arrival order: `{ uri, diagnostics }`. */
  published = [];
  /** Error output and error log messages of the server. */
  serverErrors = [];
  /** Schema URIs the server asked the client for (always refused). */
  refusedContent = [];
  #waiters = new Set();
  #versions = new Map();

  constructor(child, connection, pull) {
    this.child = child;
    this.connection = connection;
    this.pull = pull;
  }

  /** Starts and configures the server; resolves once it is initialized and has its settings. */
  static async start({ rootUri, schemaDir, pull = false, timeoutMs }) {
    const child = spawn(process.execPath, [JSON_SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = protocol.createProtocolConnection(
      new protocol.StreamMessageReader(child.stdout),
      new protocol.StreamMessageWriter(child.stdin),
    );
    const session = new JsonServerSession(child, connection, pull);
    child.stderr.on('data', (chunk) => session.serverErrors.push(chunk.toString()));
    connection.onNotification(protocol.PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      session.published.push({ uri, diagnostics });
      for (const waiter of [...session.#waiters]) waiter();
    });
    connection.onNotification('window/logMessage', ({ type, message }) => {
      if (type === 1) session.serverErrors.push(message);
    });
    connection.onRequest('vscode/content', (uri) => {
      session.refusedContent.push(String(uri));
      throw new protocol.ResponseError(-32603, `the bench serves no schema content (${uri})`);
    });
    connection.onRequest(protocol.RegistrationRequest.type, () => null);
    connection.onRequest(protocol.ConfigurationRequest.type, (params) => params.items.map(() => null));
    connection.onRequest(protocol.DiagnosticRefreshRequest.type, () => null);
    connection.listen();
    const textDocument = {
      publishDiagnostics: { relatedInformation: true },
      synchronization: { dynamicRegistration: false, didSave: false },
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    };
    await within(
      connection.sendRequest(protocol.InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: { textDocument, workspace: { workspaceFolders: true } },
        initializationOptions: { handledSchemaProtocols: ['file'], provideFormatter: false },
      }),
      'the JSON server initialize response',
      timeoutMs,
    );
    await connection.sendNotification(protocol.InitializedNotification.type, {});
    await connection.sendNotification(protocol.DidChangeConfigurationNotification.type, {
      settings: {
        json: {
          validate: { enable: true },
          schemas: [{ fileMatch: REQUEST_FILE_MATCH, url: fileUri(path.join(schemaDir, REQUEST_SCHEMA)) }],
        },
      },
    });
    return session;
  }

  /** Resolves with the first diagnostics published for `uri` at index `since` or later. */
  nextPublish(uri, since, what, ms) {
    const find = () => this.published.slice(since).find((p) => p.uri === uri);
    const found = find();
    if (found) return Promise.resolve(found);
    let waiter;
    const waiting = new Promise((resolve) => {
      waiter = () => {
        const hit = find();
        if (hit) resolve(hit);
      };
      this.#waiters.add(waiter);
    });
    return within(waiting, what, ms).finally(() => this.#waiters.delete(waiter));
  }

  async open(uri, text) {
    this.#versions.set(uri, 1);
    await this.connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'json', version: 1, text },
    });
  }

  /** Sends content changes (incremental or whole); returns the new version. */
  async edit(uri, contentChanges) {
    const version = (this.#versions.get(uri) ?? 1) + 1;
    this.#versions.set(uri, version);
    await this.connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
    return version;
  }

  /** Pull mode: the server's diagnostics for `uri` now. */
  async pullDiagnostics(uri, ms) {
    const report = await within(
      this.connection.sendRequest(protocol.DocumentDiagnosticRequest.type, { textDocument: { uri } }),
      'the JSON server diagnostic report',
      ms,
    );
    return report.items ?? [];
  }

  /** Shuts the server down (each step bounded), killing it if it does not exit. */
  async dispose(ms = 2000) {
    const exited = new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await within(this.connection.sendRequest(protocol.ShutdownRequest.type), 'the JSON server shutdown response', ms);
      await this.connection.sendNotification(protocol.ExitNotification.type);
      await within(exited, 'the JSON server to exit', ms);
    } catch {
      this.child.kill('SIGKILL');
      await within(exited, 'the killed JSON server to exit', ms).catch(() => undefined);
    } finally {
      this.connection.dispose();
    }
  }
}
