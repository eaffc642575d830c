// `alloy fix`, always on temporary copies of example files (never on the examples themselves).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { expectedKey } from '../core/fixtures';
import { copyExampleFiles, makeTempDir, readExample, removeTempDir, spawnCli } from './cliHarness';
import { canonicalText, sha256Of } from '../support/independentHash';

const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const STALE_OWN_DIGEST = 'sha256:' + 'ab'.repeat(32);

test('fix rewrites only the wrong digests and keys, briefs first, and the result checks clean', () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF, '.alloy/requests/broken-digest-mismatch.json', '.alloy/requests/broken-placeholders.json']);
    // A stale own digest in the brief copy, and a request written with tabs on a single indentation style.
    const briefPath = path.join(dir, BRIEF);
    const goodBrief = fs.readFileSync(briefPath, 'utf8');
    const briefData = parseYaml(goodBrief, { version: '1.2', schema: 'core' }) as Record<string, unknown>;
    const { digest: ownDigest, ...briefContent } = briefData;
    const digest = sha256Of(canonicalText(briefContent));
    assert.equal(ownDigest, digest);
    const staleBrief = goodBrief.replace(`digest: ${digest}`, `digest: ${STALE_OWN_DIGEST}`);
    assert.notEqual(staleBrief, goodBrief);
    fs.writeFileSync(briefPath, staleBrief);
    const keyRequest = JSON.parse(readExample('.alloy/requests/broken-key-mismatch.json'));
    const tabbed = JSON.stringify(keyRequest, null, '\t').replace('"brief": {', '"brief":   {');
    fs.writeFileSync(path.join(dir, '.alloy/requests/tabbed-key.json'), tabbed);

    const originals = {
      stale: fs.readFileSync(path.join(dir, '.alloy/requests/broken-digest-mismatch.json'), 'utf8'),
      placeholders: fs.readFileSync(path.join(dir, '.alloy/requests/broken-placeholders.json'), 'utf8'),
    };

    const run = spawnCli(['fix', '.'], dir);
    assert.deepEqual(run, {
      code: 0,
      stdout:
        'fixed .alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml\n' +
        'fixed .alloy/requests/broken-digest-mismatch.json\n' +
        'fixed .alloy/requests/broken-placeholders.json\n' +
        'fixed .alloy/requests/tabbed-key.json\n',
      stderr: '',
    });

    // Byte for byte: only the values changed; comments, blank lines and formatting stayed.
    assert.equal(fs.readFileSync(briefPath, 'utf8'), goodBrief);
    assert.match(fs.readFileSync(briefPath, 'utf8'), /^# Formation Brief for the checkout payment work/);

    const stale = JSON.parse(originals.stale);
    assert.equal(
      fs.readFileSync(path.join(dir, '.alloy/requests/broken-digest-mismatch.json'), 'utf8'),
      originals.stale.replace(stale.brief.digest, digest).replace(stale.idempotency_key, expectedKey(stale, digest)),
    );
    const placeholders = JSON.parse(originals.placeholders);
    assert.equal(
      fs.readFileSync(path.join(dir, '.alloy/requests/broken-placeholders.json'), 'utf8'),
      originals.placeholders
        .replace('"idempotency_key": "sha256:example"', `"idempotency_key": "${expectedKey(placeholders, digest)}"`)
        .replace('"digest": "sha256:example"', `"digest": "${digest}"`),
    );
    assert.equal(
      fs.readFileSync(path.join(dir, '.alloy/requests/tabbed-key.json'), 'utf8'),
      tabbed.replace(keyRequest.idempotency_key, expectedKey(keyRequest, keyRequest.brief.digest)),
    );

    assert.deepEqual(spawnCli(['check', '.'], dir), { code: 0, stdout: '', stderr: '0 errors, 0 warnings in 4 files\n' });
    // A second run has nothing left to do.
    assert.deepEqual(spawnCli(['fix', '.'], dir), { code: 0, stdout: '', stderr: '' });
  } finally {
    removeTempDir(dir);
  }
});

test('fix exits 1 and leaves the file as it was when the remaining errors are not digests or keys', () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF, '.alloy/requests/broken-schema.json']);
    const before = fs.readFileSync(path.join(dir, '.alloy/requests/broken-schema.json'), 'utf8');
    const run = spawnCli(['fix', '.alloy/requests/broken-schema.json'], dir);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: '3 errors remain in 1 file; run "alloy check" to list them\n' });
    assert.equal(fs.readFileSync(path.join(dir, '.alloy/requests/broken-schema.json'), 'utf8'), before);
  } finally {
    removeTempDir(dir);
  }
});

test('fix of a missing path is an IO problem (exit 2), and fix needs a path', () => {
  const dir = makeTempDir();
  try {
    assert.deepEqual(spawnCli(['fix', 'nowhere.json'], dir), {
      code: 2,
      stdout: '',
      stderr: 'alloy: nowhere.json: no such file or folder\n',
    });
    const bare = spawnCli(['fix'], dir);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^alloy: "fix" needs at least one file or folder\n/);
  } finally {
    removeTempDir(dir);
  }
});

test('fix leaves a request with syntax errors as it is, says why, and exits 1 (its data, and a key from it, would be a guess)', () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF, '.alloy/requests/broken-digest-mismatch.json']);
    const file = path.join(dir, '.alloy/requests/broken-digest-mismatch.json');
    // A stale brief.digest, and a missing comma further down: jsonc-parser still reads a value
    // (and a key could be computed from it), but the text is not JSON data.
    const broken = fs
      .readFileSync(file, 'utf8')
      .replace('"schema_version": "alloy.foundry_execution_request.v1",', '"schema_version": "alloy.foundry_execution_request.v1"');
    assert.ok(broken.includes('"schema_version": "alloy.foundry_execution_request.v1"\n'));
    fs.writeFileSync(file, broken);
    const run = spawnCli(['fix', '.alloy/requests/broken-digest-mismatch.json'], dir);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'alloy: .alloy/requests/broken-digest-mismatch.json: brief.digest is wrong, but the file has syntax errors; not changed (fix them, then run "alloy fix" again)\n' +
        '2 errors remain in 1 file; run "alloy check" to list them\n',
    );
    assert.equal(fs.readFileSync(file, 'utf8'), broken);
  } finally {
    removeTempDir(dir);
  }
});

test("fix removes a request's leading byte order mark and nothing else, also in a file with syntax errors; a brief keeps its mark", () => {
  const dir = makeTempDir();
  try {
    const request = '.alloy/requests/broken-byte-order-mark.json';
    copyExampleFiles(dir, [BRIEF, request, '.alloy/requests/broken-syntax.json']);
    const marked = fs.readFileSync(path.join(dir, request));
    assert.deepEqual([...marked.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const syntax = path.join(dir, '.alloy/requests/broken-syntax.json');
    const syntaxText = fs.readFileSync(syntax, 'utf8');
    fs.writeFileSync(syntax, '\uFEFF' + syntaxText);
    const briefPath = path.join(dir, BRIEF);
    const briefText = fs.readFileSync(briefPath, 'utf8');
    fs.writeFileSync(briefPath, '\uFEFF' + briefText);

    const run = spawnCli(['fix', '.'], dir);
    assert.deepEqual(run, {
      code: 1,
      stdout: 'fixed .alloy/requests/broken-byte-order-mark.json\nfixed .alloy/requests/broken-syntax.json\n',
      stderr: '1 error remains in 1 file; run "alloy check" to list them\n',
    });
    assert.ok(fs.readFileSync(path.join(dir, request)).equals(marked.subarray(3)));
    assert.equal(fs.readFileSync(syntax, 'utf8'), syntaxText);
    assert.equal(fs.readFileSync(briefPath, 'utf8'), '\uFEFF' + briefText);
    assert.deepEqual(spawnCli(['check', request], dir), { code: 0, stdout: '', stderr: '0 errors, 0 warnings in 1 file\n' });
  } finally {
    removeTempDir(dir);
  }
});
