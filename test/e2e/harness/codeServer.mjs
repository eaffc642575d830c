// code-server (VS Code's server + web workbench) on 127.0.0.1, in its own process group so that the
// extension host and language server it starts can all be stopped together.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * VS Code puts IPC sockets in the temp folder and code-server its state under XDG folders: point both
 * into `home`, which the harness deletes, so a run leaves nothing behind.
 */
export function isolatedEnv(home) {
  const xdg = path.join(home, 'xdg');
  const sockets = path.join(home, 't');
  fs.mkdirSync(xdg, { recursive: true });
  fs.mkdirSync(sockets, { recursive: true });
  return { TMPDIR: sockets, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_CACHE_HOME: xdg, XDG_RUNTIME_DIR: sockets };
}

export class CodeServer {
  /**
   * `home` holds this instance's config, user data (with `settings` written to User/settings.json
   * and `machineSettings` to Machine/settings.json before start), extensions folder and log. `env`
   * is added to the environment, which reaches the extension host's `process.env` (and the
   * language server's).
   */
  constructor({ node24, codeServer, home, workspace, port, env, settings, machineSettings, extensionsDir, workspaceTrust = false }) {
    this.host = `127.0.0.1:${port}`;
    this.home = home;
    this.logFile = path.join(home, 'code-server.log');
    const dir = (name) => {
      const made = path.join(home, name);
      fs.mkdirSync(made, { recursive: true });
      return made;
    };
    this.userDataDir = dir('user-data');
    this.extensionsDir = extensionsDir ?? dir('extensions');
    // The workbench is a remote window of this server: its user settings are User/settings.json,
    // and machine-scoped settings belong in the remote machine's Machine/settings.json. (One in
    // User/settings.json is read at start, then dropped at the first configuration change.)
    for (const [folder, values] of [
      ['User', settings],
      ['Machine', machineSettings],
    ]) {
      if (!values) continue;
      fs.mkdirSync(path.join(this.userDataDir, folder), { recursive: true });
      fs.writeFileSync(path.join(this.userDataDir, folder, 'settings.json'), `${JSON.stringify(values, null, 2)}\n`);
    }
    const config = path.join(home, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: ${this.host}\nauth: none\ncert: false\n`);
    const args = [
      codeServer,
      '--config',
      config,
      '--bind-addr',
      this.host,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      // Workspace trust is off unless the session tests Restricted Mode.
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir',
      this.userDataDir,
      '--extensions-dir',
      this.extensionsDir,
      // Without the smoke-test driver the workbench ignores extensionDevelopmentPath/extensionTestsPath.
      '--vscode-option',
      'enable-smoke-test-driver',
      workspace,
    ];
    this.process = spawn(node24, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, ...isolatedEnv(home) },
    });
    const log = fs.createWriteStream(this.logFile);
    this.process.stdout.pipe(log);
    this.process.stderr.pipe(log);
  }

  /** Resolves when /healthz answers; rejects when the process exits or `ms` pass. */
  async waitUntilHealthy(ms) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`code-server exited with ${this.process.exitCode}`);
      const up = await fetch(`http://${this.host}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await sleep(250);
    }
    throw new Error(`code-server did not answer /healthz within ${ms} ms`);
  }

  /** `vscode-remote://` URI of a path on this machine, as the workbench's payload wants it. */
  remoteUri(file) {
    return `vscode-remote://${this.host}${file}`;
  }

  groupAlive() {
    try {
      process.kill(-this.process.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM to the whole process group, SIGKILL to whatever is left after 3 s. */
  async stop() {
    if (!this.process.pid) return;
    try {
      process.kill(-this.process.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 30 && this.groupAlive(); i++) await sleep(100);
    if (this.groupAlive()) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 20 && this.groupAlive(); i++) await sleep(100);
    }
  }

  logTail(lines) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
