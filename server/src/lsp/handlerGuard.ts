// Keeps a failing handler from taking the server down (the error is logged and a fallback
// returned), and keeps messages a handler may not take from reaching it (ProtocolGuard).

import type { Connection, Message, MessageStrategy, RemoteConsole, ResponseMessage } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

export function logFailure(connection: Connection, what: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  connection.console.error(`Alloy: ${what} failed: ${detail}`);
}

/** Wraps a handler (synchronous or asynchronous) so that it never throws or rejects. */
export function guarded<P extends unknown[], R>(
  connection: Connection,
  what: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      logFailure(connection, what, error);
      return fallback;
    }
  };
}

/** Runs a piece of background work, logging instead of throwing. */
export function runGuarded(connection: Connection, what: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    logFailure(connection, what, error);
  }
}

// ---------------------------------------------------------------------------------------------
// The guard in front of every handler (the connection's message strategy), over stdio.

/** The JSON-RPC error code of a request the server may not take (LSP: a request after `shutdown`). */
export const INVALID_REQUEST = -32600;

/** What the guard reads of an open document. */
export type GuardedDocument = Pick<TextDocument, 'uri' | 'languageId' | 'version' | 'lineCount' | 'getText' | 'offsetAt' | 'positionAt'>;

interface Position {
  line: number;
  character: number;
}

interface RawMessage {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

/**
 * Sees each message before its handler. After `shutdown` it refuses every request with
 * InvalidRequest (LSP: "If a server receives requests after a shutdown request those requests
 * should error with InvalidRequest") and drops every notification but `exit`. Before, it logs
 * document notifications that the document manager would take silently: a change or close of a
 * document that is not open, an open of one already open, a change whose range lies outside the
 * document (rewritten to the clamped range, see checkRanges) or is reversed. The message then
 * goes on to its handler.
 */
export class ProtocolGuard implements MessageStrategy {
  /** Where warnings go (the connection's console, set once the connection exists). */
  log: Pick<RemoteConsole, 'warn'> | undefined;
  /** The open documents (set once the server is started). */
  documents: { get(uri: string): GuardedDocument | undefined } | undefined;
  private shutdown = false;

  /** `reply` sends a response straight to the client. */
  constructor(private readonly reply: (message: ResponseMessage) => void) {}

  handleMessage(message: Message, next: (message: Message) => void): void {
    const raw = message as RawMessage;
    const method = typeof raw.method === 'string' ? raw.method : undefined;
    const isRequest = method !== undefined && (typeof raw.id === 'string' || typeof raw.id === 'number');
    const isNotification = method !== undefined && raw.id === undefined;
    if (this.shutdown && isRequest) {
      this.reply({
        jsonrpc: '2.0',
        id: raw.id as string | number,
        error: { code: INVALID_REQUEST, message: `The server has been shut down: "${method}" is refused; only "exit" is taken now.` },
      });
      return;
    }
    if (this.shutdown && isNotification && method !== 'exit') {
      if (!method.startsWith('$/')) this.warn(`the notification "${method}" came after shutdown; it is ignored`);
      return;
    }
    if (isNotification && !this.checkDocumentNotification(method, raw.params)) return;
    next(message);
    if (isRequest && method === 'shutdown') this.shutdown = true;
  }

  /** Logs what is odd about a document notification; false when it is dropped. */
  private checkDocumentNotification(method: string, params: unknown): boolean {
    if (method !== 'textDocument/didChange' && method !== 'textDocument/didOpen' && method !== 'textDocument/didClose') return true;
    const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
    if (typeof uri !== 'string' || !this.documents) return true; // the library says what is wrong with the params
    const document = this.documents.get(uri);
    if (method === 'textDocument/didOpen') {
      if (document) this.warn(`${uri} was opened again without being closed; its new text replaces the old`);
    } else if (!document) {
      this.warn(`${method === 'textDocument/didChange' ? 'a change to' : 'a close of'} ${uri}, which is not open, is ignored`);
    } else if (method === 'textDocument/didChange') {
      const changes = (params as { contentChanges?: unknown }).contentChanges;
      if (Array.isArray(changes)) return this.checkRanges(uri, document, changes);
    }
    return true;
  }

  /**
   * Each ranged change is checked against the text it applies to (the document, then a scratch
   * copy with the earlier changes applied). A position past the last line, or negative, is
   * rewritten to where the document library would clamp it (the end of the text, or its start):
   * given such a line, vscode-languageserver-textdocument keeps the text right but its line table
   * wrong (a 4-line text counted as 1,001 lines), and every later position would be misread.
   * A character past the end of a valid line is left alone: LSP says it means the line's end.
   */
  private checkRanges(uri: string, document: GuardedDocument, changes: unknown[]): boolean {
    let text: GuardedDocument = document;
    for (const [i, change] of changes.entries()) {
      const what = `change ${i + 1} to ${uri}`;
      const range = (change as { range?: { start?: unknown; end?: unknown } } | null)?.range;
      if (typeof (change as { text?: unknown } | null)?.text !== 'string') {
        this.warn(`${what} has no text; the notification is ignored (the document stays at version ${document.version})`);
        return false;
      }
      if (range !== undefined) {
        if (range === null || typeof range !== 'object' || !isPositionLike(range.start) || !isPositionLike(range.end)) {
          this.warn(
            `${what} has a range that is not two positions; the notification is ignored (the document stays at version ${document.version})`,
          );
          return false;
        } else {
          const start = clamped(text, range.start);
          const end = clamped(text, range.end);
          if (start !== range.start || end !== range.end) {
            this.warn(
              `${what} has a range outside the document (${show(range.start)}–${show(range.end)}; it has ` +
                `${text.lineCount} line${text.lineCount === 1 ? '' : 's'}); it is applied clamped to the document (${show(start)}–${show(end)})`,
            );
            range.start = start;
            range.end = end;
          }
          if (start.line > end.line || (start.line === end.line && start.character > end.character))
            this.warn(
              `${what} has a range that ends before it starts (${show(start)}–${show(end)}); it is applied from ${show(end)} to ${show(start)}`,
            );
        }
      }
      if (i < changes.length - 1) {
        // The next change applies to this one's result: a scratch copy (only for several changes at once).
        const scratch =
          text === document ? TextDocument.create(uri, document.languageId, document.version, document.getText()) : (text as TextDocument);
        text = TextDocument.update(scratch, [change as TextDocumentContentChangeEvent], scratch.version + 1);
      }
    }
    return true;
  }

  private warn(text: string): void {
    this.log?.warn(`Alloy: ${text}.`);
  }
}

function isPositionLike(value: unknown): value is Position {
  const p = value as Partial<Position> | null | undefined;
  return typeof p === 'object' && p !== null && typeof p.line === 'number' && typeof p.character === 'number';
}

/** The position itself when its line is in the text and both numbers are non-negative integers; else where the library would take it to be. */
function clamped(document: GuardedDocument, p: Position): Position {
  const integers = Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
  if (integers && p.line < document.lineCount) return p;
  if (!(p.line >= 0)) return { line: 0, character: 0 }; // a negative line: the start
  if (p.line >= document.lineCount) return document.positionAt(document.getText().length); // past the last line: the end
  return { line: Math.floor(p.line), character: p.character >= 0 ? Math.floor(p.character) : 0 };
}

function show(p: Position): string {
  return `${p.line}:${p.character}`;
}
