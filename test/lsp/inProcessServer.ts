// The server's parts wired as startServer wires them (context, publisher, scheduler, document and
// file events), in process over a memory host and a fake timer, with a stand-in connection that
// records the diagnostics sent and hands the document notifications to TextDocuments. For tests
// that count (cache entries, work per event) or time without a process and its pipes in the way.

import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';
import { DiagnosticsScheduler } from '../../server/src/lsp/diagnosticsScheduler';
import { listenToDocuments } from '../../server/src/lsp/documentEvents';
import { FileEvents } from '../../server/src/lsp/fileEvents';
import { TextDocuments } from '../../server/src/lsp/lspLibrary';
import { ServerContext } from '../../server/src/lsp/serverContext';
import type { Timer } from '../../server/src/lsp/serverRuntime';
import type { MemoryHost } from '../support/memoryHost';

/** A timer whose turns advance only when the test says so. */
export class FakeTimer implements Timer {
  private immediates: (() => void)[] = [];

  setImmediate(callback: () => void) {
    const entry = { callback, live: true };
    this.immediates.push(() => entry.live && entry.callback());
    return { cancel: () => void (entry.live = false) };
  }

  get due(): number {
    return this.immediates.length;
  }

  /** Runs `n` turns of the event loop (the immediates queued before each turn). */
  turns(n: number): void {
    for (let i = 0; i < n; i++) {
      const due = this.immediates;
      this.immediates = [];
      for (const run of due) run();
    }
  }

  /** Runs turns until nothing is queued (at most `limit`); returns how many ran. */
  runAll(limit = 100_000): number {
    let turns = 0;
    while (this.immediates.length > 0) {
      if (turns++ === limit) throw new Error(`still busy after ${limit} turns`);
      const due = this.immediates;
      this.immediates = [];
      for (const run of due) run();
    }
    return turns;
  }
}

type Handler = (params: unknown) => void;

export function uriOf(file: string): string {
  return URI.file(file).toString();
}

/** `keepSent: false` counts the lists sent without keeping them (for timings: no heap growth). */
export function inProcessServer(host: MemoryHost, folders: string[] = ['/repo'], keepSent = true) {
  const sent: PublishDiagnosticsParams[] = [];
  const counts = { sent: 0, cleared: 0 };
  const errors: string[] = [];
  const handlers = new Map<string, Handler>();
  const on = (name: string) => (handler: Handler) => {
    handlers.set(name, handler);
    return { dispose: () => handlers.delete(name) };
  };
  const connection = {
    sendDiagnostics: (params: PublishDiagnosticsParams) => {
      counts.sent++;
      if (params.diagnostics.length === 0) counts.cleared++;
      if (keepSent) sent.push(params);
      return Promise.resolve();
    },
    console: { error: (message: string) => errors.push(message), log: () => undefined },
    onDidOpenTextDocument: on('open'),
    onDidChangeTextDocument: on('change'),
    onDidCloseTextDocument: on('close'),
    onWillSaveTextDocument: on('willSave'),
    onWillSaveTextDocumentWaitUntil: on('willSaveWaitUntil'),
    onDidSaveTextDocument: on('save'),
  } as unknown as Connection;
  const timer = new FakeTimer();
  const documents = new TextDocuments(TextDocument);
  const context = new ServerContext(connection, documents, {
    fileSystem: host,
    directoryLister: { list: () => Promise.resolve(undefined), realpath: (p) => Promise.resolve(p) },
    timer,
  });
  context.resetWorkspace(folders);
  const publisher = new DiagnosticsPublisher(context);
  const scheduler = new DiagnosticsScheduler({
    timer,
    versionOf: (uri) => documents.get(uri)?.version,
    dependentsOf: (file) => context.workspace.dependentsOf(file),
    publish: (file) => void publisher.publish(file),
    runGuarded: (what, work) => {
      try {
        work();
      } catch (error) {
        errors.push(`${what}: ${String(error)}`);
      }
    },
  });
  const events = new FileEvents(context, publisher, scheduler);
  listenToDocuments(context, publisher, scheduler);
  documents.listen(connection);
  const notify = (name: string, params: unknown) => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`no handler for ${name}`);
    handler(params);
  };
  return {
    sent,
    counts,
    errors,
    timer,
    context,
    publisher,
    events,
    open(file: string, text: string, version = 1) {
      const languageId = file.endsWith('.json') ? 'json' : 'yaml';
      notify('open', { textDocument: { uri: uriOf(file), languageId, version, text } });
    },
    change(file: string, text: string, version: number) {
      notify('change', { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
    },
    close(file: string) {
      notify('close', { textDocument: { uri: uriOf(file) } });
    },
    /** The last list sent for a file, if any. */
    lastSent(file: string): PublishDiagnosticsParams | undefined {
      const uri = uriOf(file);
      for (let i = sent.length - 1; i >= 0; i--) if (sent[i].uri === uri) return sent[i];
      return undefined;
    },
  };
}
