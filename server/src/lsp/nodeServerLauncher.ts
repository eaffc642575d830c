// Entry point of `dist/server.js` (`node dist/server.js --stdio`): runs the server's bundle,
// `dist/alloyServer.js` (built from main.ts), with its code cache in `dist/.cache/`
// (nodeCodeCache.ts), unless `NODE_DISABLE_COMPILE_CACHE=1`. It is a file of its own because a
// bundle is compiled before any of its code runs: only a small first script can hand the big one
// its cache.

import * as path from 'node:path';
import { runWithCodeCache } from '../launch/nodeCodeCache';

runWithCodeCache(path.join(__dirname, 'alloyServer.js'), path.join(__dirname, '.cache'), {
  disabled: process.env.NODE_DISABLE_COMPILE_CACHE === '1',
});
