// A planted regression (ALLOY_E2E_PLANT=silent-server, see ../plant.mjs): required first by the
// planted copy's dist/server.js, before the real server, it drops every
// textDocument/publishDiagnostics message the server writes to stdout, so the language server runs
// and answers hovers and completions but publishes no diagnostics. The server's code is not touched.

'use strict';

const path = require('node:path');

const script = process.argv[1] || '';
if (script.endsWith(path.join('dist', 'server.js')) && process.argv.includes('--stdio')) {
  const write = process.stdout.write.bind(process.stdout);
  let pending = Buffer.alloc(0);
  let dropped = 0;
  process.stdout.write = function plantedWrite(chunk, encoding, callback) {
    const done = typeof encoding === 'function' ? encoding : callback;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
    pending = Buffer.concat([pending, bytes]);
    for (;;) {
      const headerEnd = pending.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = /Content-Length: *(\d+)/i.exec(pending.subarray(0, headerEnd).toString('ascii'));
      if (!length) {
        write(pending);
        pending = Buffer.alloc(0);
        break;
      }
      const end = headerEnd + 4 + Number(length[1]);
      if (pending.length < end) break;
      const frame = pending.subarray(0, end);
      pending = pending.subarray(end);
      if (frame.subarray(headerEnd + 4).includes('"method":"textDocument/publishDiagnostics"')) dropped++;
      else write(frame);
    }
    if (done) process.nextTick(done);
    return true;
  };
  process.on('exit', () => process.stderr.write(`[planted regression] dropped ${dropped} publishDiagnostics message(s)\n`));
  process.stderr.write('[planted regression] this language server publishes no diagnostics\n');
}
