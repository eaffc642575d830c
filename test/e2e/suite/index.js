// The real-editor suites for the extension under development, run inside VS Code's extension host
// (loaded through `extensionTestsPath`): language, the server's process, navigation, then submit,
// then a window reload. Plain CommonJS, no build step, no test framework: `run()` returns a
// Promise, rejected when any check fails — the shape @vscode/test-electron and code-server's
// smoke-test driver both expect.
//
// The reload restarts the extension host, and the workbench runs this module again: the first run
// leaves reload.json (see reload.js), the second run checks the restored panel and gives the verdict
// for both.

'use strict';

const { bridgeDir } = require('./lib/bridge');
const { runChecks, verdict } = require('./lib/checks');
const language = require('./language');
const navigation = require('./navigation');
const reload = require('./reload');
const server = require('./server');
const submit = require('./submit');

async function run() {
  const dir = bridgeDir();
  const carried = reload.afterReload(dir);
  if (carried) {
    const after = reload.checksAfter();
    const failures = [...carried.failures, ...(await runChecks(reload.suite, after))];
    return verdict(failures, carried.total + after.length);
  }
  const languageChecks = language.checks();
  const serverChecks = server.checks();
  const navigationChecks = navigation.checks();
  const submitChecks = submit.checks();
  const failures = [
    ...(await runChecks(language.suite, languageChecks)),
    ...(await runChecks(server.suite, serverChecks)),
    ...(await runChecks(navigation.suite, navigationChecks)),
    ...(await runChecks(submit.suite, submitChecks)),
  ];
  const total = languageChecks.length + serverChecks.length + navigationChecks.length + submitChecks.length;
  try {
    await reload.reloadWindow(dir, { failures, total });
  } catch (error) {
    console.log(`[alloy-e2e] FAIL reload › the window reloads: ${error && error.message}`);
    return verdict([...failures, 'reload › the window reloads'], total + 1);
  }
  return undefined;
}

module.exports = { run };
