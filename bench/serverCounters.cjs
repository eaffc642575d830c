// Preloaded into the benchmarked language server (`node --require bench/serverCounters.cjs
// dist/server.js --stdio`). It counts, without changing what the server does:
//   - briefDigests: SHA-256 hashes of a brief's canonical JSON (the SPEC §4 digest),
//   - otherHashes: every other SHA-256 (idempotency keys),
//   - readFile / stat / realpath: the node:fs calls behind the file-system host (readFile also
//     counts openSync, the host's one open per read).
// The bench asks for the counters over file descriptor 3 (a pipe to the bench process, never a
// network socket): it writes a line, the preload answers with one line of JSON.

'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');

const BRIEF_MARK = '"schema_version":"alloy.formation_brief.v1"';

const counters = { briefDigests: 0, otherHashes: 0, readFile: 0, stat: 0, realpath: 0 };

const createHash = crypto.createHash;
crypto.createHash = function countedCreateHash(...args) {
  const hash = createHash.apply(this, args);
  const update = hash.update;
  hash.update = function countedUpdate(data, ...rest) {
    if (typeof data === 'string' && data.includes(BRIEF_MARK)) counters.briefDigests++;
    else counters.otherHashes++;
    return update.call(this, data, ...rest);
  };
  return hash;
};

// Node 20.12+ also has the one-shot crypto.hash(algorithm, data, encoding), which the core prefers.
const oneShot = crypto.hash;
if (typeof oneShot === 'function') {
  crypto.hash = function countedHash(algorithm, data, ...rest) {
    if (typeof data === 'string' && data.includes(BRIEF_MARK)) counters.briefDigests++;
    else counters.otherHashes++;
    return oneShot.call(this, algorithm, data, ...rest);
  };
}

function counted(owner, name, counter) {
  const original = owner[name];
  const wrapper = function (...args) {
    counters[counter]++;
    return original.apply(this, args);
  };
  Object.assign(wrapper, original);
  owner[name] = wrapper;
}

const realpathNative = fs.realpathSync.native;
counted(fs, 'readFileSync', 'readFile');
counted(fs, 'openSync', 'readFile');
counted(fs, 'statSync', 'stat');
counted(fs, 'realpathSync', 'realpath');
fs.realpathSync.native = function (...args) {
  counters.realpath++;
  return realpathNative.apply(this, args);
};

try {
  const channel = new net.Socket({ fd: 3, readable: true, writable: true });
  channel.setEncoding('utf8');
  channel.on('data', () => channel.write(JSON.stringify(counters) + '\n'));
  channel.on('error', () => undefined);
  channel.unref();
} catch {
  // No counter channel (the server was started without fd 3): count silently.
}
