// `alloy digest BRIEF` and `alloy key REQUEST`, against hashes computed independently here.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { EXAMPLE, makeTempDir, readExample, removeTempDir, runInProcess, spawnCli } from './cliHarness';
import { canonicalText, sha256Of } from '../support/independentHash';

const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const REQUEST = '.alloy/requests/checkout-payment.json';

test('digest of a simple brief is sha256 of its sorted-key JSON without "digest", in YAML and JSON alike', () => {
  const dir = makeTempDir();
  try {
    const data = {
      schema_version: 'alloy.formation_brief.v1',
      id: 'brief_SIMPLE',
      version: 2,
      project_id: 'shop',
      created_at: '2026-01-02T03:04:05Z',
      created_by: 'ana',
      status: 'draft',
      mission: { objective: 'Try it.' },
      foundry: { entry_event: 'scan_requested', throttle: 'dry_run', payload: { max_iterations: 1 } },
    };
    const expected = sha256Of(canonicalText(data));
    fs.writeFileSync(path.join(dir, 'simple.json'), JSON.stringify({ ...data, digest: 'sha256:' + 'a'.repeat(64) }, null, 4));
    fs.writeFileSync(
      path.join(dir, 'simple.yaml'),
      '# comments do not count\nstatus: draft\nid: brief_SIMPLE\nversion: 2\nschema_version: alloy.formation_brief.v1\n' +
        'project_id: shop\ncreated_at: 2026-01-02T03:04:05Z\ncreated_by: ana\nmission: {objective: Try it.}\n' +
        'foundry:\n  payload: {max_iterations: 1}\n  throttle: dry_run\n  entry_event: scan_requested\n',
    );
    assert.deepEqual(spawnCli(['digest', 'simple.json'], dir), { code: 0, stdout: `${expected}\n`, stderr: '' });
    assert.deepEqual(spawnCli(['digest', 'simple.yaml'], dir), { code: 0, stdout: `${expected}\n`, stderr: '' });
  } finally {
    removeTempDir(dir);
  }
});

test("digest of the example brief equals an independent hash and the brief's own digest member", () => {
  const data = parseYaml(readExample(BRIEF), { version: '1.2', schema: 'core' }) as Record<string, unknown>;
  const { digest: own, ...content } = data;
  const expected = sha256Of(canonicalText(content));
  const run = spawnCli(['digest', BRIEF], EXAMPLE);
  assert.deepEqual(run, { code: 0, stdout: `${expected}\n`, stderr: '' });
  assert.equal(own, expected);
});

test("key of the example request equals an independent hash of its seven inputs and the file's key", () => {
  const request = JSON.parse(readExample(REQUEST));
  const inputs = {
    brief_digest: request.brief.digest,
    entry_event: request.foundry.entry_event,
    payload: request.foundry.payload,
    project_id: request.project_id,
    repo_revision: request.repo.revision,
    requested_by: request.requested_by,
    throttle: request.foundry.throttle,
  };
  const expected = sha256Of(canonicalText(inputs));
  assert.deepEqual(spawnCli(['key', REQUEST], EXAMPLE), { code: 0, stdout: `${expected}\n`, stderr: '' });
  assert.equal(request.idempotency_key, expected);
});

test('key without requested_by hashes it as null', async () => {
  const dir = makeTempDir();
  try {
    const request = JSON.parse(readExample(REQUEST));
    delete request.requested_by;
    fs.writeFileSync(path.join(dir, 'r.json'), JSON.stringify(request));
    const expected = sha256Of(
      canonicalText({
        brief_digest: request.brief.digest,
        entry_event: 'iteration_requested',
        payload: request.foundry.payload,
        project_id: 'checkout-service',
        repo_revision: 'abc123',
        requested_by: null,
        throttle: 'dry_run',
      }),
    );
    assert.deepEqual(await runInProcess(['key', 'r.json'], dir), { code: 0, stdout: `${expected}\n`, stderr: '' });
  } finally {
    removeTempDir(dir);
  }
});

test('key exits 1 when a key input is missing, or the file is not a request', async () => {
  const dir = makeTempDir();
  try {
    const request = JSON.parse(readExample(REQUEST));
    delete request.foundry.payload;
    fs.writeFileSync(path.join(dir, 'r.json'), JSON.stringify(request));
    const missing = spawnCli(['key', 'r.json'], dir);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.equal(
      missing.stderr,
      'alloy: r.json: a key input is missing or has the wrong type; the key needs brief.digest, foundry.entry_event, ' +
        'foundry.payload, project_id, repo.revision, requested_by (optional), foundry.throttle\n',
    );
    const brief = await runInProcess(['key', BRIEF], EXAMPLE);
    assert.deepEqual(brief, { code: 1, stdout: '', stderr: `alloy: ${BRIEF} is not a Foundry Execution Request\n` });
  } finally {
    removeTempDir(dir);
  }
});

test('digest exits 1 when the brief is not JSON data, listing why', async () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy', 'briefs'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.alloy', 'briefs', 'b.yaml'), 'schema_version: alloy.formation_brief.v1\nid: brief_A\nratio: .nan\n');
    const run = spawnCli(['digest', '.alloy/briefs/b.yaml'], dir);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const lines = run.stderr.split('\n');
    assert.equal(lines[0], 'alloy: .alloy/briefs/b.yaml is empty or not valid JSON data, so it has no digest:');
    assert.ok(lines.includes('.alloy/briefs/b.yaml:3:8: error schema JSON cannot represent .nan or .inf, so the file cannot be digested'));
    const request = await runInProcess(['digest', REQUEST], EXAMPLE);
    assert.deepEqual(request, { code: 1, stdout: '', stderr: `alloy: ${REQUEST} is not a Formation Brief (it reads as a request)\n` });
  } finally {
    removeTempDir(dir);
  }
});
