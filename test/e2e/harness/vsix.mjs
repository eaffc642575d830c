// The packaged extension, as a user gets it: `npm run package` (vsce package, which runs
// vscode:prepublish = the build) writes a .vsix, and code-server installs it into an extensions
// folder with `--install-extension`, exactly as `code --install-extension` would.

import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { isolatedEnv } from './codeServer.mjs';
import { repositoryDir } from './tools.mjs';

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL', ...options }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error) {
        const why = error.killed ? `timed out after ${options.timeout} ms` : `exited with ${error.code}`;
        reject(new Error(`${path.basename(command)} ${args.join(' ')} ${why}:\n${output.trim().split('\n').slice(-20).join('\n')}`));
      } else resolve(output);
    });
  });
}

/** Builds `out` with the repository's `package` script; resolves with the .vsix path. */
export async function packageVsix(out) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['run', '--silent', 'package', '--', '--out', out], { cwd: repositoryDir, timeout: 120000 });
  if (!fs.existsSync(out)) throw new Error(`npm run package succeeded but wrote no ${out}`);
  return out;
}

/** Installs `vsix` into `extensionsDir`; resolves with the folder of the installed extension. */
export async function installVsix({ node24, codeServer }, vsix, extensionsDir, home) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const output = await run(
    node24,
    [codeServer, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(home, 'install-user-data')],
    { timeout: 60000, env: { ...process.env, ...isolatedEnv(home) } },
  );
  if (!/was successfully installed/.test(output)) throw new Error(`code-server did not say the .vsix was installed:\n${output}`);
  const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(repositoryDir, 'package.json'), 'utf8'));
  const folder = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  if (!fs.existsSync(path.join(folder, 'package.json'))) throw new Error(`the installed extension is not in ${folder}`);
  return folder;
}
