// Sends one callback over real HTTP (node:http, a shared keep-alive agent), for the load test and
// the benchmark, and times it twice: from the call (so waiting for a free socket counts) and from the
// moment the request got its socket, to the last byte of the answer.

import * as http from 'node:http';

export interface CallbackAnswer {
  status: number;
  body: string;
  /** From the call to the end of the answer. */
  ms: number;
  /** From the request getting its socket to the end of the answer. */
  wireMs: number;
}

export function postCallback(agent: http.Agent, port: number, path: string, body: string): Promise<CallbackAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let onSocket = started;
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const end = performance.now();
          resolve({ status: res.statusCode ?? 0, body: text, ms: end - started, wireMs: end - onSocket });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('socket', () => (onSocket = performance.now()));
    req.end(body);
  });
}
