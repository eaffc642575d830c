// `alloy migrate BRIEF [--write] [--diff]`: prints the migrated text (or a diff) of a pre-v1 brief,
// or writes it in place; each change on stderr; after --write `alloy check` finds only the
// marked placeholders. Refusals and usage problems have their exit codes and messages.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core/rules/fileAnalysis';
import { migrateBrief } from '../../server/src/core/editing/briefMigration';
import { makeTempDir, removeTempDir, runInProcess, spawnCli } from './cliHarness';
import { MINIMAL_JSON, MINIMAL_V1, SECTIONS_YAML } from '../core/preV1Templates';

const BRIEF = '.alloy/briefs/checkout-payment.yaml';

function workspaceWith(files: Record<string, string>): string {
  const dir = makeTempDir();
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}

function coreText(file: string, text: string): string {
  const result = migrateBrief(analyzeFile(file, text)!);
  assert.ok(result.ok);
  return result.text;
}

test('migrate prints the migrated text byte for byte, lists each change on stderr, and leaves the file alone', () => {
  const dir = workspaceWith({ [BRIEF]: SECTIONS_YAML });
  try {
    const run = spawnCli(['migrate', BRIEF], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, coreText(path.join(dir, BRIEF), SECTIONS_YAML));
    assert.equal(fs.readFileSync(path.join(dir, BRIEF), 'utf8'), SECTIONS_YAML);
    const lines = run.stderr.split('\n');
    assert.ok(lines.includes(`alloy: ${BRIEF}: schema_version: added: alloy.formation_brief.v1`), run.stderr);
    assert.ok(lines.includes(`alloy: ${BRIEF}: strategies_to_prefer: renamed to preferred_strategies`));
    assert.ok(lines.includes(`alloy: ${BRIEF}: created_by: left as a placeholder: who created the brief`));
    assert.ok(
      lines.includes(
        `alloy: ${BRIEF}: foundry_runtime.throttle: "dry_run_first_then_full" is not a Foundry throttle: made dry_run (a person approves full separately)`,
      ),
    );
    assert.equal(lines[lines.length - 2], '3 placeholders to fill in ("TODO(alloy migrate): …", each a placeholder diagnostic)');
  } finally {
    removeTempDir(dir);
  }
});

test('migrate --write rewrites the brief in place; alloy check then reports only the placeholders', async () => {
  const dir = workspaceWith({ [BRIEF]: SECTIONS_YAML });
  try {
    const run = await runInProcess(['migrate', BRIEF, '--write'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `migrated ${BRIEF}\n`);
    const written = fs.readFileSync(path.join(dir, BRIEF), 'utf8');
    assert.equal(written, coreText(path.join(dir, BRIEF), SECTIONS_YAML));
    const check = spawnCli(['check', '.', '--format', 'json'], dir);
    assert.equal(check.code, 1);
    const report = JSON.parse(check.stdout) as { file: string; line: number; column: number; code: string }[];
    const lineOf = (needle: string) => written.slice(0, written.indexOf(needle)).split('\n').length;
    assert.deepEqual(
      report.map((d) => [d.file, d.line, d.code]),
      [
        [BRIEF, lineOf('created_by: "TODO'), 'placeholder'],
        [BRIEF, lineOf('  - id: "TODO'), 'placeholder'],
        [BRIEF, lineOf('  - id: "TODO') + 3, 'placeholder'],
      ],
    );
    assert.equal(spawnCli(['check', '.'], dir).stderr, '3 errors, 0 warnings in 1 file\n');
    // A second migration is refused: the file is v1 now.
    const again = await runInProcess(['migrate', BRIEF], dir);
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr,
      `alloy: ${BRIEF} is not migrated: it already has schema_version "alloy.formation_brief.v1"; only a pre-v1 brief (without one) is migrated\n`,
    );
  } finally {
    removeTempDir(dir);
  }
});

test('migrate --write on the JSON template writes the v1 data; --diff shows the change without writing', async () => {
  const file = '.alloy/briefs/example.json';
  const dir = workspaceWith({ [file]: MINIMAL_JSON });
  try {
    const diff = await runInProcess(['migrate', file, '--diff'], dir);
    assert.equal(diff.code, 0, diff.stderr);
    const lines = diff.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 2), [`--- ${file} (pre-v1)`, `+++ ${file} (v1)`]);
    assert.ok(lines.includes('-  "brief_id": "alloy.brief.example",'), diff.stdout);
    assert.ok(lines.includes('+  "schema_version": "alloy.formation_brief.v1",'));
    assert.ok(lines.includes('+  "id": "brief_example",'));
    assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), MINIMAL_JSON);
    const write = await runInProcess(['migrate', file, '--write'], dir);
    assert.equal(write.code, 0);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), MINIMAL_V1);
    assert.match(write.stderr, /\n4 placeholders to fill in /);
  } finally {
    removeTempDir(dir);
  }
});

test('migrate refuses what is not a pre-v1 brief, and reports usage and IO problems with exit 2', async () => {
  const dir = workspaceWith({
    '.alloy/briefs/broken.json': '{ "brief_id": "x", ',
    '.alloy/requests/run.json': '{ "schema_version": "alloy.foundry_execution_request.v1" }',
  });
  try {
    const broken = await runInProcess(['migrate', '.alloy/briefs/broken.json'], dir);
    assert.equal(broken.code, 1);
    const [first, second, third] = broken.stderr.split('\n');
    assert.equal(first, 'alloy: .alloy/briefs/broken.json is empty or not valid JSON data, so it cannot be migrated:');
    assert.match(second, /^\.alloy\/briefs\/broken\.json:1:3: error pre-v1-brief .*: fix its syntax errors, then migrate it /);
    assert.equal(third, '.alloy/briefs/broken.json:1:20: error syntax Property name expected');
    const request = await runInProcess(['migrate', '.alloy/requests/run.json'], dir);
    assert.equal(request.code, 1);
    assert.match(request.stderr, /^alloy: \.alloy\/requests\/run\.json is not migrated: it already has schema_version /);
    assert.deepEqual(await runInProcess(['migrate', 'nope.yaml'], dir), {
      code: 2,
      stdout: '',
      stderr: 'alloy: nope.yaml: no such file\n',
    });
    const none = await runInProcess(['migrate'], dir);
    assert.deepEqual(none, {
      code: 2,
      stdout: '',
      stderr: 'alloy: "migrate" needs exactly one brief file\nRun "alloy --help" for usage.\n',
    });
    const two = await runInProcess(['migrate', 'a.yaml', 'b.yaml'], dir);
    assert.equal(two.code, 2);
    const foreign = await runInProcess(['check', '--write'], dir);
    assert.deepEqual(foreign, { code: 2, stdout: '', stderr: 'alloy: "check" does not take --write\nRun "alloy --help" for usage.\n' });
  } finally {
    removeTempDir(dir);
  }
});

test('the help text documents migrate with --write and --diff', async () => {
  const help = await runInProcess(['--help']);
  assert.match(help.stdout, /\n {2}migrate <brief> \[--write\] \[--diff\]\n/);
});
