// The analysis core as it ships: server/src/core/index.ts bundled with the production options
// (bundleOptions.mjs) into a temporary file and required, so the in-process figures time the
// minified code the server and the CLI run, not tsx's transpilation of the sources.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../bundleOptions.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The core's door (`AlloyWorkspace`, …) from a fresh production-style bundle. */
export async function loadCoreBundle() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-bench-core-'));
  try {
    const outfile = path.join(dir, 'core.cjs');
    await build({
      ...BUNDLE_OPTIONS,
      sourcemap: false,
      logLevel: 'warning',
      entryPoints: [path.join(ROOT, 'server/src/core/index.ts')],
      outfile,
    });
    return createRequire(import.meta.url)(outfile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
