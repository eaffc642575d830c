// One real-editor session: a fresh workspace copy with the CLI's expectations, a dev intake, the
// user settings pointing Alloy at both, code-server, the workbench page with the bridge answering
// the suite's questions, and the result. Everything it starts is stopped in `stop()`, whatever
// happened (code-server by killing its process group).

import fs from 'node:fs';
import path from 'node:path';
import { Bridge } from './bridge.mjs';
import { CodeServer, freePort } from './codeServer.mjs';
import { prepareWorkspace } from './fixture.mjs';
import { startDevIntake } from './intake.mjs';
import { repositoryDir } from './tools.mjs';
import { Workbench } from './workbench.mjs';
import { intakeHandlers, workbenchDomHandlers } from './workbenchDom.mjs';

const RESULT = /^\[alloy-e2e\] (PASS|FAIL) /;

export class Session {
  /**
   * `name` names the folder under `tmp`; `extensionDir` is given as extensionDevelopmentPath,
   * `expectedExtensionPath` is where the active Alloy must come from, `extensionsDir` the
   * extensions folder (with the installed .vsix, or empty), `env` extra environment; `restricted`:
   * workspace trust on and the folder not trusted (Restricted Mode).
   */
  constructor({ name, tmp, tools, extensionDir, testsModule, expectedExtensionPath, extensionsDir, env, screenshotsDir, log, restricted }) {
    Object.assign(this, { name, tools, extensionDir, testsModule, expectedExtensionPath, extensionsDir, env, screenshotsDir, restricted });
    this.home = path.join(tmp, name);
    this.stateDir = path.join(this.home, 'e2e');
    this.log = (...parts) => log(`[${name}]`, ...parts);
    this.hostLog = path.join(this.home, 'extension-host.log');
    this.results = [];
    this.exitCode = null;
    this.startedAt = Date.now();
    this.endedAt = undefined;
  }

  async start() {
    fs.mkdirSync(this.home, { recursive: true });
    const { workspace } = prepareWorkspace(repositoryDir, this.home, this.stateDir);
    this.workspace = workspace;
    const intakeLines = fs.createWriteStream(path.join(this.home, 'intake.log'));
    this.intake = await startDevIntake({
      root: workspace,
      stateDir: path.join(this.home, 'intake-state'),
      log: (line) => intakeLines.write(`${line}\n`),
    });
    this.log('dev intake on', this.intake.endpoint);
    // alloy.submit.* are machine-scoped: a remote window (this one) reads them from the machine settings.
    const machineSettings = {
      'alloy.submit.endpoint': this.intake.endpoint,
      'alloy.submit.ledgerPath': path.join(this.home, 'ledger', 'ledger.jsonl'),
    };
    const settings = {
      // The web workbench saves files one second after an edit by default; the suites' edits must stay unsaved.
      'files.autoSave': 'off',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      // No chat side bar: it takes a third of the window in the README screenshots.
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
      'extensions.autoCheckUpdates': false,
      // The navigation suite copies a small git repository into the workspace; the built-in git
      // extension would start watching it (and running git) in the middle of the checks.
      'git.enabled': false,
      // Restricted Mode: trust on, and no prompt to trust the folder at start (it stays untrusted).
      ...(this.restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {}),
    };
    this.server = new CodeServer({
      ...this.tools,
      home: this.home,
      workspace,
      port: await freePort(),
      settings,
      machineSettings,
      extensionsDir: this.extensionsDir,
      workspaceTrust: this.restricted === true,
      env: {
        ALLOY_E2E_DIR: this.stateDir,
        ALLOY_E2E_BRIDGE: '1',
        ALLOY_E2E_EXTENSION_PATH: this.expectedExtensionPath,
        ALLOY_E2E_REPOSITORY: repositoryDir,
        ...this.env,
      },
    });
    await this.server.waitUntilHealthy(60000);
    this.log('code-server up on', this.server.host);

    const hostLog = fs.createWriteStream(this.hostLog);
    this.workbench = new Workbench(this.tools.chromium, this.tools.browser);
    this.bridge = new Bridge(this.stateDir, (line) => this.log(line));
    await this.workbench.open({
      server: this.server,
      workspace,
      extensionDir: this.extensionDir,
      testsModule: this.testsModule,
      home: this.home,
      onLog: (type, text) => {
        hostLog.write(`[${type}] ${text}\n`);
        if (text.startsWith('[alloy-e2e]')) {
          const first = text.split('\n')[0];
          if (RESULT.test(first)) this.results.push(first.replace('[alloy-e2e] ', ''));
          console.log(
            `  ${text
              .split('\n')
              .slice(0, RESULT.test(first) && first.includes(' FAIL ') ? 10 : 1)
              .join('\n  ')}`,
          );
        } else if (type === 'error') console.log(`  [extension host error] ${text.split('\n').slice(0, 6).join('\n  ')}`);
      },
    });
    const page = this.workbench.page;
    for (const [kind, handler] of Object.entries({
      ...workbenchDomHandlers({ page, intake: this.intake, screenshotsDir: this.screenshotsDir, log: (line) => this.log(line) }),
      ...intakeHandlers(this.intake),
    }))
      this.bridge.on(kind, handler);
    this.bridge.start();
    this.log('workbench ready');
  }

  /** The tests' exit code, or null (page closed without one, or `ms` passed). */
  async waitForExit(ms) {
    const code = await this.workbench.waitForExit(ms);
    this.exitCode = code;
    if (code === null) this.log(this.workbench.closed ? 'the workbench closed without an exit code' : `no exit code within ${ms} ms`);
    else this.log(`extension tests exited with ${code}${this.workbench.loads > 1 ? ` (after ${this.workbench.loads - 1} reload(s))` : ''}`);
    return code;
  }

  /** The last lines of the extension host's console and of the Alloy output channel, for a failure report. */
  failureContext(lines = 25) {
    const tail = (file) => {
      try {
        return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(none)';
      }
    };
    const channels = [];
    const walk = (dir) => {
      for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/Alloy\.log$/.test(entry.name)) channels.push(full);
      }
    };
    walk(path.join(this.home, 'user-data', 'logs'));
    return [
      `--- ${this.name}: last lines of the extension host console ---`,
      tail(this.hostLog),
      ...channels.map((file) => `--- ${this.name}: last lines of the Alloy output channel (${path.basename(file)}) ---\n${tail(file)}`),
      `--- ${this.name}: last lines of code-server's log ---`,
      this.server ? this.server.logTail(10) : '(not started)',
    ].join('\n');
  }

  /** Stops everything this session started; safe to call more than once. */
  stop() {
    this.stopping ??= (async () => {
      this.endedAt ??= Date.now();
      await this.bridge?.stop();
      await this.workbench?.close();
      await this.server?.stop();
      await this.intake?.close().catch((error) => this.log('intake close:', error.message));
    })();
    return this.stopping;
  }
}
