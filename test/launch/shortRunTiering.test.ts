// The CLI's V8 tiering for a short run (server/src/launch/shortRunTiering.ts): which flags are
// set, that a flag the process was started with is left alone, and that this Node's V8 knows each
// flag (V8 ignores an unknown one set at run time, with only a line on stderr). That the launcher
// sets them before the bundle is compiled is in cliLauncher.test.ts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { applyShortRunTiering, SHORT_RUN_V8_FLAGS } from '../../server/src/launch/shortRunTiering';

test('the short-run flags are eight times V8 default interrupt budget, set one by one', () => {
  assert.deepEqual(SHORT_RUN_V8_FLAGS, ['--interrupt-budget=540672']);
  const set: string[] = [];
  assert.deepEqual(
    applyShortRunTiering(['--enable-source-maps'], (flags) => set.push(flags)),
    ['--interrupt-budget=540672'],
  );
  assert.deepEqual(set, ['--interrupt-budget=540672']);
});

test('a budget the process was started with wins, however it is spelt', () => {
  for (const given of ['--interrupt-budget=1000', '--interrupt_budget=1000', '--interrupt-budget']) {
    const set: string[] = [];
    assert.deepEqual(
      applyShortRunTiering([given], (flags) => set.push(flags)),
      [],
      given,
    );
    assert.deepEqual(set, [], given);
  }
  // A flag that only starts with the same words is another flag.
  const set: string[] = [];
  applyShortRunTiering(['--interrupt-budget-for-feedback-allocation=100'], (flags) => set.push(flags));
  assert.deepEqual(set, ['--interrupt-budget=540672']);
});

test('this V8 knows every short-run flag: set at run time, it prints nothing', () => {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8', timeout: 30_000 }).stdout;
  for (const flag of SHORT_RUN_V8_FLAGS) {
    const name = flag.split('=')[0];
    assert.match(options, new RegExp(`^\\s+${name} \\(`, 'm'), `${name} is not in node --v8-options`);
    const run = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '', flag);
  }
  // The check above can fail: an unknown flag does print.
  const unknown = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString('--no-such-alloy-flag')`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.match(unknown.stderr, /unrecognized flag --no-such-alloy-flag/);
});
