// The local Foundry dev intake (server/src/devIntake), started in this test process on 127.0.0.1:0
// with the workspace copy as its root. It is TypeScript, loaded through the repository's tsx, so
// the e2e run needs no extra build step; the handle answers "how many runs has this key?".

import fs from 'node:fs';
import path from 'node:path';
import { repositoryDir } from './tools.mjs';

/**
 * Resolves with `{ endpoint, runsFor(key), attempts(), idle(), close() }` (see
 * server/src/devIntake/README.md); every intake log line goes to `log`.
 */
export async function startDevIntake({ root, stateDir, log }) {
  const { tsImport } = await import('tsx/esm/api');
  const entry = path.join(repositoryDir, 'server', 'src', 'devIntake', 'index.ts');
  const { startIntake } = await tsImport(entry, import.meta.url);
  fs.mkdirSync(stateDir, { recursive: true });
  return startIntake({ root, port: 0, host: '127.0.0.1', stateDir, log });
}
