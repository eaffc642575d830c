// The local callback receiver (SPEC §8.2) on node:http: loopback listeners only (both families for
// `localhost`), the port from the callback URL or a plain failure, bodies counted while they stream
// and refused at the limit, timeouts for slow headers and bodies, a cap on open sockets, and an
// `onReport` event once a body is on disk. Every decision is callbackRoutes.ts's; this file moves bytes.

import * as http from 'node:http';
import type { Socket } from 'node:net';
import { basename } from 'node:path';
import { problemAnswer, rawHttpAnswer, storedAnswer, type CallbackAnswer } from './callbackAnswer';
import { bodyTooLargeAnswer, judgeCallbackBody, routeCallback, type RouteDecision } from './callbackRoutes';
import { listenFailureOf, type ListenFailureReason } from './listenFailure';
import { bindAddressesOf, hostAndPort, type BindAddress, type ReceiverAddress } from './loopbackAddress';
import { receiverLimitsOf, type ReceiverLimits } from './receiverLimits';
import type { ReportSink, SavedReport, StoredFile } from './reportSink';
import { savedReportOf } from './reportStore';

export interface CallbackReceiverOptions {
  /** The loopback name and port of the callback URL (see receiverAddressOf). */
  address: ReceiverAddress;
  /** Whether the ledger records a submission of this run-request id. */
  isKnownRequest(requestId: string): boolean;
  /** Where bodies go; the answer is 202 only once `save` has resolved. */
  sink: ReportSink;
  limits?: Partial<ReceiverLimits>;
  /** The clock that stamps received-at; the system clock by default. */
  now?: () => Date;
  /** One line per event worth telling the user about (a store failure, a listener error). */
  log?: (line: string) => void;
}

export type ReceiverStartResult =
  { ok: true; listening: string[]; notes: string[] } | { ok: false; reason: ListenFailureReason; message: string };

export interface ReceiverStats {
  /** Connections accepted, and refused because maxConnections were open. */
  connections: number;
  refusedConnections: number;
  openConnections: number;
  requests: number;
  /** Answers by status code, including those written for timeouts and malformed requests. */
  answers: Record<number, number>;
  /** Body bytes read from all requests, and the most held in memory for one request. */
  bodyBytesRead: number;
  largestBodyHeld: number;
  stored: number;
  duplicates: number;
  storeFailures: number;
}

export interface CallbackReceiver {
  start(): Promise<ReceiverStartResult>;
  /** Closes the listeners and every socket, then waits (up to 5 s) for bodies being stored. */
  stop(): Promise<void>;
  /** Called after each body is on disk (and its 202 is sent); returns a function that unsubscribes. */
  onReport(listener: (saved: SavedReport) => void): () => void;
  readonly stats: Readonly<ReceiverStats>;
}

/** How long stop() waits for bodies still being stored. */
const STOP_WAIT_MS = 5_000;

interface Listener {
  address: BindAddress;
  server: http.Server;
}

/** Header values by lower-case name, in a map without a prototype (a `__proto__` header is just a header). */
function headerMapOf(raw: string[]): Record<string, string[]> {
  const map = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i + 1 < raw.length; i += 2) (map[raw[i].toLowerCase()] ??= []).push(raw[i + 1]);
  return map;
}

export function createCallbackReceiver(options: CallbackReceiverOptions): CallbackReceiver {
  const limits = receiverLimitsOf(options.limits);
  const port = options.address.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`The receiver needs a port from 1 to 65535, not ${port}.`);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const listeners = new Set<(saved: SavedReport) => void>();
  const saving = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  /** The response being written on a socket, so a late client error never corrupts it. */
  const answering = new WeakMap<Socket, http.ServerResponse>();
  const refused = new WeakSet<Socket>();
  const stats: ReceiverStats = {
    connections: 0,
    refusedConnections: 0,
    openConnections: 0,
    requests: 0,
    answers: {},
    bodyBytesRead: 0,
    largestBodyHeld: 0,
    stored: 0,
    duplicates: 0,
    storeFailures: 0,
  };
  let running: Listener[] = [];

  const count = (status: number): void => {
    stats.answers[status] = (stats.answers[status] ?? 0) + 1;
  };

  /** Half-closes a socket, keeps reading and dropping what the peer still sends, and closes it after lingerMs. */
  const linger = (socket: Socket): void => {
    const timer = setTimeout(() => socket.destroy(), limits.lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.on('end', () => socket.destroy());
  };

  const send = (req: http.IncomingMessage, res: http.ServerResponse, answer: CallbackAnswer): void => {
    if (res.headersSent || res.writableEnded || req.socket.destroyed) return;
    count(answer.status);
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.setHeader('Content-Length', Buffer.byteLength(answer.body));
    if (answer.close) {
      res.setHeader('Connection', 'close');
      linger(req.socket);
    }
    res.end(answer.body);
  };

  const emit = (saved: SavedReport): void => {
    for (const listener of listeners) {
      try {
        listener(saved);
      } catch (error) {
        log(`A report listener failed on ${saved.report.file}: ${(error as Error).message}`);
      }
    }
  };

  const store = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    decision: Extract<RouteDecision, { kind: 'read-body' }>,
    bytes: Buffer,
  ): void => {
    const { requestId, phase } = decision;
    const body = { requestId, phase, bytes, receivedAt: now() };
    // A sink that throws instead of rejecting is still answered 500, never a crash.
    const saved = new Promise<StoredFile>((resolve) => resolve(options.sink.save(body)));
    const task = saved
      .then(
        (stored) => {
          stats.stored++;
          if (stored.duplicate) stats.duplicates++;
          send(req, res, storedAnswer(requestId, phase, basename(stored.file), stored.duplicate));
          // The bytes are judged after the answer, so the core's checks never delay a 202.
          if (listeners.size === 0) return;
          try {
            emit(savedReportOf(body, stored));
          } catch (error) {
            log(`The stored report ${stored.file} could not be checked: ${(error as Error).message}`);
          }
        },
        (error: unknown) => {
          stats.storeFailures++;
          const reason = error instanceof Error ? error.message : String(error);
          log(`The ${phase} report of ${requestId} was not stored: ${reason}`);
          send(req, res, problemAnswer(500, `The report was not stored (${reason}); send it again.`));
        },
      )
      .catch((error: unknown) => log(`The answer to a ${phase} report of ${requestId} failed: ${(error as Error).message}`));
    saving.add(task);
    void task.finally(() => saving.delete(task));
  };

  const readBody = (req: http.IncomingMessage, res: http.ServerResponse, decision: Extract<RouteDecision, { kind: 'read-body' }>): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const idle = setTimeout(() => {
      stop();
      send(req, res, problemAnswer(408, `The body stalled for more than ${limits.bodyIdleTimeoutMs} ms.`, { close: true }));
    }, limits.bodyIdleTimeoutMs);
    const onData = (chunk: Buffer): void => {
      stats.bodyBytesRead += chunk.length;
      size += chunk.length;
      if (size > decision.limit) {
        stop();
        chunks.length = 0;
        send(req, res, bodyTooLargeAnswer(decision.limit));
        return;
      }
      chunks.push(chunk);
      if (size > stats.largestBodyHeld) stats.largestBodyHeld = size;
      idle.refresh();
    };
    const onEnd = (): void => {
      stop();
      const bytes = Buffer.concat(chunks, size);
      const verdict = judgeCallbackBody(bytes);
      if (verdict.kind === 'refuse') send(req, res, verdict.answer);
      else store(req, res, decision, bytes);
    };
    const onClose = (): void => stop();
    function stop(): void {
      if (done) return;
      done = true;
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean): void => {
    req.on('error', () => undefined);
    if (refused.has(req.socket)) {
      req.resume();
      return;
    }
    stats.requests++;
    answering.set(req.socket, res);
    res.on('close', () => {
      if (answering.get(req.socket) === res) answering.delete(req.socket);
    });
    let decision: RouteDecision;
    try {
      decision = routeCallback(
        { method: req.method ?? '', target: req.url ?? '', headers: headerMapOf(req.rawHeaders) },
        { port, bodyLimit: limits.bodyLimitBytes, isKnownRequest: options.isKnownRequest },
      );
    } catch (error) {
      log(`The callback route failed: ${(error as Error).message}`);
      decision = { kind: 'refuse', answer: problemAnswer(500, 'The receiver could not check this request.', { close: true }) };
    }
    if (decision.kind === 'refuse') {
      send(req, res, decision.answer);
      return;
    }
    if (expectsContinue) res.writeContinue();
    readBody(req, res, decision);
  };

  const onClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
    const inProgress = answering.get(socket);
    if (error.code === 'ECONNRESET' || !socket.writable || refused.has(socket) || (inProgress && inProgress.headersSent)) {
      socket.destroy();
      return;
    }
    const answer =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problemAnswer(
            408,
            `The request was too slow: headers must arrive within ${limits.headersTimeoutMs} ms ` +
              `and the whole request within ${limits.requestTimeoutMs} ms.`,
          )
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? problemAnswer(431, 'The request headers are too large.')
          : problemAnswer(400, `The request is not well-formed HTTP/1.1 (${error.code ?? error.message}).`);
    count(answer.status);
    socket.end(rawHttpAnswer(answer));
    linger(socket);
  };

  const onConnection = (socket: Socket): void => {
    socket.on('error', () => undefined);
    if (sockets.size >= limits.maxConnections) {
      stats.refusedConnections++;
      refused.add(socket);
      const answer = problemAnswer(503, `This receiver already has ${limits.maxConnections} open connections; try again shortly.`, {
        headers: { 'Retry-After': '1' },
      });
      count(503);
      socket.end(rawHttpAnswer(answer));
      linger(socket);
      return;
    }
    stats.connections++;
    sockets.add(socket);
    stats.openConnections = sockets.size;
    socket.once('close', () => {
      sockets.delete(socket);
      stats.openConnections = sockets.size;
    });
  };

  const newServer = (): http.Server => {
    const server = http.createServer({
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
      maxHeaderSize: 16 * 1024,
    });
    server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
    server.on('connection', onConnection);
    server.on('request', (req, res) => handle(req, res, false));
    server.on('checkContinue', (req, res) => handle(req, res, true));
    // An Expect other than 100-continue: refused in the receiver's own words, not Node's bare 417.
    server.on('checkExpectation', (req, res) => {
      req.on('error', () => undefined);
      send(req, res, problemAnswer(417, `Expectation ${JSON.stringify(req.headers.expect ?? '')} is not supported.`, { close: true }));
    });
    server.on('clientError', onClientError);
    return server;
  };

  const listen = (server: http.Server, address: BindAddress): Promise<NodeJS.ErrnoException | undefined> =>
    new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => resolve(error);
      server.once('error', onError);
      server.listen({ port, host: address, ipv6Only: address === '::1', exclusive: true }, () => {
        server.off('error', onError);
        resolve(undefined);
      });
    });

  const closeAll = async (list: Listener[]): Promise<void> => {
    await Promise.all(
      list.map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };

  return {
    stats,
    onReport(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (running.length > 0) return { ok: true, listening: running.map((l) => hostAndPort(l.address, port)), notes: [] };
      const started: Listener[] = [];
      const notes: string[] = [];
      for (const address of bindAddressesOf(options.address.name)) {
        const server = newServer();
        const error = await listen(server, address);
        if (!error) {
          started.push({ address, server });
          continue;
        }
        const failure = listenFailureOf(error.code, address, port, error.message);
        if (options.address.name === 'localhost' && address === '::1' && failure.reason === 'address-unavailable') {
          notes.push(`::1 is not available on this machine, so localhost:${port} is served on 127.0.0.1 only`);
          continue;
        }
        await closeAll(started);
        return { ok: false, reason: failure.reason, message: failure.message };
      }
      running = started;
      return { ok: true, listening: started.map((l) => hostAndPort(l.address, port)), notes };
    },
    async stop() {
      const list = running;
      running = [];
      await closeAll(list);
      // Bodies being written finish (their files stay valid); a sink that never settles does not hold stop() up.
      let timer: NodeJS.Timeout | undefined;
      const givingUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
      await Promise.race([Promise.allSettled([...saving]), givingUp]);
      clearTimeout(timer);
    },
  };
}
