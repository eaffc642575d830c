// Preloaded into the language server by test/lsp/memoryBound.test.ts (`node --require`): for each
// line written to file descriptor 3, it runs a full garbage collection and answers with one line of
// JSON, the heap in use and the resident set size in bytes. It changes nothing the server does.

'use strict';

const net = require('node:net');
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

try {
  const channel = new net.Socket({ fd: 3, readable: true, writable: true });
  channel.setEncoding('utf8');
  channel.on('data', () => {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    channel.write(JSON.stringify({ heapUsed, rss }) + '\n');
  });
  channel.on('error', () => undefined);
  channel.unref();
} catch {
  // Started without fd 3: nothing to answer.
}
