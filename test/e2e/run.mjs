// Real-editor tests of the Alloy extension: code-server (VS Code 1.139) + headless chromium, two
// sessions on temp copies of examples/checkout-service, each with its own dev intake:
//   development  the repository as extensionDevelopmentPath; suite/index.js (language, submit,
//                window reload) — the DOM questions answered here with Playwright
//   installed    the packaged .vsix (npm run package) installed with --install-extension;
//                suite/installed.js, no Alloy folder given to the workbench
//   restricted   the repository again, with workspace trust on and the folder not trusted;
//                suite/restricted.js (checking works, submitting and the receiver are off)
//
//   npm run test:e2e      (= npm run build && bash test/e2e/setup.sh && node test/e2e/run.mjs)
//
// Exit code: 0 when every check passed, 1 otherwise. Env (see README.md):
//   ALLOY_E2E_TIMEOUT_MS      overall bound (default 420000)
//   ALLOY_E2E_SESSIONS        comma list (default "development,installed,restricted")
//   ALLOY_E2E_SCREENSHOTS=1   write docs/screenshots/*.png
//   ALLOY_E2E_PLANT           silent-server | broken-panel: a planted regression in the development session
//   ALLOY_E2E_EXTENSION_DIR   another built extension folder for the development session
//   ALLOY_E2E_KEEP_TMP=1      keep the temp folder (logs, workspaces, ledgers)
//   ALLOY_E2E_NODE24, ALLOY_E2E_CHROMIUM   other binaries than the ones setup.sh installs

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { plantedExtension } from './harness/plant.mjs';
import { Session } from './harness/session.mjs';
import { locateTools, repositoryDir, suiteModules } from './harness/tools.mjs';
import { installVsix, packageVsix } from './harness/vsix.mjs';

const TIMEOUT_MS = Number(process.env.ALLOY_E2E_TIMEOUT_MS || 420000);
const SESSIONS = (process.env.ALLOY_E2E_SESSIONS || 'development,installed,restricted').split(',').map((s) => s.trim());
// README screenshots only from the real extension, never from a planted regression.
const SCREENSHOTS =
  process.env.ALLOY_E2E_SCREENSHOTS === '1' && !process.env.ALLOY_E2E_PLANT ? path.join(repositoryDir, 'docs', 'screenshots') : undefined;
/** The example's callback_url port: the extension's receiver must be able to listen there. */
const CALLBACK_PORT = 47311;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (...parts) => console.log(`[e2e +${elapsed()}]`, ...parts);

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-e2e-')));
const sessions = [];
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    for (const session of sessions) await session.stop().catch((error) => log(`stopping ${session.name}:`, error.message));
    if (process.env.ALLOY_E2E_KEEP_TMP) log('kept', tmp);
    else fs.rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}

function summary() {
  const lines = ['', '=== e2e results ==='];
  for (const session of sessions) {
    const seconds = ((session.endedAt ?? Date.now()) - session.startedAt) / 1000;
    lines.push(`${session.name}: exit ${session.exitCode ?? 'none'} in ${seconds.toFixed(1)} s`);
    for (const result of session.results) lines.push(`  ${result.split(' — ')[0]}`);
  }
  return lines.join('\n');
}

let finishing = false;

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  if (reason) log(reason);
  if (code !== 0) for (const session of sessions) if (session.exitCode !== 0) console.log(session.failureContext());
  await cleanup();
  if (sessions.length > 0) console.log(summary());
  log(code === 0 ? 'PASSED' : 'FAILED', `in ${elapsed()}`);
  process.exit(code);
}

const overall = setTimeout(() => void finish(1, `overall timeout of ${TIMEOUT_MS} ms reached`), TIMEOUT_MS);
overall.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(1, `interrupted by ${signal}`));

function portFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function runSession(options, ms) {
  const session = new Session({ tmp, log, screenshotsDir: SCREENSHOTS, ...options });
  sessions.push(session);
  await session.start();
  const exitCode = await session.waitForExit(ms);
  await session.stop();
  return exitCode === 0;
}

async function main() {
  const unknown = SESSIONS.filter((s) => !['development', 'installed', 'restricted'].includes(s));
  if (unknown.length > 0) throw new Error(`unknown session(s) in ALLOY_E2E_SESSIONS: ${unknown.join(', ')}`);
  const tools = locateTools();
  if (!(await portFree(CALLBACK_PORT)))
    throw new Error(`127.0.0.1:${CALLBACK_PORT} (the callback_url port of the example's request) is in use; free it first`);
  let vsixFolder;
  if (SESSIONS.includes('installed')) {
    const vsix = await packageVsix(path.join(tmp, 'alloy.vsix'));
    log('packaged', path.basename(vsix), `(${Math.round(fs.statSync(vsix).size / 1024)} KiB)`);
    vsixFolder = await installVsix(tools, vsix, path.join(tmp, 'installed', 'extensions'), path.join(tmp, 'install'));
    log('installed into', vsixFolder);
  }
  let developmentDir = process.env.ALLOY_E2E_EXTENSION_DIR ? path.resolve(process.env.ALLOY_E2E_EXTENSION_DIR) : repositoryDir;
  if (process.env.ALLOY_E2E_PLANT) {
    developmentDir = plantedExtension(process.env.ALLOY_E2E_PLANT, developmentDir, tmp);
    log(`PLANTED REGRESSION "${process.env.ALLOY_E2E_PLANT}" in ${developmentDir}: the development session must fail`);
  }
  let ok = true;
  const left = () => TIMEOUT_MS - (Date.now() - started) - 10000;
  // The development and restricted sessions run the same extension folder.
  const underDevelopment = { tools, extensionDir: developmentDir, expectedExtensionPath: developmentDir };
  if (SESSIONS.includes('development')) {
    ok =
      (await runSession({ ...underDevelopment, name: 'development', testsModule: suiteModules.development }, Math.min(left(), 300000))) &&
      ok;
  }
  if (SESSIONS.includes('installed')) {
    const noExtension = path.join(tmp, 'no-extension');
    fs.mkdirSync(noExtension, { recursive: true });
    ok =
      (await runSession(
        {
          name: 'installed',
          tools,
          extensionDir: noExtension,
          testsModule: suiteModules.installed,
          expectedExtensionPath: vsixFolder,
          extensionsDir: path.dirname(vsixFolder),
        },
        Math.min(left(), 120000),
      )) && ok;
  }
  if (SESSIONS.includes('restricted')) {
    ok =
      (await runSession(
        { ...underDevelopment, name: 'restricted', testsModule: suiteModules.restricted, restricted: true },
        Math.min(left(), 120000),
      )) && ok;
  }
  return finish(ok ? 0 : 1);
}

main().catch((error) => finish(1, `harness error: ${error && error.stack ? error.stack : error}`));
