// Real-editor smoke test of the Alloy extension: code-server (VS Code 1.139) + headless chromium run
// test/e2e/suite/index.js inside a real extension host, on a temp copy of examples/checkout-service.
//
//   npm run build && bash test/e2e/setup.sh && node test/e2e/run.mjs
//
// Exit code: 0 when every check passed, 1 otherwise. Env: ALLOY_E2E_TIMEOUT_MS (overall bound, default
// 180000), ALLOY_E2E_KEEP_TMP=1 (keep the temp folder: logs, workspace copy, expected.json),
// ALLOY_E2E_NODE24 / ALLOY_E2E_CHROMIUM (use other binaries than the ones setup.sh installs).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeServer, freePort } from './harness/codeServer.mjs';
import { prepareWorkspace } from './harness/fixture.mjs';
import { locateTools, repositoryDir, suiteModule } from './harness/tools.mjs';
import { Workbench } from './harness/workbench.mjs';

const TIMEOUT_MS = Number(process.env.ALLOY_E2E_TIMEOUT_MS || 180000);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (...parts) => console.log(`[e2e +${elapsed()}]`, ...parts);

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-e2e-')));
let server;
let workbench;
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    await workbench?.close();
    await server?.stop();
    if (process.env.ALLOY_E2E_KEEP_TMP) log('kept', tmp);
    else fs.rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}

let finishing = false;

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  if (reason) log(reason);
  if (code !== 0 && server) console.log(`--- last lines of code-server's log ---\n${server.logTail(30)}\n---`);
  await cleanup();
  log(code === 0 ? 'PASSED' : 'FAILED', `in ${elapsed()}`);
  process.exit(code);
}

const overall = setTimeout(() => void finish(1, `overall timeout of ${TIMEOUT_MS} ms reached`), TIMEOUT_MS);
overall.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(1, `interrupted by ${signal}`));

async function main() {
  const tools = locateTools();
  const { workspace, expectedFile } = prepareWorkspace(repositoryDir, tmp);
  log('workspace copy', workspace);

  server = new CodeServer({ ...tools, tmp, workspace, port: await freePort(), env: { ALLOY_E2E_EXPECTED: expectedFile } });
  await server.waitUntilHealthy(60000);
  log('code-server up on', server.host);

  workbench = new Workbench(tools.chromium, tools.browser);
  await workbench.open({
    server,
    workspace,
    extensionDir: repositoryDir,
    testsModule: suiteModule,
    tmp,
    onLog: (type, text) => console.log(`  [extension host ${type}]`, text.slice(0, 4000)),
  });
  log('workbench ready');

  const remaining = TIMEOUT_MS - (Date.now() - started);
  const exitCode = await workbench.waitForExit(remaining);
  const results = workbench.lines.filter((line) => /^\[alloy-e2e\] (PASS|FAIL)/.test(line));
  if (results.length > 0) console.log(results.map((line) => `  ${line.split('\n')[0]}`).join('\n'));
  if (exitCode === null) {
    return finish(
      1,
      workbench.closed ? 'the workbench closed without reporting an exit code' : `overall timeout of ${TIMEOUT_MS} ms reached`,
    );
  }
  return finish(exitCode === 0 ? 0 : 1, `extension tests exited with ${exitCode}`);
}

main().catch((error) => finish(1, `harness error: ${error && error.stack ? error.stack : error}`));
