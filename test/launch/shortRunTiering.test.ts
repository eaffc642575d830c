// The CLI's V8 tiering for a short run (server/src/launch/shortRunTiering.ts): which flags are
// set, that a flag the process was started with is left alone, and that this Node's V8 knows each
// flag (V8 ignores an unknown one set at run time, with only a line on stderr). That the launcher
// sets them before the bundle is compiled is in cliLauncher.test.ts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { applyShortRunTiering, shortRunV8Flags } from '../../server/src/launch/shortRunTiering';

const V8_11 = '11.3.244.8-node.38';

test('on V8 11 (Node 20) the short-run flags are eight times its default interrupt budget, set one by one', () => {
  assert.deepEqual(shortRunV8Flags(V8_11), ['--interrupt-budget=540672']);
  const set: string[] = [];
  assert.deepEqual(
    applyShortRunTiering(['--enable-source-maps'], V8_11, (flags) => set.push(flags)),
    ['--interrupt-budget=540672'],
  );
  assert.deepEqual(set, ['--interrupt-budget=540672']);
});

test('a budget the process was started with wins, however it is spelt', () => {
  for (const given of ['--interrupt-budget=1000', '--interrupt_budget=1000', '--interrupt-budget']) {
    const set: string[] = [];
    assert.deepEqual(
      applyShortRunTiering([given], V8_11, (flags) => set.push(flags)),
      [],
      given,
    );
    assert.deepEqual(set, [], given);
  }
  // A flag that only starts with the same words is another flag.
  const set: string[] = [];
  applyShortRunTiering(['--interrupt-budget-for-feedback-allocation=100'], V8_11, (flags) => set.push(flags));
  assert.deepEqual(set, ['--interrupt-budget=540672']);
});

test('a V8 with no interrupt budget, or one not measured, gets no flag at all', () => {
  // Node 22 has V8 12.4 and Node 24 V8 13.6: neither knows --interrupt-budget.
  for (const version of ['12.4.254.21-node.57', '13.6.233.17-node.53', '10.2.154.26-node.26', '', 'unknown']) {
    assert.deepEqual(shortRunV8Flags(version), [], version);
    const set: string[] = [];
    assert.deepEqual(
      applyShortRunTiering([], version, (flags) => set.push(flags)),
      [],
      version,
    );
    assert.deepEqual(set, [], version);
  }
});

test('this V8 knows every short-run flag it is given: set at run time, each prints nothing', () => {
  const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8', timeout: 30_000 }).stdout;
  const flags = shortRunV8Flags(process.versions.v8);
  // The suite runs on Node 20, where the flags are not empty; elsewhere there is nothing to test.
  if (process.versions.v8.startsWith('11.')) assert.ok(flags.length > 0);
  for (const flag of flags) {
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
