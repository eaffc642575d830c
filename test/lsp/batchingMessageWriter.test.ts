// Unit tests of the server's JSON-RPC writer: the exact framing, one write for the messages of
// one job, a write at once past FLUSH_BYTES, and errors and close reported as vscode-jsonrpc's
// writer reports them. The output stream and the "after the current job" hook are fakes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { BatchingMessageWriter, FLUSH_BYTES, type OutputStream } from '../../server/src/lsp/batchingMessageWriter';

class FakeOutput implements OutputStream {
  readonly writes: Buffer[] = [];
  ended = false;
  /** The callbacks of the writes, answered when the test says so. */
  readonly pending: ((error?: Error | null) => void)[] = [];
  private readonly listeners = new Map<string, ((arg: never) => void)[]>();

  write(data: Uint8Array, callback: (error?: Error | null) => void): boolean {
    this.writes.push(Buffer.from(data));
    this.pending.push(callback);
    return true;
  }

  end(): void {
    this.ended = true;
  }

  on(event: string, listener: (arg: never) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, arg?: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(arg as never);
  }

  text(): string {
    return Buffer.concat(this.writes).toString('utf8');
  }
}

function writerWithHook() {
  const output = new FakeOutput();
  const jobs: (() => void)[] = [];
  const writer = new BatchingMessageWriter(output, (flush) => jobs.push(flush));
  const endOfJob = () => jobs.splice(0).forEach((flush) => flush());
  return { output, writer, endOfJob, jobs };
}

const notification = (n: number, text = 'x'): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { n, text } }) as Message;

function framed(message: Message): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

test('the messages of one job go out in one write, framed as vscode-jsonrpc frames them, in order', () => {
  const { output, writer, endOfJob, jobs } = writerWithHook();
  const messages = [notification(1), notification(2), notification(3)];
  for (const m of messages) void writer.write(m);
  assert.equal(output.writes.length, 0, 'nothing is written before the job ends');
  assert.equal(jobs.length, 1, 'one flush is booked for the job');
  endOfJob();
  assert.equal(output.writes.length, 1);
  assert.equal(output.text(), messages.map(framed).join(''));
});

test('Content-Length counts UTF-8 bytes, not characters', () => {
  const { output, writer, endOfJob } = writerWithHook();
  const message = notification(1, 'brief “Alloy” – ✓ 𝛼');
  void writer.write(message);
  endOfJob();
  const body = JSON.stringify(message);
  assert.ok(Buffer.byteLength(body) > body.length);
  assert.equal(output.text(), `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
});

test('past FLUSH_BYTES the batch is written at once, without waiting for the job to end', () => {
  const { output, writer, endOfJob } = writerWithHook();
  const big = notification(1, 'y'.repeat(FLUSH_BYTES));
  void writer.write(notification(0));
  void writer.write(big);
  assert.equal(output.writes.length, 1);
  assert.equal(output.text(), framed(notification(0)) + framed(big));
  void writer.write(notification(2));
  endOfJob();
  assert.equal(output.writes.length, 2);
  assert.equal(output.text(), framed(notification(0)) + framed(big) + framed(notification(2)));
});

test("each write's promise settles with the write that carried it", async () => {
  const { output, writer, endOfJob } = writerWithHook();
  const settled: string[] = [];
  const first = writer.write(notification(1)).then(() => settled.push('first'));
  endOfJob();
  const second = writer.write(notification(2)).then(() => settled.push('second'));
  endOfJob();
  await Promise.resolve();
  assert.deepEqual(settled, []);
  output.pending[1]();
  await second;
  assert.deepEqual(settled, ['second']);
  output.pending[0](null);
  await first;
  assert.deepEqual(settled, ['second', 'first']);
});

test('a failed write rejects its messages and is reported with a running count; close is reported', async () => {
  const { output, writer, endOfJob } = writerWithHook();
  const errors: [string, number | undefined][] = [];
  let closed = 0;
  writer.onError(([error, , count]) => errors.push([error.message, count]));
  writer.onClose(() => closed++);
  const a = writer.write(notification(1));
  const b = writer.write(notification(2));
  endOfJob();
  output.pending[0](new Error('EPIPE'));
  await assert.rejects(a, /EPIPE/);
  await assert.rejects(b, /EPIPE/);
  const c = writer.write(notification(3));
  endOfJob();
  output.pending[1](new Error('EPIPE again'));
  await assert.rejects(c, /EPIPE again/);
  assert.deepEqual(errors, [
    ['EPIPE', 1],
    ['EPIPE again', 2],
  ]);
  output.emit('error', new Error('stream broke'));
  assert.deepEqual(errors[2], ['stream broke', undefined]);
  output.emit('close');
  assert.equal(closed, 1);
});

test('end() writes what is pending, then ends the stream', () => {
  const { output, writer } = writerWithHook();
  void writer.write(notification(1));
  writer.end();
  assert.equal(output.text(), framed(notification(1)));
  assert.equal(output.ended, true);
});

test('by default the flush runs as a microtask, before the next turn of the event loop', async () => {
  const output = new FakeOutput();
  const writer = new BatchingMessageWriter(output);
  void writer.write(notification(1));
  void writer.write(notification(2));
  assert.equal(output.writes.length, 0);
  await Promise.resolve();
  assert.equal(output.writes.length, 1);
  assert.equal(output.text(), framed(notification(1)) + framed(notification(2)));
});
