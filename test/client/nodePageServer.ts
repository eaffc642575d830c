// A loopback HTTP server for the reports page tests: it serves pages (each at its own URL, once)
// and the page script, so that even a 100 MB page reaches Chromium over the network stack rather
// than through the DevTools protocol. Binds 127.0.0.1 on a free port; closed by the test file.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  scriptUrl: string;
  /** Serves `html` once, at the URL returned. */
  serve(html: string): string;
  /** Whether `url` is one this server hands out (a page or the script). */
  owns(url: string): boolean;
  close(): Promise<void>;
}

export async function startPageServer(script: string): Promise<PageServer> {
  const pages = new Map<string, string>();
  let served = 0;
  const server: Server = createServer((request, response) => {
    const headers = { 'Cache-Control': 'no-store' };
    const page = pages.get(request.url ?? '');
    if (page !== undefined) {
      pages.delete(request.url ?? '');
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    } else if (request.url === '/dist/reportsView.js') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scriptUrl = `${origin}/dist/reportsView.js`;
  return {
    origin,
    scriptUrl,
    serve: (html) => {
      const path = `/page/${++served}.html`;
      pages.set(path, html);
      return origin + path;
    },
    owns: (url) => url === scriptUrl || /^\/page\/\d+\.html$/.test(url.slice(origin.length)),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
