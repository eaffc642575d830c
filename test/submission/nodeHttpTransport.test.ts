// The node:http(s) transport against real servers on 127.0.0.1:0: the exact headers and body
// bytes on the wire, redirects not followed, timeouts, resets, refusals, cancellation, a stalled
// body after the status, proxies (absolute-form for http, CONNECT + TLS for https) and their
// credentials kept out of messages, never a proxy for loopback.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  nodeAddressInRange,
  nodeHttpTransport,
  proxyFor as proxyChoice,
  noProxyMatches as noProxyMatch,
  type HttpAnswer,
  type HttpSendRequest,
} from '../../server/src/submission';

const proxyFor = (target: URL, env: Record<string, string>) => proxyChoice(target, env, nodeAddressInRange);
const noProxyMatches = (target: URL, noProxy: string | undefined) => noProxyMatch(target, noProxy, nodeAddressInRange);
import { TokenWitness } from './tokenWitness';

const TOKEN = 'tok_S3CRET_wire_c0ffee';
const KEY = 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9c3783b5ce3132ef5eae3dff74b281a0b';
const BODY = Buffer.from('{"schema_version":"alloy.foundry_execution_request.v1","é":"ü"}\n', 'utf8');
const witness = new TokenWitness(TOKEN);
const servers: net.Server[] = [];

const sockets = new Set<net.Socket>();

after(async () => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  witness.assertClean();
});

interface Seen {
  method: string;
  url: string;
  headers: [string, string][];
  body: Buffer;
}

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i].toLowerCase(), raw[i + 1]]);
  return out;
}

/** A server that records each request and answers with `answer`. */
async function recordingServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: pairs(req.rawHeaders), body: Buffer.concat(chunks) });
      answer(req, res);
    });
  });
  return { port: await listen(server), seen };
}

function request(url: string, overrides: Partial<HttpSendRequest> = {}): HttpSendRequest {
  return {
    url,
    body: new Uint8Array(BODY),
    idempotencyKey: KEY,
    requestId: 'runreq_01HZ_CHECKOUT_PAYMENT',
    token: TOKEN,
    timeoutMs: 5000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function send(req: HttpSendRequest, env: Record<string, string> = {}, tls?: { ca: string }): Promise<HttpAnswer> {
  const answer = await nodeHttpTransport({ env, ...(tls ? { tls } : {}) }).send(req);
  witness.record(answer);
  return answer;
}

test('the POST carries exactly the five headers (plus Host and Connection) and the body bytes', async () => {
  const { port, seen } = await recordingServer((_req, res) =>
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}'),
  );
  const answer = await send(request(`http://127.0.0.1:${port}/api/projects/checkout-service/run-requests?x=1`));
  assert.deepEqual(answer, {
    kind: 'response',
    status: 202,
    headers: answer.kind === 'response' ? answer.headers : {},
    body: '{"ok":true}',
  });
  assert.equal(answer.kind === 'response' && answer.headers['content-type'], 'application/json');
  assert.equal(seen.length, 1);
  assert.equal(seen[0].method, 'POST');
  assert.equal(seen[0].url, '/api/projects/checkout-service/run-requests?x=1');
  assert.deepEqual(seen[0].body, BODY);
  assert.deepEqual(
    seen[0].headers.sort(),
    [
      ['authorization', `Bearer ${TOKEN}`],
      ['connection', 'close'],
      ['content-length', String(BODY.length)],
      ['content-type', 'application/json'],
      ['host', `127.0.0.1:${port}`],
      ['idempotency-key', KEY],
      ['x-alloy-request-id', 'runreq_01HZ_CHECKOUT_PAYMENT'],
    ].sort(),
  );
});

test('without a token there is no Authorization header at all', async () => {
  const { port, seen } = await recordingServer((_req, res) => res.writeHead(201).end());
  await send(request(`http://127.0.0.1:${port}/`, { token: undefined }));
  assert.equal(
    seen[0].headers.find(([name]) => name === 'authorization'),
    undefined,
  );
});

test('a redirect is returned, not followed: one request reaches the server', async () => {
  const { port, seen } = await recordingServer((req, res) => {
    if (req.url === '/old') res.writeHead(307, { location: `http://127.0.0.1:${port}/new` }).end();
    else res.writeHead(202).end();
  });
  const answer = await send(request(`http://127.0.0.1:${port}/old`));
  assert.equal(answer.kind === 'response' && answer.status, 307);
  assert.equal(answer.kind === 'response' && answer.headers.location, `http://127.0.0.1:${port}/new`);
  assert.deepEqual(
    seen.map((s) => s.url),
    ['/old'],
  );
});

test('no answer within the attempt timeout is a retryable timeout', async () => {
  const { port } = await recordingServer(() => undefined);
  const started = Date.now();
  const answer = await send(request(`http://127.0.0.1:${port}/`, { timeoutMs: 300 }));
  assert.deepEqual(answer, {
    kind: 'failure',
    reason: 'timeout',
    message: `no answer from 127.0.0.1:${port} within 300 ms`,
    retryable: true,
    notSent: false,
  });
  assert.ok(Date.now() - started < 2000);
});

test('a status line followed by a stalled body: the status decides', async () => {
  const { port } = await recordingServer((_req, res) => {
    res.writeHead(201, { 'content-type': 'text/plain' });
    res.write('partial');
  });
  const answer = await send(request(`http://127.0.0.1:${port}/`, { timeoutMs: 300 }));
  assert.deepEqual(answer.kind === 'response' && [answer.status, answer.body], [201, 'partial']);
});

test('a connection reset before the answer is a retryable reset that may have been received', async () => {
  const { port } = await recordingServer((req) => req.socket.destroy());
  const answer = await send(request(`http://127.0.0.1:${port}/`));
  assert.deepEqual(answer, {
    kind: 'failure',
    reason: 'reset',
    message: `the connection to 127.0.0.1:${port} was reset before an answer came`,
    retryable: true,
    notSent: false,
  });
});

test('a refused connection is retryable and known not to have been sent', async () => {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  servers.splice(servers.indexOf(probe), 1);
  const answer = await send(request(`http://127.0.0.1:${port}/`));
  assert.deepEqual(answer, {
    kind: 'failure',
    reason: 'refused',
    message: `connection refused by 127.0.0.1:${port}`,
    retryable: true,
    notSent: true,
  });
});

test('cancelling ends the attempt at once', async () => {
  const { port } = await recordingServer(() => undefined);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  const answer = await send(request(`http://127.0.0.1:${port}/`, { signal: controller.signal, timeoutMs: 10_000 }));
  assert.deepEqual(answer, { kind: 'failure', reason: 'aborted', message: 'cancelled', retryable: false, notSent: false });
  assert.ok(Date.now() - started < 1000, 'within a second of the cancel');
});

test('the body kept is capped; the status still comes back', async () => {
  const { port } = await recordingServer((_req, res) => res.writeHead(422).end('x'.repeat(200_000)));
  const answer = await nodeHttpTransport({ maxBodyBytes: 1000 }).send(request(`http://127.0.0.1:${port}/`));
  assert.deepEqual(answer.kind === 'response' && [answer.status, answer.body.length], [422, 1000]);
});

/** A proxy that records what it is asked; plain requests get 202, CONNECT is tunnelled to `tunnelTo` (or refused with 407). */
async function fakeProxy(
  tunnelTo?: number,
): Promise<{ port: number; seen: Seen[]; connects: { url: string; headers: [string, string][] }[] }> {
  const seen: Seen[] = [];
  const connects: { url: string; headers: [string, string][] }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: pairs(req.rawHeaders), body: Buffer.concat(chunks) });
      res.writeHead(202).end('via proxy');
    });
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    connects.push({ url: req.url!, headers: pairs(req.rawHeaders) });
    if (tunnelTo === undefined) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(tunnelTo, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return { port: await listen(server), seen, connects };
}

test('http to a remote host goes through HTTP_PROXY in absolute form, with Proxy-Authorization; the password is never shown', async () => {
  const proxy = await fakeProxy();
  const env = { HTTP_PROXY: `http://alice:pa%3Ass@127.0.0.1:${proxy.port}` };
  const answer = await send(request('http://foundry.example.test:8080/intake?p=1'), env);
  assert.deepEqual(answer.kind === 'response' && [answer.status, answer.body], [202, 'via proxy']);
  assert.equal(proxy.seen.length, 1);
  const [seen] = proxy.seen;
  assert.equal(seen.url, 'http://foundry.example.test:8080/intake?p=1');
  assert.deepEqual(seen.body, BODY);
  const headers = Object.fromEntries(seen.headers);
  assert.equal(headers.host, 'foundry.example.test:8080');
  assert.equal(headers['proxy-authorization'], 'Basic ' + Buffer.from('alice:pa:ss').toString('base64'));
  assert.equal(headers['idempotency-key'], KEY);
});

test('loopback endpoints never use the proxy', async () => {
  const proxy = await fakeProxy();
  const { port, seen } = await recordingServer((_req, res) => res.writeHead(202).end());
  const env = { HTTP_PROXY: `http://127.0.0.1:${proxy.port}`, HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` };
  for (const host of ['127.0.0.1', 'localhost']) {
    const answer = await send(request(`http://${host}:${port}/`), env);
    assert.equal(answer.kind === 'response' && answer.status, 202, host);
  }
  assert.equal(seen.length, 2);
  assert.equal(proxy.seen.length + proxy.connects.length, 0);
});

test('https through HTTPS_PROXY opens a CONNECT tunnel; a refused tunnel names the proxy without its credentials', async () => {
  const proxy = await fakeProxy();
  const env = { HTTPS_PROXY: `http://alice:s3cret-proxy-pw@127.0.0.1:${proxy.port}` };
  const answer = await send(request('https://foundry.example.test/intake'), env);
  assert.deepEqual(answer, {
    kind: 'failure',
    reason: 'proxy',
    message: `the proxy http://127.0.0.1:${proxy.port} refused the tunnel to foundry.example.test (407)`,
    retryable: false,
    notSent: true,
  });
  assert.equal(proxy.connects.length, 1);
  assert.equal(proxy.connects[0].url, 'foundry.example.test:443');
  assert.equal(
    Object.fromEntries(proxy.connects[0].headers)['proxy-authorization'],
    'Basic ' + Buffer.from('alice:s3cret-proxy-pw').toString('base64'),
  );
  assert.ok(!JSON.stringify(answer).includes('s3cret-proxy-pw') && !JSON.stringify(answer).includes('alice'));
});

test('a proxy that is not http:// is a clear, non-retryable error', async () => {
  const answer = await send(request('https://foundry.example.test/intake'), { HTTPS_PROXY: 'socks5://bob:pw@proxy.example.test:1080' });
  assert.deepEqual(answer, {
    kind: 'failure',
    reason: 'proxy',
    message: 'HTTPS_PROXY (socks5://proxy.example.test:1080) must be an http:// proxy; socks5: proxies are not supported',
    retryable: false,
    notSent: true,
  });
});

let tlsDir: string | undefined;
let cert: { key: string; cert: string } | undefined;
before(() => {
  try {
    tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '1',
        '-subj',
        '/CN=foundry.example.test',
        '-addext',
        'subjectAltName=DNS:foundry.example.test',
      ],
      { cwd: tlsDir, stdio: 'ignore', timeout: 20_000 },
    );
    cert = { key: fs.readFileSync(path.join(tlsDir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(tlsDir, 'cert.pem'), 'utf8') };
  } catch {
    cert = undefined;
  }
});
after(() => {
  if (tlsDir) fs.rmSync(tlsDir, { recursive: true, force: true });
});

test('https through the CONNECT tunnel reaches the server with TLS verified against the given CA', async (t) => {
  if (!cert) return t.skip('openssl is not available to make a test certificate');
  const seen: Seen[] = [];
  const server = https.createServer(cert, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: pairs(req.rawHeaders), body: Buffer.concat(chunks) });
      res.writeHead(202).end('tls ok');
    });
  });
  const httpsPort = await listen(server);
  const proxy = await fakeProxy(httpsPort);
  const answer = await send(
    request('https://foundry.example.test/intake'),
    { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` },
    { ca: cert.cert },
  );
  assert.deepEqual(answer.kind === 'response' && [answer.status, answer.body], [202, 'tls ok']);
  assert.equal(proxy.connects[0].url, 'foundry.example.test:443');
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0].body, BODY);
  assert.equal(Object.fromEntries(seen[0].headers).host, 'foundry.example.test');
  assert.equal(Object.fromEntries(seen[0].headers).authorization, `Bearer ${TOKEN}`);
});

test('an untrusted certificate is a TLS failure: not retried, nothing sent', async (t) => {
  if (!cert) return t.skip('openssl is not available to make a test certificate');
  const server = https.createServer(cert, (_req, res) => res.writeHead(202).end());
  const port = await listen(server);
  const answer = await send(request(`https://127.0.0.1:${port}/`));
  assert.equal(answer.kind, 'failure');
  if (answer.kind !== 'failure') return;
  assert.deepEqual([answer.reason, answer.retryable, answer.notSent], ['tls', false, true]);
  assert.match(answer.message, new RegExp(`^the TLS certificate of 127\\.0\\.0\\.1:${port} is not trusted \\(`));
});

test('proxy choice: NO_PROXY forms, upper case first, loopback always direct', () => {
  const url = new URL('https://api.foundry.example.test/x');
  for (const entry of [
    '*',
    'example.test',
    '.example.test',
    'foundry.example.test',
    '*.example.test',
    'other.test, api.foundry.example.test:443',
  ]) {
    assert.equal(noProxyMatches(url, entry), true, entry);
  }
  for (const entry of ['', 'ample.test', 'api.foundry.example.test:8443', 'foundry.example.test.evil'])
    assert.equal(noProxyMatches(url, entry), false, entry);
  // Address ranges, for a host that is an IP literal.
  const v4 = new URL('https://10.20.30.40/x');
  const v6 = new URL('https://[fd12:3456::7]/x');
  for (const entry of ['10.0.0.0/8', '10.20.30.0/24', '10.20.30.40/32', 'other.test, 10.20.0.0/16', '0.0.0.0/0'])
    assert.equal(noProxyMatches(v4, entry), true, entry);
  for (const entry of ['11.0.0.0/8', '10.20.31.0/24', '10.0.0.0/33', 'fd00::/8', '10.0.0.0/8x'])
    assert.equal(noProxyMatches(v4, entry), false, entry);
  assert.equal(noProxyMatches(v6, 'fd00::/8'), true);
  assert.equal(noProxyMatches(v6, 'fd12:3456::/32, 10.0.0.0/8'), true);
  assert.equal(noProxyMatches(v6, 'fe80::/10'), false);
  assert.equal(noProxyMatches(v6, 'fd00::/129'), false);
  assert.equal(noProxyMatches(url, '10.0.0.0/8'), false, 'a host name is not in an address range');
  assert.deepEqual(proxyFor(v4, { HTTPS_PROXY: 'http://up:1', NO_PROXY: '10.0.0.0/8' }), { kind: 'direct' });
  assert.deepEqual(proxyFor(url, { HTTPS_PROXY: 'http://up:1', https_proxy: 'http://low:2' }), {
    kind: 'proxy',
    hostname: 'up',
    port: 1,
    shown: 'http://up:1',
  });
  assert.deepEqual(proxyFor(url, { https_proxy: 'low:3128' }), { kind: 'proxy', hostname: 'low', port: 3128, shown: 'http://low:3128' });
  assert.deepEqual(proxyFor(url, { HTTPS_PROXY: 'http://up:1', NO_PROXY: 'example.test' }), { kind: 'direct' });
  assert.deepEqual(proxyFor(new URL('http://[::1]:9/'), { HTTP_PROXY: 'http://up:1' }), { kind: 'direct' });
  assert.deepEqual(
    proxyFor(new URL('http://remote.test/'), { HTTPS_PROXY: 'http://up:1' }),
    { kind: 'direct' },
    'http uses HTTP_PROXY only',
  );
});
