// The one LSP client of the protocol tests and the benchmark: drives `node dist/server.js --stdio`
// over JSON-RPC, optionally with a counting preload answering on fd 3. Every wait is bounded, and
// `dispose()` always ends the process (shutdown + exit, then a kill if it lingers).

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { URI } from 'vscode-uri';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
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
  type TextDocumentContentChangeEvent,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';

// From `__filename`: when an ES module (the bench) imports this file through tsx, `__dirname` is
// not this file's folder, but `__filename` is still this file.
export const SERVER_PATH = path.resolve(path.dirname(__filename), '../../dist/server.js');
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
  /**
   * A module the server preloads (`node --require`) that answers on file descriptor 3: for each
   * line written to it, one line of JSON (what `counters()` returns). The bench's counters.
   */
  countersPreload?: string;
  /** Leaves `initialized` unsent by `start()`, so that `initializedAndScanned()` can time the scan it starts. */
  deferInitialized?: boolean;
  /** How long to wait for the initialize response (default WAIT_MS). */
  timeoutMs?: number;
}

/** The figures a counters preload reports, by name. */
export type Counters = Record<string, number>;

/** The URI the server itself uses for a file-system path. */
export function uriOf(file: string): string {
  return URI.file(file).toString();
}

/** The absolute file-system path of a `file:` URI (other URIs are returned as they are). */
export function pathOf(uri: string): string {
  return uri.startsWith('file:') ? path.resolve(fileURLToPath(uri)) : uri;
}

export class LspSession {
  readonly published: PublishedDiagnostics[] = [];
  readonly progress: { token: string | number; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }[] = [];
  readonly registrations: Registration[] = [];
  /** What the server wrote to stderr, and its error log messages. */
  readonly serverErrors: string[] = [];
  /** Every window/logMessage (type 1 error, 2 warning, 3 info, 4 log). */
  readonly logs: { type: number; message: string }[] = [];
  /** Called with each publishDiagnostics as it arrives (after it is added to `published`). */
  onPublish: (published: PublishedDiagnostics) => void = () => undefined;
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly counterReplies: ((counters: Counters) => void)[] = [];
  private counterBuffer = '';
  private initializedSent = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    /** The pipe to a counters preload on the server's fd 3, when it has one. */
    private readonly counterChannel: (Readable & Writable) | undefined,
  ) {}

  static async start(rootPath: string, rootUri: string, options: SessionOptions = {}): Promise<LspSession> {
    const preload = options.countersPreload;
    const child = preload
      ? spawn(process.execPath, ['--require', preload, SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] })
      : spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const channel = preload ? (child.stdio[3] as Readable & Writable) : undefined;
    const session = new LspSession(child, connection, channel);
    child.stderr!.on('data', (chunk: Buffer) => session.serverErrors.push(chunk.toString()));
    if (channel) {
      channel.setEncoding('utf8');
      channel.on('data', (chunk: string) => session.receiveCounters(chunk));
      channel.on('error', () => undefined);
    }
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const published = { seq: session.published.length, uri: params.uri, version: params.version, diagnostics: params.diagnostics };
      session.published.push(published);
      session.onPublish(published);
      session.notify();
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      session.logs.push(params);
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
      options.timeoutMs,
    );
    if (!options.deferInitialized) await session.sendInitialized();
    return session;
  }

  /** Sends the deferred `initialized` (which starts the workspace scan) and resolves when the scan's progress ends. */
  async initializedAndScanned(ms = WAIT_MS): Promise<void> {
    await this.sendInitialized();
    await this.waitForProgressEnd(ms);
  }

  /** What the counters preload reports right now (the session must have been started with one). */
  counters(ms = WAIT_MS): Promise<Counters> {
    const channel = this.counterChannel;
    if (!channel) return Promise.reject(new Error('the server was started without a counters preload'));
    const reply = new Promise<Counters>((resolve) => this.counterReplies.push(resolve));
    channel.write('counters\n');
    return within(reply, 'the server counters', ms);
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
  change(uri: string, text: string): Promise<number> {
    return this.edit(uri, [{ text }]);
  }

  /** Sends content changes (incremental `{ range, text }` or whole `{ text }`); returns the new version. */
  async edit(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
    return version;
  }

  /** The version the client last sent for an open document. */
  versionOf(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /** The editor wrote the document to disk (the server asks for no text with didSave). */
  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });
  }

  /** Shuts the server down (each step bounded by `ms`), killing it if it does not exit. */
  async dispose(ms = 2000): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      await within(this.connection.sendRequest(ShutdownRequest.type), 'the shutdown response', ms);
      await this.connection.sendNotification(ExitNotification.type);
      await within(exited, 'the server to exit', ms);
    } catch {
      this.process.kill('SIGKILL');
      await within(exited, 'the killed server to exit', ms).catch(() => undefined);
    } finally {
      this.connection.dispose();
      this.counterChannel?.destroy();
    }
  }

  private async sendInitialized(): Promise<void> {
    if (this.initializedSent) throw new Error('initialized was already sent');
    this.initializedSent = true;
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  private receiveCounters(chunk: string): void {
    this.counterBuffer += chunk;
    let newline: number;
    while ((newline = this.counterBuffer.indexOf('\n')) >= 0) {
      const line = this.counterBuffer.slice(0, newline);
      this.counterBuffer = this.counterBuffer.slice(newline + 1);
      this.counterReplies.shift()?.(JSON.parse(line) as Counters);
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
