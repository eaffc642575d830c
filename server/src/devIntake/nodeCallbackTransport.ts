// Callback POSTs over node:http and node:https: JSON, no Origin, Host from the URL, no redirects
// followed, no keep-alive (so a closing intake leaves no socket behind), a per-attempt timeout.

import * as http from 'node:http';
import * as https from 'node:https';
import type { CallbackTransport } from './callbackDelivery';

export function nodeCallbackTransport(timeoutMs = 5000): CallbackTransport {
  return {
    post(url, body, signal) {
      return new Promise<number>((resolve, reject) => {
        const target = new URL(url);
        const client = target.protocol === 'https:' ? https : http;
        const request = client.request(target, {
          method: 'POST',
          agent: false,
          signal,
          timeout: timeoutMs,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'foundry-dev-intake' },
        });
        request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        request.on('error', reject);
        request.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        });
        request.end(body);
      });
    },
  };
}
