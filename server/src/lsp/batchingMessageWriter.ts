// The server's JSON-RPC writer: the messages sent in one run of the event loop go out in one
// write. vscode-jsonrpc's stream writer makes two writes per message and waits for the first
// to complete before the second, so re-publishing 1,000 requests after a brief edit cost 2,000
// write calls; here they cost one per 64 KiB. The batch is kept as text and encoded once when it
// is written (a buffer per message cost twice as much as `JSON.stringify` itself). The framing is
// the same (`Content-Length` in UTF-8 bytes, UTF-8 JSON).

import type { Message, MessageWriter } from 'vscode-languageserver/node';
import { AbstractMessageWriter } from './lspLibrary';

/** Pending bytes (of bodies) past which the batch is written at once instead of after the current job. */
export const FLUSH_BYTES = 64 * 1024;

/** The part of a writable stream (process.stdout) the writer uses. */
export interface OutputStream {
  write(data: Uint8Array, callback: (error?: Error | null) => void): unknown;
  end(): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

export class BatchingMessageWriter extends AbstractMessageWriter implements MessageWriter {
  /** Headers and bodies waiting to be written. */
  private parts: string[] = [];
  private bytes = 0;
  private waiters: Waiter[] = [];
  private flushQueued = false;
  private errorCount = 0;

  constructor(
    private readonly output: OutputStream,
    /** Runs the flush after the current job; a microtask by default, so no turn of the event loop is lost. */
    private readonly afterCurrentJob: (flush: () => void) => void = queueMicrotask,
  ) {
    super();
    output.on('error', (error) => this.fireError(error));
    output.on('close', () => this.fireClose());
  }

  /** Resolves when the batch holding the message has been written; rejects if that write fails. */
  write(message: Message): Promise<void> {
    const body = JSON.stringify(message);
    const length = Buffer.byteLength(body, 'utf8');
    this.parts.push(`Content-Length: ${length}\r\n\r\n`, body);
    this.bytes += length;
    const written = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.bytes >= FLUSH_BYTES) {
      this.flush();
    } else if (!this.flushQueued) {
      this.flushQueued = true;
      this.afterCurrentJob(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    return written;
  }

  end(): void {
    this.flush();
    this.output.end();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    const waiters = this.waiters;
    this.parts = [];
    this.bytes = 0;
    this.waiters = [];
    this.output.write(data, (error) => {
      if (error) {
        this.fireError(error, undefined, ++this.errorCount);
        for (const waiter of waiters) waiter.reject(error);
      } else {
        for (const waiter of waiters) waiter.resolve();
      }
    });
  }
}
