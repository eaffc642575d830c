// The web workbench in headless chromium, loading an extension folder and a test module through the
// smoke-test driver's payload. The workbench reports the extension host's console through
// window.codeAutomationLog and the tests' result through window.codeAutomationExit; both survive a
// window reload (the page loads the same payload again, and the tests run again).

import path from 'node:path';
import util from 'node:util';

const NOISE = new RegExp(
  [
    'ENOTFOUND',
    'ERR_NAME_NOT_RESOLVED',
    '\\[AgentHost',
    'ChatModelSelection',
    '^Canceled',
    "provider 'github'",
    'open-vsx\\.org',
    'AccountPolicyGate',
    'Long running operations during shutdown',
  ].join('|'),
);

export class Workbench {
  constructor(chromium, browser) {
    this.chromium = chromium;
    this.browser = browser;
    this.exitCode = null;
    this.closed = false;
    this.loads = 0;
    this.lines = [];
  }

  /**
   * `extensionDir` becomes `extensionDevelopmentPath`: the extension host refuses to run tests
   * without one ("no extension development path"), so the installed-extension run passes an empty
   * folder. `home` holds the browser profile.
   */
  async open({ server, workspace, extensionDir, testsModule, home, onLog }) {
    this.context = await this.chromium.launchPersistentContext(path.join(home, 'chromium'), {
      executablePath: this.browser,
      headless: true,
      viewport: { width: 1280, height: 800 },
      // Chromium writes crash-report settings and dconf state under XDG folders: keep them in the temp dir.
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'xdg-chromium'), XDG_CACHE_HOME: path.join(home, 'xdg-chromium') },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page = page;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      this.lines.push(text);
      if (!NOISE.test(text)) onLog(type, text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      this.exitCode = code;
      this.closed = true;
    });
    page.on('close', () => {
      this.closed = true;
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.loads++;
    });
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
      ['extensionTestsPath', server.remoteUri(testsModule)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://${server.host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  }

  /** Waits (at most `ms`) for the tests' exit code; null when the page closed without one or time ran out. */
  async waitForExit(ms) {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    return this.exitCode;
  }

  async close() {
    if (this.context) await this.context.close().catch(() => {});
    this.context = undefined;
  }
}
