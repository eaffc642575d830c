// The ledger file on disk: exact bytes appended, folder 0700 and file 0600, a torn line kept whole,
// unreadable ledgers reported; the lock (exclusion, stale takeover, bounded wait); and real child
// processes racing one key over HTTP (exactly one request arrives) or killed mid-send (recovered).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  createNodeSubmissionPorts,
  LedgerBusyError,
  nodeLedgerFile,
  processStartToken,
  recoverPending,
  submitRequest,
  submitResultText,
  type LedgerEntry,
} from '../../server/src/submission';
import { copyExample, type ExampleCopy } from './exampleWorkspace';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'submitChild.ts');
let dir: string;
let example: ExampleCopy;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-ledger-'));
  example = copyExample();
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  example.remove();
});

let counter = 0;
function freshLedger(): string {
  return path.join(dir, `case${++counter}`, 'state', 'alloy', 'ledger.jsonl');
}

test('append writes exactly one line per entry; folder 0700 and file 0600 are created', async () => {
  const file = freshLedger();
  const store = nodeLedgerFile(file);
  assert.equal(await store.read(), undefined, 'no ledger yet: nothing to read, nothing created');
  assert.equal(fs.existsSync(path.dirname(file)), false);
  await store.append('{"a":1}');
  await store.append('{"b":"é"}');
  assert.equal(fs.readFileSync(file, 'utf8'), '{"a":1}\n{"b":"é"}\n');
  assert.deepEqual(Buffer.from((await store.read())!), Buffer.from('{"a":1}\n{"b":"é"}\n'));
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  assert.equal(fs.statSync(path.dirname(path.dirname(file))).mode & 0o777, 0o700, 'every folder it created');
  await assert.rejects(store.append('two\nlines'), /a ledger entry must be one line/);
});

test('after a torn last line the next entry starts on a fresh line', async () => {
  const file = freshLedger();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{"ok":1}\n{"torn":');
  await nodeLedgerFile(file).append('{"next":2}');
  assert.equal(fs.readFileSync(file, 'utf8'), '{"ok":1}\n{"torn":\n{"next":2}\n');
});

test('read gives every byte up to the end, also of a file that grows after its size was taken', async () => {
  const file = freshLedger();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // 3 MiB of lines: one read of the size taken at open.
  const lines = Array.from({ length: 30_000 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(90)}"}\n`).join('');
  fs.writeFileSync(file, lines);
  assert.deepEqual(Buffer.from((await nodeLedgerFile(file).read())!), Buffer.from(lines));
  // A FIFO has size 0 when opened and then 40 KiB: the read goes on, growing its buffer, to the end.
  const fifo = path.join(path.dirname(file), 'growing.jsonl');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const payload = Buffer.from(lines.slice(0, 40 * 1024));
  const writer = spawn('sh', ['-c', 'cat > "$0"', fifo], { stdio: ['pipe', 'ignore', 'ignore'] });
  writer.stdin.end(payload);
  const read = await nodeLedgerFile(fifo).read();
  assert.deepEqual(Buffer.from(read!), payload);
});

test('a folder where the ledger should be blocks submitting, with the reason', async () => {
  const file = freshLedger();
  fs.mkdirSync(file, { recursive: true });
  await assert.rejects(nodeLedgerFile(file).read(), { message: 'it is a folder, not a file' });
  const ports = createNodeSubmissionPorts({ ledgerPath: file, env: {} });
  const result = await submitRequest(example.request('checkout-payment.json'), { endpoint: 'https://foundry.example.test/x' }, ports);
  assert.equal(
    submitResultText(result),
    `Not sent: the submission ledger ${file} cannot be read (it is a folder, not a file). ` +
      'Without it an earlier submission of this key could not be recognised, so nothing is sent until it is readable again.',
  );
});

test('the lock excludes concurrent holders in one process', async () => {
  const store = nodeLedgerFile(freshLedger());
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 5 }, () =>
      store.withLock(async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inside--;
      }),
    ),
  );
  assert.equal(most, 1);
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test("a dead owner's lock is taken over; the lock file is gone afterwards", async () => {
  const file = freshLedger();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file + '.lock', JSON.stringify({ pid: deadPid(), nonce: 'old', at: '2026-01-01T00:00:00Z' }));
  const started = Date.now();
  assert.equal(await nodeLedgerFile(file, { lockTimeoutMs: 2000 }).withLock(async () => 'got it'), 'got it');
  assert.ok(Date.now() - started < 1000);
  assert.equal(fs.existsSync(file + '.lock'), false);
});

test('a lock file that cannot be parsed is taken over once it is older than 5 s, not before', async () => {
  const file = freshLedger();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file + '.lock', '{"pid":');
  await assert.rejects(
    nodeLedgerFile(file, { lockTimeoutMs: 200 }).withLock(async () => 1),
    LedgerBusyError,
  );
  const old = new Date(Date.now() - 10_000);
  fs.utimesSync(file + '.lock', old, old);
  assert.equal(await nodeLedgerFile(file, { lockTimeoutMs: 2000 }).withLock(async () => 2), 2);
});

test('a live owner keeps the lock: bounded waiting ends in a clear "busy"', async () => {
  const file = freshLedger();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const start = processStartToken(process.pid);
  fs.writeFileSync(
    file + '.lock',
    JSON.stringify({ pid: process.pid, ...(start ? { start } : {}), nonce: 'someone', at: new Date().toISOString() }),
  );
  const started = Date.now();
  await assert.rejects(
    nodeLedgerFile(file, { lockTimeoutMs: 300 }).withLock(async () => 1),
    {
      name: 'LedgerBusyError',
      message: `another submitter (process ${process.pid}) has held the ledger lock for more than 300 ms`,
    },
  );
  const waited = Date.now() - started;
  assert.ok(waited >= 300 && waited < 1500, `waited ${waited} ms`);
});

interface Intake {
  port: number;
  requests: { key: string; body: Buffer }[];
  close(): Promise<void>;
}

/** A counting intake on 127.0.0.1 that answers each request after `delayMs` (or never, when `hold`). */
async function intake(delayMs: number, hold = false): Promise<Intake> {
  const requests: { key: string; body: Buffer }[] = [];
  const sockets = new Set<net.Socket>();
  let holding = hold;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ key: String(req.headers['idempotency-key']), body: Buffer.concat(chunks) });
      if (holding) {
        holding = false;
        return;
      }
      setTimeout(() => res.writeHead(202).end(), delayMs);
    });
  });
  server.on('connection', (s: net.Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function child(ledger: string, file: string, endpoint: string, barrier?: string) {
  const args = ['--import', 'tsx', CHILD, ledger, file, endpoint, ...(barrier === undefined ? [] : [barrier])];
  return spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function output(proc: ReturnType<typeof child>): Promise<string> {
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((resolve) => proc.on('close', resolve));
  return out;
}

test('several processes submitting the same key at once: exactly one request reaches the server', async (t) => {
  const server = await intake(1500);
  try {
    const ledger = freshLedger();
    const file = example.request('checkout-payment.json');
    const barrier = path.join(dir, `go-${counter}`);
    const procs = Array.from({ length: 5 }, () => child(ledger, file, `http://127.0.0.1:${server.port}/intake`, barrier));
    // All five load first, then start their submits at the same moment.
    let ready = 0;
    for (const proc of procs) proc.stdout.once('data', () => ++ready === procs.length && fs.writeFileSync(barrier, ''));
    const outputs = await Promise.all(procs.map(output));
    const summaries = outputs.map((o) => (JSON.parse(o.trim().split('\n').at(-1)!) as { summary: string }).summary).sort();
    t.diagnostic(`children: ${summaries.join(', ')}`);
    assert.equal(server.requests.length, 1, `requests on the wire; children said ${summaries.join(', ')}`);
    assert.equal(summaries.filter((s) => s === 'sent:accepted').length, 1);
    for (const s of summaries.filter((x) => x !== 'sent:accepted')) assert.ok(s === 'refused:in-flight' || s === 'already-submitted', s);
    const entries = fs
      .readFileSync(ledger, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LedgerEntry);
    assert.deepEqual(
      entries.filter((e) => e.type === 'pending').length,
      1,
      'one pending line: the losers never recorded an intent to send',
    );
    assert.ok(!fs.readFileSync(ledger, 'utf8').includes('tok_child_secret_1'));
  } finally {
    await server.close();
  }
});

test('a process killed mid-send leaves a pending that the next start re-sends with the same bytes and key', async () => {
  const server = await intake(0, true);
  try {
    const ledger = freshLedger();
    const file = example.request('checkout-payment.json');
    const proc = child(ledger, file, `http://127.0.0.1:${server.port}/intake`);
    const done = output(proc);
    const deadline = Date.now() + 20_000;
    while (server.requests.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.requests.length, 1, 'the child sent its request');
    proc.kill('SIGKILL');
    await done;
    const ports = createNodeSubmissionPorts({ ledgerPath: ledger, env: {} });
    const report = await recoverPending({}, ports);
    assert.equal(report.resent.length, 1);
    assert.equal(report.resent[0].outcome, 'accepted');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests[1].body, server.requests[0].body);
    assert.equal(server.requests[1].key, server.requests[0].key);
    const types = fs
      .readFileSync(ledger, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as LedgerEntry).type);
    assert.deepEqual(types, ['pending', 'pending', 'attempt', 'outcome']);
  } finally {
    await server.close();
  }
});
