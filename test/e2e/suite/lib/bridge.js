// The in-host half of the file bridge to the test process (test/e2e/harness/bridge.mjs): `ask`
// writes `<dir>/asks/<id>.json` and waits for `<dir>/answers/<id>.json`. The test process answers
// what the extension host cannot see: the workbench DOM (Playwright), screenshots, the dev intake.
// Without ALLOY_E2E_BRIDGE=1 (for example under @vscode/test-electron, which has no page to drive)
// DOM questions are answered "skipped" here, at once.

'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { sleep } = require('./wait');

const ASK_MS = 30000;

function bridgeDir() {
  const dir = process.env.ALLOY_E2E_DIR;
  if (!dir) throw new Error('ALLOY_E2E_DIR is not set: run these suites through test/e2e/run.mjs or test/e2e/electron.mjs');
  return dir;
}

/** True when a workbench page is being driven (code-server + Playwright), so DOM questions get answers. */
function hasPage() {
  return process.env.ALLOY_E2E_BRIDGE === '1';
}

/**
 * Asks the test process `kind` with `args`; resolves with its answer's value, rejects with its error
 * or after `ms`. DOM kinds (`dom:*`, `screenshot`) resolve with { skipped } when there is no page.
 */
async function ask(kind, args = {}, ms = ASK_MS) {
  if (!hasPage() && (kind.startsWith('dom:') || kind === 'screenshot')) return { skipped: 'no workbench page to look at' };
  const dir = bridgeDir();
  const id = `${Date.now()}-${crypto.randomBytes(4).toString('hex')}`;
  const asks = path.join(dir, 'asks');
  const answer = path.join(dir, 'answers', `${id}.json`);
  fs.mkdirSync(asks, { recursive: true });
  const file = path.join(asks, `${id}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ id, kind, args }));
  fs.renameSync(`${file}.tmp`, file);
  const start = Date.now();
  while (!fs.existsSync(answer)) {
    if (Date.now() - start > ms)
      throw new Error(`the test process did not answer "${kind}" within ${ms} ms (is test/e2e/run.mjs driving this run?)`);
    await sleep(50);
  }
  const reply = JSON.parse(fs.readFileSync(answer, 'utf8'));
  if (!reply.ok) throw new Error(`${kind}: ${reply.error}`);
  return reply.value;
}

module.exports = { ask, hasPage, bridgeDir };
