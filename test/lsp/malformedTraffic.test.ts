// Malformed LSP traffic over stdio: bad frames (a Content-Length that is no number, too small or
// over the limit, no Content-Length, a header line without a colon, a body that is not JSON or not
// UTF-8, another charset, JSON that is no message), unknown methods, changes to documents that are
// not open, out-of-range and reversed incremental edits, huge changes, and rapid open/change/close
// interleavings. Each bad input is named in the client's log (window/logMessage), the server keeps
// answering — the next good frame is read even in the same chunk as a bad one (the frame reader
// in nodeStdioConnection.ts skips to the next Content-Length) — and its final diagnostics equal
// the CLI's on the final texts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { HoverRequest, ResponseError, type Diagnostic, type Hover } from 'vscode-languageserver-protocol/node';
import { BRIEF_YAML, FixtureWorkspace, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { LspSession, within } from '../support/lspSession';
import { FrameReader } from '../../server/src/lsp/nodeStdioConnection';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const REQUEST = '.alloy/requests/r.json';
const READ_PROBLEM = 'Alloy: a message from the client could not be read: ';
const SKIPPED = '; skipped to the next Content-Length header';

interface Log {
  type: number;
  message: string;
}

let fixture: FixtureWorkspace;
let session: LspSession;
const logs: Log[] = [];
/** The hover on the request's idempotency key while nothing has changed: what every probe must get again. */
let probeAnswer: Hover | null;

function frame(body: string | Buffer, headers = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n${headers}\r\n`, 'latin1'), bytes]);
}

function writeRaw(bytes: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => session.process.stdin!.write(bytes, (error) => (error ? reject(error) : resolve())));
}

function hover(uri: string, line: number, character: number): Promise<Hover | null> {
  return within(
    session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }),
    'a hover',
    10_000,
  );
}

/** The server still answers, and the same: a hover on the request's key. */
async function probe(): Promise<void> {
  assert.deepEqual(await hover(fixture.uri(REQUEST), 2, 25), probeAnswer);
}

/** The log lines after `mark` (an index into `logs`). */
function logsSince(mark: number): Log[] {
  return logs.slice(mark);
}

before(async () => {
  fixture = new FixtureWorkspace();
  fixture.write(REQUEST, requestJson());
  session = await LspSession.start(fixture.root, fixture.uri(''), { initializationOptions: { analyzeWorkspaceOnStartup: false } });
  session.connection.onNotification('window/logMessage', (params: Log) => void logs.push(params));
  await session.open(fixture.uri(REQUEST), requestJson());
  await session.waitForDiagnostics(fixture.uri(REQUEST));
  probeAnswer = await hover(fixture.uri(REQUEST), 2, 25);
  assert.ok(probeAnswer, 'the probe hover has content');
});

after(async () => {
  await session.dispose();
  fixture.dispose();
});

test('bad frames are logged one by one, and the next good frame is answered', async () => {
  const cases: [string, Buffer | string, string][] = [
    [
      'a Content-Length that is no number',
      'Content-Length: abc\r\n\r\n{}',
      'a Content-Length that is not a number of bytes ("abc")' + SKIPPED,
    ],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', 'a Content-Length that is not a number of bytes ("-5")' + SKIPPED],
    ['no Content-Length', 'X-Thing: 1\r\n\r\n{}', 'headers without Content-Length' + SKIPPED],
    ['a header line without a colon', 'garbage\r\n\r\n', 'a header line without a name and a colon ("garbage")' + SKIPPED],
    ['two different lengths', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 'two different Content-Length headers' + SKIPPED],
    [
      'a Content-Length that is no number, glued to the next frame',
      'Content-Length: 1x\r\n\r\n',
      'a Content-Length that is not a number of bytes ("1x")' + SKIPPED,
    ],
    [
      'a length over the limit',
      'Content-Length: 300000000\r\n\r\n',
      'a Content-Length of 300000000 bytes, over the limit of 268435456' + SKIPPED,
    ],
    [
      'another charset',
      frame('{}', 'Content-Type: application/vscode-jsonrpc; charset=latin1\r\n'),
      'a charset other than utf-8 ("latin1")' + SKIPPED,
    ],
    [
      'a body that is not JSON',
      frame('not json'),
      'its body of 8 bytes is not JSON (Unexpected token \'o\', "not json" is not valid JSON)',
    ],
    ['a body that is not UTF-8', frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 'its body of 4 bytes is not UTF-8'],
    ['a body with a BOM', frame('\uFEFF{}'), 'its body of 5 bytes is not JSON (Unexpected token \'﻿\', "﻿{}" is not valid JSON)'],
  ];
  for (const [what, bytes, problem] of cases) {
    const mark = logs.length;
    await writeRaw(bytes);
    await probe().catch((error: Error) => assert.fail(`${what}: ${error.message}; logged ${JSON.stringify(logsSince(mark))}`));
    assert.deepEqual(logsSince(mark), [{ type: 1, message: READ_PROBLEM + problem }], what);
  }
});

test('a bad frame, junk and a good frame in one chunk: the good one is answered at once', async () => {
  const mark = logs.length;
  const good = frame(JSON.stringify({ jsonrpc: '2.0', id: 'same-chunk', method: 'alloy/unknown' }));
  const answered = new Promise<void>((resolve) => {
    const listener = (chunk: Buffer) => {
      if (!chunk.toString('utf8').includes('"same-chunk"')) return;
      session.process.stdout!.off('data', listener);
      resolve();
    };
    session.process.stdout!.on('data', listener);
  });
  await writeRaw(Buffer.concat([Buffer.from('Content-Length: 2\r\n\r\n{]garbage', 'latin1'), good]));
  await within(answered, 'the answer to the good frame');
  await probe();
  assert.deepEqual(logsSince(mark), [
    { type: 1, message: READ_PROBLEM + "its body of 2 bytes is not JSON (Expected property name or '}' in JSON at position 1)" },
    { type: 1, message: READ_PROBLEM + '7 bytes before a Content-Length header are no frame ("garbage"); skipped' },
  ]);
});

test('a frame sent one byte at a time, and a body cut short, are read; JSON that is no message is logged by the library', async () => {
  const whole = frame(JSON.stringify({ jsonrpc: '2.0', method: 'alloy/slowNotification', params: {} }));
  for (const byte of whole) await writeRaw(Buffer.from([byte]));
  await probe();
  const mark = logs.length;
  // A Content-Length 10 bytes short: the body is cut (not JSON), the rest is skipped up to the next frame.
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'alloy/cut', params: { padding: 'xxxxxxxxxxxxxxxxxxxx' } });
  await writeRaw(`Content-Length: ${body.length - 10}\r\n\r\n${body}`);
  await probe();
  assert.deepEqual(
    logsSince(mark).map((l) => l.message),
    [
      READ_PROBLEM + `its body of ${body.length - 10} bytes is not JSON (Unterminated string in JSON at position ${body.length - 10})`,
      READ_PROBLEM + '10 bytes before a Content-Length header are no frame ("xxxxxxx\\"}}"); skipped',
    ],
  );
  const mark2 = logs.length;
  await writeRaw(frame('[]'));
  await writeRaw(frame('{"jsonrpc":"2.0"}'));
  await probe();
  assert.deepEqual(
    logsSince(mark2).map((l) => [l.type, l.message.split('\n')[0]]),
    [
      [1, 'Received message which is neither a response nor a notification message:'],
      [1, 'Received message which is neither a response nor a notification message:'],
    ],
  );
});

test('an unknown request gets MethodNotFound; unknown notifications are ignored without a word', async () => {
  const mark = logs.length;
  await assert.rejects(
    within(session.connection.sendRequest('alloy/noSuchRequest', { a: 1 }), 'the answer'),
    (error: unknown) => error instanceof ResponseError && error.code === -32601 && error.message === 'Unhandled method alloy/noSuchRequest',
  );
  await session.connection.sendNotification('alloy/noSuchNotification', { a: 1 });
  await session.connection.sendNotification('$/noSuchNotification', { a: 1 });
  await probe();
  assert.deepEqual(logsSince(mark), []);
});

test('changes and closes of documents that are not open, and a second open, are logged; the second open replaces the text', async () => {
  const mark = logs.length;
  const ghost = fixture.uri('.alloy/requests/ghost.json');
  const published = session.mark();
  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: ghost, version: 2 },
    contentChanges: [{ text: '{' }],
  });
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: ghost } });
  await probe();
  assert.deepEqual(session.publishedFor(ghost, published), [], 'nothing is published for a document that is not open');
  const uri = fixture.uri('.alloy/requests/twice.json');
  await session.open(uri, requestJson());
  await session.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  const reopened = session.mark();
  await session.open(uri, requestJson({ digest: WRONG_DIGEST }));
  const list = await session.waitForDiagnostics(uri, () => true, reopened);
  assert.deepEqual(
    list.diagnostics.map((d) => d.code),
    ['digest-mismatch'],
  );
  assert.deepEqual(logsSince(mark), [
    { type: 2, message: `Alloy: a change to ${ghost}, which is not open, is ignored.` },
    { type: 2, message: `Alloy: a close of ${ghost}, which is not open, is ignored.` },
    { type: 2, message: `Alloy: ${uri} was opened again without being closed; its new text replaces the old.` },
  ]);
  await session.close(uri);
});

// ---------------------------------------------------------------------------------------------
// Edits the client gets wrong, huge changes, interleavings: the server's text is what the
// document library makes of them (clamped ranges), and its diagnostics are the CLI's for it.

/** The server's last diagnostics for each file, as `[code, line, character, endLine, endCharacter, message]`. */
function lastLists(files: string[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const relative of files) {
    const lists = session.publishedFor(fixture.uri(relative));
    const last: Diagnostic[] = lists.length > 0 ? lists[lists.length - 1].diagnostics : [];
    out[relative] = last.map((d) => [
      String(d.code),
      d.range.start.line + 1,
      d.range.start.character + 1,
      d.range.end.line + 1,
      d.range.end.character + 1,
      d.message,
    ]);
  }
  return out;
}

/** `alloy check --format json` on the files, as the same tuples. */
function cliLists(files: string[]): Record<string, unknown[]> {
  const run = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...files], {
    cwd: fixture.root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const rows = JSON.parse(run.stdout) as {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    code: string;
    message: string;
  }[];
  const out: Record<string, unknown[]> = {};
  for (const relative of files)
    out[relative] = rows.filter((r) => r.file === relative).map((r) => [r.code, r.line, r.column, r.endLine, r.endColumn, r.message]);
  return out;
}

/** Waits until nothing has been published for a while (bounded). */
async function settled(idleMs = 300, maxMs = 20_000): Promise<void> {
  const started = Date.now();
  let count = session.published.length;
  let since = Date.now();
  while (Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (session.published.length !== count) [count, since] = [session.published.length, Date.now()];
    else if (Date.now() - since >= idleMs) return;
  }
}

// The test's own model of a document: LSP lines (\r\n, \r, \n); a position past the last line is
// the end of the text, a negative one its start, a character past its line's end that end; a
// reversed range is read forwards.
function offsetIn(text: string, p: { line: number; character: number }): number {
  if (p.line < 0) return 0;
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  if (p.line >= starts.length) return text.length;
  const start = starts[p.line];
  let end = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return Math.min(start + Math.max(0, p.character), end);
}

function applyEdit(
  text: string,
  edit: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string },
): string {
  if (!edit.range) return edit.text;
  const [from, to] = [offsetIn(text, edit.range.start), offsetIn(text, edit.range.end)].sort((a, b) => a - b);
  return text.slice(0, from) + edit.text + text.slice(to);
}

test('out-of-range, negative, reversed and malformed incremental edits are logged, applied clamped (or dropped); the result checks as the CLI checks it', async () => {
  const relative = '.alloy/requests/clamped.json';
  const uri = fixture.uri(relative);
  let text = requestJson();
  await session.open(uri, text);
  const mark = logs.length;
  const p = (line: number, character: number) => ({ line, character });
  const notifications = [
    [{ range: { start: p(999, 0), end: p(1000, 4) }, text: '\n"tail": 1' }],
    [{ range: { start: p(2, 500), end: p(2, 600) }, text: ' ' }],
    [{ range: { start: p(3, 4), end: p(2, 2) }, text: '' }],
    [{ range: { start: p(-1, -5), end: p(0, 1) }, text: '{' }],
    [
      { range: { start: p(0, 0), end: p(1, 0) }, text: '' },
      { range: { start: p(31, 0), end: p(31, 0) }, text: '"second": 2' },
    ],
  ];
  let version = 1;
  for (const changes of notifications) {
    version = await session.edit(uri, changes);
    for (const change of changes) text = applyEdit(text, change);
    await probe();
  }
  // The server's text is the model's: its diagnostics for the last version are the CLI's for the model's text.
  await session.waitForDiagnostics(uri, (list) => list.version === version, 0, 20_000);
  fixture.write(relative, text);
  assert.deepEqual(lastLists([relative]), cliLists([relative]));
  const published = session.mark();
  await session.edit(uri, [{ range: { start: 'x', end: 5 }, text: 'never' } as never]);
  await session.edit(uri, [{ range: { start: p(0, 0), end: p(0, 0) } } as never]);
  await probe();
  assert.deepEqual(session.publishedFor(uri, published), [], 'a dropped change is not checked');
  const lines = requestJson().split('\n').length;
  assert.deepEqual(
    logsSince(mark).map((l) => [l.type, l.message]),
    [
      [
        2,
        `Alloy: change 1 to ${uri} has a range outside the document (999:0–1000:4; it has ${lines} lines); it is applied clamped to the document (30:0–30:0).`,
      ],
      [2, `Alloy: change 1 to ${uri} has a range that ends before it starts (3:4–2:2); it is applied from 2:2 to 3:4.`],
      [
        2,
        `Alloy: change 1 to ${uri} has a range outside the document (-1:-5–0:1; it has ${lines} lines); it is applied clamped to the document (0:0–0:1).`,
      ],
      [
        2,
        `Alloy: change 2 to ${uri} has a range outside the document (31:0–31:0; it has ${lines - 1} lines); it is applied clamped to the document (29:9–29:9).`,
      ],
      [
        2,
        `Alloy: change 1 to ${uri} has a range that is not two positions; the notification is ignored (the document stays at version ${version}).`,
      ],
      [2, `Alloy: change 1 to ${uri} has no text; the notification is ignored (the document stays at version ${version}).`],
    ],
  );
  await session.close(uri);
  fixture.remove(relative);
});

test('huge changes (4 MB incremental, 9 MB whole) are answered, and checked as the CLI checks the same bytes', async () => {
  const relative = '.alloy/requests/huge.json';
  const uri = fixture.uri(relative);
  const text = requestJson();
  await session.open(uri, text);
  // 4 MB inserted into the payload, incrementally.
  const at = text.indexOf('"max_iterations"');
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - text.lastIndexOf('\n', at) - 1;
  const insert = `"notes": "${'x'.repeat(4 * 1024 * 1024)}", `;
  let started = Date.now();
  let version = await session.edit(uri, [{ range: { start: { line, character }, end: { line, character } }, text: insert }]);
  await probe();
  const incrementalMs = Date.now() - started;
  await session.waitForDiagnostics(uri, (list) => list.version === version, 0, 30_000);
  fixture.write(relative, text.slice(0, at) + insert + text.slice(at));
  const first = lastLists([relative]);
  assert.deepEqual(first, cliLists([relative]));
  assert.deepEqual(
    (first[relative] as unknown[][]).map((d) => d[0]),
    ['idempotency-key-mismatch', 'brief-runtime-differs'],
  );
  // 9 MB as a whole: over the 8 MiB cap, for the server as for the CLI.
  const huge = text.replace('"max_iterations": 3', `"max_iterations": 3, "notes": "${'é'.repeat(4_600_000)}"`);
  started = Date.now();
  version = await session.change(uri, huge);
  await probe();
  const wholeMs = Date.now() - started;
  await session.waitForDiagnostics(uri, (list) => list.version === version, 0, 30_000);
  fixture.write(relative, huge);
  const second = lastLists([relative]);
  assert.deepEqual(second, cliLists([relative]));
  assert.deepEqual(
    (second[relative] as unknown[][]).map((d) => d[0]),
    ['file-too-large'],
  );
  assert.ok(incrementalMs < 15_000 && wholeMs < 15_000, `answered after ${incrementalMs} ms and ${wholeMs} ms`);
  await session.close(uri);
  fixture.remove(relative);
});

test('rapid open/change/close interleavings on 20 documents, sent without waiting: the final state equals the CLI', async () => {
  const files = Array.from(
    { length: 20 },
    (_, i) => `.alloy/${i % 4 === 0 ? 'briefs' : 'requests'}/mix-${i}.${i % 4 === 0 ? 'yaml' : 'json'}`,
  );
  const texts = files.map((f, i) =>
    f.endsWith('.yaml')
      ? BRIEF_YAML.replace('version: 2', `version: ${i}`)
      : requestJson({
          localPath: i % 3 === 0 ? `.alloy/briefs/mix-${i - (i % 4)}.yaml` : '.alloy/briefs/x.yaml',
          revision: `abc12${i % 10}`,
        }),
  );
  for (const [i, f] of files.entries()) if (i % 2 === 0) fixture.write(f, texts[i]);
  // A seeded sequence of 600 operations (mulberry32), none awaited until the end.
  let state = 0x5eed;
  const random = (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const open = new Map<number, string>();
  const sent: Promise<unknown>[] = [];
  const before = logs.length;
  let expectedWarnings = 0;
  for (let step = 0; step < 600; step++) {
    const i = random(files.length);
    const uri = fixture.uri(files[i]);
    const current = open.get(i);
    const choice = random(12);
    if (choice === 11) {
      // A change to a document that is not open (or, when it is, a close and a change after it).
      if (current !== undefined) {
        open.delete(i);
        sent.push(session.close(uri));
      }
      sent.push(
        session.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: 99 },
          contentChanges: [{ text: 'x' }],
        }),
      );
      expectedWarnings++;
    } else if (current === undefined) {
      open.set(i, texts[i]);
      sent.push(session.open(uri, texts[i]));
    } else if (choice < 2) {
      open.delete(i);
      sent.push(session.close(uri));
    } else if (choice < 4) {
      const next = choice === 2 ? texts[(i + 1) % texts.length] : current.replace('"stacey"', '"someone"');
      open.set(i, next);
      sent.push(session.change(uri, next));
    } else {
      // An incremental edit somewhere: insert, delete or replace, across lines too.
      const from = random(current.length + 1);
      const to = Math.min(current.length, from + random(40));
      const range = { start: positionIn(current, from), end: positionIn(current, to) };
      const insert = ['', 'x', '"', '\n', '},', '😀'][random(6)];
      open.set(i, applyEdit(current, { range, text: insert }));
      sent.push(session.edit(uri, [{ range, text: insert }]));
    }
    if (step % 50 === 0)
      sent.push(session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }));
  }
  await within(Promise.all(sent), 'every message and answer', 30_000);
  await probe();
  for (const [i] of open) {
    const uri = fixture.uri(files[i]);
    await session.waitForDiagnostics(uri, (list) => list.version === session.versionOf(uri), 0, 20_000);
  }
  await settled();
  // Open documents: as the client holds them, checked as the CLI checks them on disk.
  const openFiles = [...open.keys()].map((i) => files[i]);
  for (const [i, text] of open) fixture.write(files[i], text);
  assert.deepEqual(lastLists(openFiles), cliLists(openFiles));
  // Closed ones show nothing (the workspace scan is off in this session).
  for (const [i, f] of files.entries()) {
    if (open.has(i)) continue;
    const lists = session.publishedFor(fixture.uri(f));
    assert.deepEqual(lists.length > 0 ? lists[lists.length - 1].diagnostics : [], [], `${f} is closed`);
  }
  const logged = logsSince(before);
  assert.deepEqual(
    logged.filter((l) => l.type === 1),
    [],
    'no errors logged',
  );
  assert.equal(logged.filter((l) => / which is not open, is ignored\.$/.test(l.message)).length, expectedWarnings);
  for (const [i] of open) await session.close(fixture.uri(files[i]));
});

/** The LSP position of an offset that splits no \r\n or surrogate pair (the offset moves back if it would). */
function positionIn(text: string, offset: number): { line: number; character: number } {
  let at = offset;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  if ((before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff)) at--;
  let line = 0;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) [line, start] = [line + 1, i + 1];
  }
  return { line, character: at - start };
}

// ---------------------------------------------------------------------------------------------
// The frame reader in process.

function readAll(chunks: Buffer[]): { messages: unknown[]; errors: string[] } {
  const messages: unknown[] = [];
  const errors: string[] = [];
  const reader = new FrameReader({ on: () => undefined, off: () => undefined });
  reader.onError((error) => void errors.push(error.message));
  reader.listen((message) => void messages.push(message));
  for (const chunk of chunks) reader.receive(chunk);
  return { messages, errors };
}

test('the frame reader reads two frames however they are split into two chunks, and a bad frame between them at every split', () => {
  const m1 = { jsonrpc: '2.0', method: 'a', params: { text: 'é😀\r\n' } };
  const m2 = { jsonrpc: '2.0', id: 7, method: 'b' };
  const good = Buffer.concat([
    frame(JSON.stringify(m1), 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'),
    frame(JSON.stringify(m2)),
  ]);
  const bad = Buffer.concat([frame(JSON.stringify(m1)), Buffer.from('Content-Length: x\r\n\r\n{}'), frame(JSON.stringify(m2))]);
  for (let k = 0; k <= good.length; k++)
    assert.deepEqual(readAll([good.subarray(0, k), good.subarray(k)]), { messages: [m1, m2], errors: [] }, `split at ${k}`);
  for (let k = 0; k <= bad.length; k++) {
    const { messages, errors } = readAll([bad.subarray(0, k), bad.subarray(k)]);
    assert.deepEqual(messages, [m1, m2], `split at ${k}`);
    assert.deepEqual(
      errors,
      [READ_PROBLEM.slice('Alloy: '.length) + 'a Content-Length that is not a number of bytes ("x")' + SKIPPED],
      `split at ${k}`,
    );
  }
});

test('the frame reader joins a 20 MB body arriving in 64 KiB chunks once (linear time)', () => {
  const message = { jsonrpc: '2.0', method: 'big', params: { text: 'y'.repeat(20 * 1024 * 1024) } };
  const bytes = frame(JSON.stringify(message));
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
  const started = Date.now();
  const { messages, errors } = readAll(chunks);
  const ms = Date.now() - started;
  assert.equal(errors.length, 0);
  assert.equal((messages[0] as typeof message).params.text.length, 20 * 1024 * 1024);
  assert.ok(ms < 5000, `read in ${ms} ms`);
});
