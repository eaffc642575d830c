// Drives `node dist/server.js --stdio` over JSON-RPC for protocol tests. Every wait is bounded,
// and `close()` always ends the process (shutdown + exit, then a kill if it lingers).

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
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
  type ClientCapabilities,
  type Diagnostic,
  type FileChangeType,
  type ProtocolConnection,
  type Registration,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';

export const SERVER_PATH = path.resolve(__dirname, '../../dist/server.js');
export const WAIT_MS = 5000;

export interface PublishedDiagnostics {
  seq: number;
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** Resolves a promise or fails with `what` after `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const CAPABILITIES: ClientCapabilities = {
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  window: { workDoneProgress: true },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    definition: { linkSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
  },
};

export interface SessionOptions {
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  /** When set, the client answers `workspace/configuration` with it (and says it can). */
  alloySettings?: Record<string, unknown>;
}

export class LspSession {
  readonly published: PublishedDiagnostics[] = [];
  readonly progress: { token: string | number; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }[] = [];
  readonly registrations: Registration[] = [];
  readonly serverErrors: string[] = [];
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(rootPath: string, rootUri: string, options: SessionOptions = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => session.serverErrors.push(chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      session.published.push({ seq: session.published.length, uri: params.uri, version: params.version, diagnostics: params.diagnostics });
      session.notify();
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) session.serverErrors.push(params.message);
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      session.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        session.progress.push({ token: params.token, value });
        session.notify();
      });
      return null;
    });
    if (options.alloySettings) {
      connection.onRequest(ConfigurationRequest.type, (params) =>
        params.items.map((item) => (item.section === 'alloy' ? options.alloySettings : null)),
      );
    }
    connection.listen();
    const capabilities = options.capabilities ?? CAPABILITIES;
    await within(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        rootPath,
        workspaceFolders: [{ uri: rootUri, name: 'fixture' }],
        capabilities: options.alloySettings
          ? { ...capabilities, workspace: { ...capabilities.workspace, configuration: true } }
          : capabilities,
        initializationOptions: options.initializationOptions,
      }),
      'the initialize response',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  /** A position in the log: waits can ask only for what is published after it. */
  mark(): number {
    return this.published.length;
  }

  /** The first list published for `uri` after `since` that satisfies `accept`. */
  waitForDiagnostics(
    uri: string,
    accept: (list: PublishedDiagnostics) => boolean = () => true,
    since = 0,
    ms = WAIT_MS,
  ): Promise<PublishedDiagnostics> {
    return this.waitUntil(`diagnostics for ${uri}`, () => this.published.slice(since).find((p) => p.uri === uri && accept(p)), ms);
  }

  /** Resolves when the server has ended a work-done progress. */
  waitForProgressEnd(ms = WAIT_MS): Promise<void> {
    return this.waitUntil(
      'the end of work-done progress',
      () => (this.progress.some((p) => p.value.kind === 'end') ? true : undefined),
      ms,
    ).then(() => undefined);
  }

  publishedFor(uri: string, since = 0): PublishedDiagnostics[] {
    return this.published.slice(since).filter((p) => p.uri === uri);
  }

  async open(uri: string, text: string, languageId = uri.endsWith('.json') ? 'json' : 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });
  }

  async dispose(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      await within(this.connection.sendRequest(ShutdownRequest.type), 'the shutdown response', 2000);
      await this.connection.sendNotification(ExitNotification.type);
      await within(exited, 'the server to exit', 2000);
    } catch {
      this.process.kill('SIGKILL');
      await within(exited, 'the killed server to exit', 2000).catch(() => undefined);
    } finally {
      this.connection.dispose();
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private waitUntil<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    let listener: () => void = () => undefined;
    const waiting = new Promise<T>((resolve) => {
      listener = () => {
        const value = probe();
        if (value !== undefined) resolve(value);
      };
      this.listeners.add(listener);
    });
    return within(waiting, what, ms).finally(() => this.listeners.delete(listener));
  }
}

/** `[code, startLine, startChar, endLine, endChar]` of each diagnostic, for exact comparisons. */
export function summarize(diagnostics: Diagnostic[]): [string, number, number, number, number][] {
  return diagnostics.map((d) => [String(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}
