// Drives `node dist/server.js --stdio` for the benchmarks: JSON-RPC over the child's stdin and
// stdout only, every wait bounded, and the process always ended by `dispose()`. The server runs
// with bench/serverCounters.cjs preloaded; `counters()` reads its figures over fd 3.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const protocol = require('vscode-languageserver-protocol/node');
const { URI } = require('vscode-uri');
const {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} = protocol;

const SERVER = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const COUNTERS = fileURLToPath(new URL('./serverCounters.cjs', import.meta.url));

/** Resolves `promise`, or rejects naming `what` after `ms`. */
export function within(promise, what, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const CAPABILITIES = {
  window: { workDoneProgress: true },
  workspace: { workspaceFolders: true },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};

export class ServerSession {
  constructor(child, connection) {
    this.child = child;
    this.connection = connection;
    /** Called with `(path, version, diagnostics)` for each publishDiagnostics. */
    this.onPublish = () => undefined;
    this.progressEnded = false;
    this.progressWaiters = [];
    this.stderr = '';
    this.counterReplies = [];
    this.counterBuffer = '';
  }

  static async start(root, { timeoutMs }) {
    const child = spawn(process.execPath, ['--require', COUNTERS, SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new ServerSession(child, connection);
    child.stderr.on('data', (chunk) => {
      session.stderr = (session.stderr + chunk.toString()).slice(-4000);
    });
    child.stdio[3].setEncoding('utf8');
    child.stdio[3].on('data', (chunk) => session.receiveCounters(chunk));
    child.stdio[3].on('error', () => undefined);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const file = params.uri.startsWith('file:') ? path.resolve(fileURLToPath(params.uri)) : params.uri;
      session.onPublish(file, params.version, params.diagnostics);
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onRequest(RegistrationRequest.type, () => null);
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        if (value.kind !== 'end') return;
        session.progressEnded = true;
        for (const resolve of session.progressWaiters.splice(0)) resolve();
      });
      return null;
    });
    connection.listen();
    const rootUri = uriOf(root);
    await within(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        rootPath: root,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: CAPABILITIES,
      }),
      'the initialize response',
      timeoutMs,
    );
    return session;
  }

  /** Sends `initialized` (which starts the workspace scan) and resolves when the scan's progress ends. */
  async initializedAndScanned(timeoutMs) {
    const ended = new Promise((resolve) => (this.progressEnded ? resolve() : this.progressWaiters.push(resolve)));
    await this.connection.sendNotification(InitializedNotification.type, {});
    await within(ended, 'the end of the start-up scan', timeoutMs);
  }

  open(file, text, version) {
    const languageId = file.endsWith('.json') ? 'json' : 'yaml';
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uriOf(file), languageId, version, text },
    });
  }

  /** Sends incremental content changes (`{ range, text }`) or a whole text (`{ text }`). */
  change(file, version, contentChanges) {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uriOf(file), version },
      contentChanges,
    });
  }

  /** The preload's counters right now. */
  async counters(timeoutMs = 5000) {
    const reply = new Promise((resolve) => this.counterReplies.push(resolve));
    this.child.stdio[3].write('counters\n');
    return within(reply, 'the server counters', timeoutMs);
  }

  receiveCounters(chunk) {
    this.counterBuffer += chunk;
    let newline;
    while ((newline = this.counterBuffer.indexOf('\n')) >= 0) {
      const line = this.counterBuffer.slice(0, newline);
      this.counterBuffer = this.counterBuffer.slice(newline + 1);
      this.counterReplies.shift()?.(JSON.parse(line));
    }
  }

  async dispose() {
    const exited = new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', resolve);
    });
    try {
      await within(this.connection.sendRequest(ShutdownRequest.type), 'the shutdown response', 3000);
      await this.connection.sendNotification(ExitNotification.type);
      await within(exited, 'the server to exit', 3000);
    } catch {
      this.child.kill('SIGKILL');
      await within(exited, 'the killed server to exit', 3000).catch(() => undefined);
    } finally {
      this.connection.dispose();
      this.child.stdio[3]?.destroy();
    }
  }
}

/** The URI the server itself would use for a path. */
export function uriOf(file) {
  return URI.file(file).toString();
}
