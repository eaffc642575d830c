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

export class CodeServer {
  constructor({ node24, codeServer, tmp, workspace, port, env }) {
    this.host = `127.0.0.1:${port}`;
    this.logFile = path.join(tmp, 'code-server.log');
    const dir = (name) => {
      const made = path.join(tmp, name);
      fs.mkdirSync(made, { recursive: true });
      return made;
    };
    const config = path.join(tmp, 'config.yaml');
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
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      dir('user-data'),
      '--extensions-dir',
      dir('extensions'),
      // Without the smoke-test driver the workbench ignores extensionDevelopmentPath/extensionTestsPath.
      '--vscode-option',
      'enable-smoke-test-driver',
      workspace,
    ];
    // VS Code puts IPC sockets in the temp folder and code-server its state under XDG folders: point both
    // into `tmp`, which the harness deletes, so a run leaves nothing behind.
    const xdg = dir('xdg');
    const sockets = dir('t');
    this.process = spawn(node24, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...env,
        TMPDIR: sockets,
        XDG_CONFIG_HOME: xdg,
        XDG_DATA_HOME: xdg,
        XDG_CACHE_HOME: xdg,
        XDG_RUNTIME_DIR: sockets,
      },
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
