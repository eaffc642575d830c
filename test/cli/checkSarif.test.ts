// `alloy check --format sarif`: SARIF 2.1.0 for code scanning.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../server/src/core/document/diagnosticCodes';
import packageJson from '../../package.json';
import { spawnCli } from './cliHarness';

const P = 'examples/checkout-service/.alloy';

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: string };
}

interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> };
  message?: { text: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
}

function sarifOfExample() {
  const run = spawnCli(['check', 'examples/checkout-service', '--format', 'sarif']);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as {
    $schema: string;
    version: string;
    runs: { tool: { driver: { name: string; version: string; rules: SarifRule[] } }; columnKind: string; results: SarifResult[] }[];
  };
}

test('sarif log: version, schema, one run, driver "alloy" with one rule per diagnostic code', () => {
  const log = sarifOfExample();
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'alloy');
  assert.equal(run.tool.driver.version, packageJson.version);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.deepEqual(
    run.tool.driver.rules,
    Object.entries(DIAGNOSTIC_CODES).map(([id, { severity, doc }]) => ({
      id,
      shortDescription: { text: doc },
      defaultConfiguration: { level: severity === 'error' ? 'error' : 'warning' },
    })),
  );
  assert.equal(run.results.length, 28);
  for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
});

test('sarif result: ruleId, level, message, relative uri and 1-based region', () => {
  const [run] = sarifOfExample().runs;
  const key = run.results.find((r) => r.ruleId === 'idempotency-key-mismatch')!;
  assert.deepEqual(key, {
    ruleId: 'idempotency-key-mismatch',
    ruleIndex: Object.keys(DIAGNOSTIC_CODES).indexOf('idempotency-key-mismatch'),
    level: 'error',
    message: {
      text: 'The idempotency key does not match the request: its seven key inputs hash to sha256:985d239c1e019f560c4b29051ef85286a26b25cb588879572ab28253885ecc77.',
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: `${P}/requests/broken-key-mismatch.json` },
          region: { startLine: 4, startColumn: 22, endLine: 4, endColumn: 95 },
        },
      },
    ],
  });
  const warning = run.results.find((r) => r.ruleId === 'no-reporting')!;
  assert.equal(warning.level, 'warning');
});

test('sarif related locations carry the related information (a brief-invalid points at the brief error)', () => {
  const [run] = sarifOfExample().runs;
  const invalid = run.results.find((r) => r.ruleId === 'brief-invalid')!;
  assert.deepEqual(invalid.relatedLocations, [
    {
      id: 0,
      physicalLocation: {
        artifactLocation: { uri: `${P}/briefs/broken-compiled-without-evidence.yaml` },
        region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 },
      },
      message: { text: 'schema: Missing property "evidence_plan". Required when status is "compiled".' },
    },
  ]);
});
