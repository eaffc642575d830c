// Entry point of `dist/cli.js` (`alloy …`): runs the CLI's bundle, `dist/alloyCli.js` (built from
// main.ts), with its code cache in `dist/.cache/` (launch/nodeCodeCache.ts), unless
// `NODE_DISABLE_COMPILE_CACHE=1`, as dist/server.js runs the server's. A 1-file `alloy check`
// otherwise spends most of its time above Node's own start-up compiling the bundle. Worker threads
// of a large check run dist/alloyCli.js itself (main.ts names its own file). First it sets V8's
// tiering for a short run (launch/shortRunTiering.ts), so that the bundle is compiled, and its code
// cache made and taken, under the same flags.

import * as path from 'node:path';
import * as v8 from 'node:v8';
import { runWithCodeCache } from '../launch/nodeCodeCache';
import { applyShortRunTiering } from '../launch/shortRunTiering';

applyShortRunTiering(process.execArgv, process.versions.v8, (flags) => v8.setFlagsFromString(flags));

runWithCodeCache(path.join(__dirname, 'alloyCli.js'), path.join(__dirname, '.cache'), {
  disabled: process.env.NODE_DISABLE_COMPILE_CACHE === '1',
});
