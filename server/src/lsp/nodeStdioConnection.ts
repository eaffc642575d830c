// The connection over stdin and stdout (`--stdio`): vscode-languageserver's, with the batching
// writer (batchingMessageWriter.ts) in place of its stream writer and a frame reader of its own
// (FrameReader, below) in place of its stream reader. What `createConnection()` does by itself
// for `--stdio` is kept: console output goes to the client's log instead of into the message
// stream, and the process exits when stdin ends (0 after a shutdown request, else 1).
//
// Why a reader of its own: vscode-jsonrpc's reader says nothing about a frame it cannot read (its
// errors reach no log), and after a bad header it reads the rest of that frame as the next one's
// headers, so one bad frame loses the frames after it too. This one names every bad frame in the
// client's log and finds the next `Content-Length:` header, so the next good frame is answered.

import { format, inspect } from 'node:util';
import type {
  Connection,
  DataCallback,
  Disposable,
  Message,
  MessageReader,
  PartialMessageInfo,
  RemoteConsole,
} from 'vscode-languageserver/node';
import { createConnection, ProposedFeatures } from './lspLibrary';
import { BatchingMessageWriter } from './batchingMessageWriter';
import { ProtocolGuard } from './handlerGuard';

/** Sends what the program writes to the console to the client's log. */
export function redirectConsole(target: Console, remote: Pick<RemoteConsole, 'log' | 'info' | 'warn' | 'error'>): void {
  target.log = (...args: unknown[]) => remote.log(format(...args));
  target.debug = (...args: unknown[]) => remote.log(format(...args));
  target.info = (...args: unknown[]) => remote.info(format(...args));
  target.warn = (...args: unknown[]) => remote.warn(format(...args));
  target.error = (...args: unknown[]) => remote.error(format(...args));
  target.dir = (value: unknown) => remote.log(inspect(value));
  target.trace = (...args: unknown[]) => {
    const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
    remote.log(`Trace${args.length > 0 ? `: ${format(...args)}` : ''}\n${stack}`);
  };
}

/** The stdio connection and the guard in front of its handlers (handlerGuard.ts). */
export interface StdioConnection {
  connection: Connection;
  guard: ProtocolGuard;
}

export function createStdioConnection(): StdioConnection {
  const reader = new FrameReader(process.stdin);
  const writer = new BatchingMessageWriter(process.stdout);
  const guard = new ProtocolGuard((message) => void writer.write(message));
  const connection = createConnection(ProposedFeatures.all, reader, writer, { messageStrategy: guard });
  guard.log = connection.console;
  reader.onError((error) => connection.console.error(`Alloy: ${error.message}`));
  redirectConsole(console, connection.console);
  return { connection, guard };
}

/** Ends the process when the client closes stdin (it went away without `exit`). */
export function exitWhenStdinEnds(shutdownRequested: () => boolean): void {
  const exit = () => process.exit(shutdownRequested() ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
}

// ---------------------------------------------------------------------------------------------
// Reading frames: `Content-Length: N\r\n` (other headers allowed), `\r\n`, then N bytes of UTF-8 JSON.

/** The part of a readable stream (process.stdin) the reader uses. */
export interface InputStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close' | 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'close' | 'end', listener: () => void): unknown;
}

/** Headers longer than this without their blank line are not headers. */
export const MAX_HEADER_BYTES = 8192;
/** The largest body accepted (a 50 MB document is a 50 MB change); a larger Content-Length is a bad frame. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const LENGTH_HEADER = 'content-length:';

type Listener<T> = (value: T) => unknown;

/** A minimal vscode-jsonrpc event (the package's Emitter is a value, and values come from lspLibrary.ts only). */
class Listeners<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, thisArgs?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener<T> = thisArgs === undefined ? listener : listener.bind(thisArgs);
    this.listeners.add(bound);
    const disposable = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(disposable);
    return disposable;
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  clear(): void {
    this.listeners.clear();
  }
}

export class FrameReader implements MessageReader {
  private readonly errors = new Listeners<Error>();
  private readonly closes = new Listeners<void>();
  private readonly partials = new Listeners<PartialMessageInfo>();
  readonly onError = this.errors.event;
  readonly onClose = this.closes.event;
  readonly onPartialMessage = this.partials.event;

  private chunks: Buffer[] = [];
  private size = 0;
  /** The length of the body being read, or -1 while reading headers. */
  private bodyLength = -1;
  /** After a bad frame: bytes are dropped up to the next `Content-Length:`. */
  private resyncing = false;
  private callback: DataCallback | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onStreamError = (error: Error) => this.errors.fire(error);
  private readonly onEnd = () => this.closes.fire();

  constructor(private readonly input: InputStream) {}

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    this.input.on('data', this.onData);
    this.input.on('error', this.onStreamError);
    this.input.on('close', this.onEnd);
    this.input.on('end', this.onEnd);
    return { dispose: () => this.stop() };
  }

  dispose(): void {
    this.stop();
    this.errors.clear();
    this.closes.clear();
    this.partials.clear();
  }

  private stop(): void {
    this.callback = undefined;
    this.input.off('data', this.onData);
    this.input.off('error', this.onStreamError);
    this.input.off('close', this.onEnd);
    this.input.off('end', this.onEnd);
  }

  /** Takes in one chunk and delivers every message it completes, in order. */
  receive(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.callback) {
      if (this.bodyLength < 0 && !this.readHeaders()) return;
      if (this.size < this.bodyLength) return;
      const body = this.take(this.bodyLength);
      this.bodyLength = -1;
      const message = this.decode(body);
      if (message !== undefined) this.callback(message);
    }
  }

  /** Reads one header block; false when more bytes are needed. */
  private readHeaders(): boolean {
    for (;;) {
      if (this.size === 0) return false;
      const head = this.peek(Math.min(this.size, MAX_HEADER_BYTES + HEADER_END.length));
      if (this.resyncing) {
        const at = head.toString('latin1').toLowerCase().indexOf(LENGTH_HEADER);
        if (at < 0) {
          // Keep a tail that may be the start of the header name.
          this.drop(Math.max(0, head.length - (LENGTH_HEADER.length - 1)));
          return false;
        }
        this.drop(at);
        this.resyncing = false;
        continue;
      }
      const end = head.indexOf(HEADER_END);
      if (end < 0) {
        if (head.length <= MAX_HEADER_BYTES) return false;
        this.badFrame(`headers without their end (a blank line) in the first ${MAX_HEADER_BYTES} bytes`, 1);
        continue;
      }
      const block = head.toString('latin1', 0, end);
      const problem = this.parseHeaders(block);
      if (typeof problem === 'string') {
        // Bytes glued before a header (the rest of a body cut short): skip just them. Otherwise
        // the whole block goes (a second Content-Length line in it belongs to the bad frame).
        const glued = gluedHeaderAt(block);
        if (glued > 0) {
          this.errors.fire(
            new Error(
              `a message from the client could not be read: ${glued} bytes before a Content-Length header are no frame (${quoted(block.slice(0, glued))}); skipped`,
            ),
          );
          this.drop(glued);
        } else {
          this.badFrame(problem, end + HEADER_END.length);
        }
        continue;
      }
      this.drop(end + HEADER_END.length);
      this.bodyLength = problem;
      return true;
    }
  }

  /** The body length the headers give, or what is wrong with them. */
  private parseHeaders(text: string): number | string {
    let length: number | undefined;
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return `a header line without a name and a colon (${quoted(line)})`;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d{1,10}$/.test(value)) return `a Content-Length that is not a number of bytes (${quoted(value)})`;
        const n = Number(value);
        if (length !== undefined && length !== n) return 'two different Content-Length headers';
        if (n > MAX_BODY_BYTES) return `a Content-Length of ${n} bytes, over the limit of ${MAX_BODY_BYTES}`;
        length = n;
      } else if (name === 'content-type') {
        const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1];
        if (charset !== undefined && !/^utf-?8$/i.test(charset)) return `a charset other than utf-8 (${quoted(charset)})`;
      }
    }
    return length ?? 'headers without Content-Length';
  }

  /** Reports a bad frame, drops `skip` bytes of it, and drops what follows up to the next Content-Length header. */
  private badFrame(problem: string, skip: number): void {
    this.errors.fire(new Error(`a message from the client could not be read: ${problem}; skipped to the next Content-Length header`));
    this.drop(skip);
    this.resyncing = true;
  }

  private decode(body: Buffer): Message | undefined {
    let text: string;
    try {
      text = this.decoder.decode(body);
    } catch {
      this.errors.fire(new Error(`a message from the client could not be read: its body of ${body.length} bytes is not UTF-8`));
      return undefined;
    }
    try {
      return JSON.parse(text) as Message;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.errors.fire(new Error(`a message from the client could not be read: its body of ${body.length} bytes is not JSON (${detail})`));
      return undefined;
    }
  }

  /** The first `n` bytes (n ≤ size), without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first.length >= n) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let have = 0;
    for (const chunk of this.chunks) {
      if (have >= n) break;
      parts.push(chunk);
      have += chunk.length;
    }
    const joined = Buffer.concat(parts);
    // Keep the joined bytes as one chunk, so that the next peek does not join them again.
    this.chunks.splice(0, parts.length, joined);
    return joined.subarray(0, n);
  }

  /** Removes and returns the first `n` bytes (n ≤ size). */
  private take(n: number): Buffer {
    const out = this.peek(n);
    this.drop(n);
    return out;
  }

  private drop(n: number): void {
    let left = n;
    this.size -= n;
    while (left > 0) {
      const first = this.chunks[0];
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
  }
}

/** Where a `Content-Length:` glued to other bytes (not at the start of a line) starts in a header block, or -1. */
function gluedHeaderAt(block: string): number {
  const lower = block.toLowerCase();
  for (let at = lower.indexOf(LENGTH_HEADER, 1); at > 0; at = lower.indexOf(LENGTH_HEADER, at + 1)) {
    if (lower.charCodeAt(at - 1) !== 10) return at;
  }
  return -1;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text);
}
