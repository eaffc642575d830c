// The same in-host suites (suite/index.js, suite/installed.js) run in a desktop VS Code through
// @vscode/test-electron, for machines that can download one. This machine cannot: use
// `npm run test:e2e` (code-server + headless Chromium) here. Under test-electron there is no
// workbench page to drive, so the suites' DOM questions are answered "skipped"; the dev intake and
// the file bridge run here as in run.mjs.
//
//   npm run test:electron        (= npm run build && node test/e2e/electron.mjs)
//
// Env: ALLOY_E2E_VSCODE_VERSION (default: stable), ALLOY_E2E_SESSIONS (default "development,installed"),
// ALLOY_E2E_KEEP_TMP=1. On Linux without a display, run it under xvfb-run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Bridge } from './harness/bridge.mjs';
import { prepareWorkspace } from './harness/fixture.mjs';
import { startDevIntake } from './harness/intake.mjs';
import { repositoryDir, suiteModules } from './harness/tools.mjs';
import { packageVsix } from './harness/vsix.mjs';
import { intakeHandlers } from './harness/workbenchDom.mjs';

const ABSENT =
  '@vscode/test-electron is not installed: ' +
  'npm i -D @vscode/test-electron@2.x; it downloads a desktop VS Code, which this machine cannot.\n' +
  'Here, run the same suites in code-server instead: npm run test:e2e';

async function loadTestElectron() {
  try {
    const loaded = await import('@vscode/test-electron');
    return loaded.runTests ? loaded : loaded.default; // CommonJS: the named exports, or module.exports
  } catch (error) {
    if (error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND')) return undefined;
    throw error;
  }
}

const testElectron = await loadTestElectron();
if (!testElectron) {
  console.error(ABSENT);
  process.exit(2);
}

const started = Date.now();
const log = (...parts) => console.log(`[electron +${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);
const SESSIONS = (process.env.ALLOY_E2E_SESSIONS || 'development,installed').split(',').map((s) => s.trim());
const version = process.env.ALLOY_E2E_VSCODE_VERSION || 'stable';
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-electron-')));

/** A desktop window is local: its user settings carry the machine-scoped alloy.submit.* settings too. */
function writeSettings(userDataDir, values) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(values, null, 2)}\n`);
}

async function runSession(name, { extensionDevelopmentPath, extensionTestsPath, expectedExtensionPath, prepareExtensions }) {
  const home = path.join(tmp, name);
  const stateDir = path.join(home, 'e2e');
  const { workspace } = prepareWorkspace(repositoryDir, home, stateDir);
  const intake = await startDevIntake({ root: workspace, stateDir: path.join(home, 'intake-state'), log: () => {} });
  const bridge = new Bridge(stateDir, (line) => log(`[${name}] ${line}`));
  for (const [kind, handler] of Object.entries(intakeHandlers(intake))) bridge.on(kind, handler);
  bridge.start();
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  writeSettings(userDataDir, {
    'alloy.submit.endpoint': intake.endpoint,
    'alloy.submit.ledgerPath': path.join(home, 'ledger', 'ledger.jsonl'),
    'files.autoSave': 'off',
    'workbench.startupEditor': 'none',
  });
  try {
    const vscodeExecutablePath = await testElectron.downloadAndUnzipVSCode(version);
    const installed = prepareExtensions ? await prepareExtensions(vscodeExecutablePath, extensionsDir, userDataDir) : undefined;
    log(`[${name}] VS Code ${version} at ${vscodeExecutablePath}`);
    await testElectron.runTests({
      vscodeExecutablePath,
      reuseMachineInstall: true, // the folders below, not test-electron's defaults
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-updates',
      ],
      extensionTestsEnv: {
        ALLOY_E2E_DIR: stateDir,
        ALLOY_E2E_EXTENSION_PATH: installed ?? expectedExtensionPath,
        ALLOY_E2E_REPOSITORY: repositoryDir,
      },
    });
    log(`[${name}] passed`);
    return true;
  } catch (error) {
    log(`[${name}] failed: ${error && error.message ? error.message : error}`);
    return false;
  } finally {
    await bridge.stop();
    await intake.close().catch(() => {});
  }
}

/** Installs the packaged .vsix with the downloaded VS Code's own CLI; resolves with the installed folder. */
async function installPackaged(vscodeExecutablePath, extensionsDir, userDataDir) {
  const vsix = await packageVsix(path.join(tmp, 'alloy.vsix'));
  const [cli, ...args] = testElectron.resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
  const result = spawnSync(cli, [...args, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], {
    encoding: 'utf8',
    timeout: 120000,
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (${result.status}): ${result.stderr || result.stdout}`);
  const { publisher, name, version: extensionVersion } = JSON.parse(fs.readFileSync(path.join(repositoryDir, 'package.json'), 'utf8'));
  return path.join(extensionsDir, `${publisher}.${name}-${extensionVersion}`);
}

let ok = true;
try {
  if (SESSIONS.includes('development')) {
    ok =
      (await runSession('development', {
        extensionDevelopmentPath: repositoryDir,
        extensionTestsPath: suiteModules.development,
        expectedExtensionPath: repositoryDir,
      })) && ok;
  }
  if (SESSIONS.includes('installed')) {
    const noExtension = path.join(tmp, 'no-extension');
    fs.mkdirSync(noExtension, { recursive: true });
    ok =
      (await runSession('installed', {
        extensionDevelopmentPath: noExtension,
        extensionTestsPath: suiteModules.installed,
        prepareExtensions: installPackaged,
      })) && ok;
  }
} finally {
  if (process.env.ALLOY_E2E_KEEP_TMP) log('kept', tmp);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
log(ok ? 'PASSED' : 'FAILED');
process.exit(ok ? 0 : 1);
