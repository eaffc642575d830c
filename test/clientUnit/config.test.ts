// The settings are read through one typed function: defaults, trimming, wrong types named (never
// silently replaced), and the engine options and budget derived from them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONFIG_DEFAULTS, engineOptionsOf, readAlloyConfig, totalBudgetMs } from '../../client/src/config';

function source(values: Record<string, unknown>) {
  return { get: (key: string) => values[key] };
}

test('nothing set: every default, no problems', () => {
  assert.deepEqual(readAlloyConfig(source({})), { ...CONFIG_DEFAULTS, problems: [] });
});

test('values are read by their setting names and strings are trimmed', () => {
  const config = readAlloyConfig(
    source({
      'submit.endpoint': '  http://127.0.0.1:7311/v1/projects/{project_id}/execution-requests \n',
      'submit.transport': 'foundry-cli',
      'foundry.cliPath': '/opt/foundry/bin/foundry',
      'submit.ledgerPath': '~/ledger.jsonl',
      'submit.maxAttempts': 3,
      'submit.timeoutMs': 2500,
      'submit.resendWindowHours': 1.5,
      'reports.maxBodyBytes': 4096,
      'codeLens.enabled': false,
      analyzeWorkspaceOnStartup: false,
    }),
  );
  assert.equal(config.endpoint, 'http://127.0.0.1:7311/v1/projects/{project_id}/execution-requests');
  assert.equal(config.transport, 'foundry-cli');
  assert.equal(config.foundryCliPath, '/opt/foundry/bin/foundry');
  assert.equal(config.ledgerPath, '~/ledger.jsonl');
  assert.equal(config.maxAttempts, 3);
  assert.equal(config.timeoutMs, 2500);
  assert.equal(config.resendWindowHours, 1.5);
  assert.equal(config.maxBodyBytes, 4096);
  assert.equal(config.codeLensEnabled, false);
  assert.equal(config.analyzeWorkspaceOnStartup, false);
  assert.deepEqual(config.problems, []);
});

test('a value of the wrong type is named with the default that is used instead', () => {
  const config = readAlloyConfig(source({ 'submit.maxAttempts': '5', 'codeLens.enabled': 'yes', 'submit.timeoutMs': Number.NaN }));
  assert.equal(config.maxAttempts, 5);
  assert.equal(config.codeLensEnabled, true);
  assert.equal(config.timeoutMs, 10000);
  assert.deepEqual(config.problems, [
    'alloy.codeLens.enabled must be a boolean, not "yes"; the default true is used',
    'alloy.submit.maxAttempts must be a number, not "5"; the default 5 is used',
    'alloy.submit.timeoutMs must be a number, not null; the default 10000 is used',
  ]);
});

test('an unknown transport name is passed on as written, for the engine to refuse in words', () => {
  assert.equal(engineOptionsOf(readAlloyConfig(source({ 'submit.transport': 'carrier-pigeon' }))).transport, 'carrier-pigeon');
});

test('engine options: attempts, per-attempt timeout, a budget with room for every attempt, the re-send window in ms', () => {
  const options = engineOptionsOf(
    readAlloyConfig(source({ 'submit.maxAttempts': 4, 'submit.timeoutMs': 60000, 'submit.resendWindowHours': 2 })),
  );
  assert.deepEqual(options, {
    transport: 'http',
    endpoint: '',
    retry: { maxAttempts: 4, attemptTimeoutMs: 60000, totalBudgetMs: 240000 },
    resendWindowMs: 7200000,
    foundryCliPath: 'foundry',
  });
});

test('the total budget is at least two minutes and at most a day', () => {
  assert.equal(totalBudgetMs({ maxAttempts: 5, timeoutMs: 10000 }), 120000);
  assert.equal(totalBudgetMs({ maxAttempts: 20, timeoutMs: 600000 }), 12000000);
  assert.equal(totalBudgetMs({ maxAttempts: 20, timeoutMs: 600000000 }), 86400000);
});
