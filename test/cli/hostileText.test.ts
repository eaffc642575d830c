// File content cannot inject lines or terminal controls into the CLI's text: a branch name, an
// unknown key and a file name carrying a newline plus `::error file=…::` (a GitHub Actions
// workflow command), ESC[2J, CR, U+2028 and other controls are printed escaped, one line per
// diagnostic; JSON and SARIF keep the exact values (JSON escapes them) and no line of any format
// starts with `::`.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { idempotencyKey, keyInputs, type JsonValue } from '../../server/src/core';
import { visibleText } from '../../server/src/submission';
import { copyExampleFiles, makeTempDir, readExample, removeTempDir, runInProcess } from './cliHarness';
import { cliRuntime } from './submitHarness';

const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const PAYMENT = '.alloy/requests/checkout-payment.json';

/** Every character class the text format must not print raw. */
const HOSTILE = 'x\n::error file=x::boom\u001b[2J\rY\u2028::stop-commands::z\u2029\t\u0000\u007f\u009b31m\u202e';
const HOSTILE_SHOWN = 'x\\n::error file=x::boom\\u001b[2J\\rY\\u2028::stop-commands::z\\u2029\\t\\u0000\\u007f\\u009b31m\\u202e';

/** Raw bytes that would break a line or drive a terminal: C0 but LF, DEL, C1, U+2028/9, bidi overrides. */
function rawControls(output: string, allowed = '\n'): string[] {
  return [...output].filter((c) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(c) && !allowed.includes(c));
}

/** Lines as a CI runner splits them (LF, CR, CRLF). */
function runnerLines(output: string): string[] {
  return output.split(/\r\n|\r|\n/);
}

function hostileRequest(dir: string, name: string): string {
  const request = JSON.parse(readExample(PAYMENT)) as { repo: { branch: string }; foundry: { throttle: string } } & Record<string, unknown>;
  request.repo.branch = HOSTILE;
  request.foundry.throttle = 'full';
  request[HOSTILE] = 1;
  request.idempotency_key = idempotencyKey(keyInputs(request as JsonValue)!);
  const file = path.join(dir, '.alloy', 'requests', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(request, null, 2) + '\n');
  return file;
}

test('the escaping: JSON-like escapes for every control character, U+2028/9 and bidi overrides; nothing else changes', () => {
  assert.equal(visibleText(HOSTILE), HOSTILE_SHOWN);
  assert.equal(visibleText('\u0001\u001f\u0080\u0085\u009f\u2066\u2069'), '\\u0001\\u001f\\u0080\\u0085\\u009f\\u2066\\u2069');
  const plain = 'Zoë 😀 "quoted" \\ back\\slash, C:\\path, €, \u00a0no-break, \u200d joiner';
  assert.equal(visibleText(plain), plain);
  assert.equal(visibleText(HOSTILE_SHOWN), HOSTILE_SHOWN, 'escaping twice changes nothing');
});

test('alloy check text: one line per diagnostic, no raw control character, the values shown escaped', async () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF]);
    hostileRequest(dir, 'evil.json');
    const json = await runInProcess(['check', '--format', 'json'], dir);
    const diagnostics = JSON.parse(json.stdout) as { message: string; code: string }[];
    // The hostile values reach at least three messages: the unknown key, and the branch twice.
    assert.deepEqual(
      diagnostics.filter((d) => d.message.includes(HOSTILE)).map((d) => d.code),
      ['mutating-on-shared-branch', 'schema', 'unknown-property'],
    );

    const text = await runInProcess(['check'], dir);
    assert.equal(text.code, 1);
    assert.deepEqual(rawControls(text.stdout), []);
    assert.deepEqual(rawControls(text.stderr), []);
    const lines = text.stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, diagnostics.length, 'exactly one line per diagnostic');
    for (const [i, line] of lines.entries()) {
      assert.match(line, /^\.alloy\/requests\/evil\.json:\d+:\d+: (error|warning) [a-z-]+ /);
      assert.equal(
        line,
        line.slice(0, line.indexOf(diagnostics[i].code)) + diagnostics[i].code + ' ' + visibleText(diagnostics[i].message),
      );
    }
    assert.equal(lines.filter((l) => l.includes(HOSTILE_SHOWN)).length, 3);
    assert.ok(runnerLines(text.stdout).every((l) => !l.trimStart().startsWith('::')));
  } finally {
    removeTempDir(dir);
  }
});

test('JSON and SARIF keep the exact values, and no line of any format starts with ::', async () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF]);
    hostileRequest(dir, 'evil.json');
    for (const format of ['text', 'json', 'sarif']) {
      const run = await runInProcess(['check', '--format', format], dir);
      assert.equal(run.code, 1, format);
      for (const stream of [run.stdout, run.stderr]) {
        assert.ok(
          runnerLines(stream).every((l) => !l.trimStart().startsWith('::')),
          format,
        );
        // JSON escapes every C0 character; text escapes more (see above).
        assert.deepEqual(
          [...stream].filter((c) => c < ' ' && c !== '\n'),
          [],
          format,
        );
      }
    }
    const sarif = JSON.parse((await runInProcess(['check', '--format', 'sarif'], dir)).stdout);
    const messages = sarif.runs[0].results.map((r: { message: { text: string } }) => r.message.text) as string[];
    assert.equal(messages.filter((m) => m.includes(HOSTILE)).length, 3, 'SARIF holds the exact values');
  } finally {
    removeTempDir(dir);
  }
});

test('a file name with a newline and a workflow command: check and fix name it escaped, on one line', async () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF]);
    const name = 'a\n::error file=x::boom\u001b[2J.json';
    const request = JSON.parse(readExample('.alloy/requests/broken-key-mismatch.json'));
    fs.mkdirSync(path.join(dir, '.alloy', 'requests'));
    fs.writeFileSync(path.join(dir, '.alloy', 'requests', name), JSON.stringify(request, null, 2));
    const shown = '.alloy/requests/a\\n::error file=x::boom\\u001b[2J.json';

    const check = await runInProcess(['check'], dir);
    assert.equal(check.code, 1);
    assert.match(check.stdout, new RegExp(`^${shown.replace(/[\\[\].]/g, '\\$&')}:4:22: error idempotency-key-mismatch [^\n]+\n$`));

    const fix = await runInProcess(['fix', '.'], dir);
    assert.deepEqual(fix, { code: 0, stdout: `fixed ${shown}\n`, stderr: '' });
  } finally {
    removeTempDir(dir);
  }
});

test('alloy submit: the refusal lists the hostile diagnostics escaped, exactly as alloy check prints them', async () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF]);
    hostileRequest(dir, 'evil.json');
    const file = '.alloy/requests/evil.json';
    const check = await runInProcess(['check', file], dir);
    const errors = check.stdout.split('\n').filter((line) => line.includes(': error '));
    assert.equal(errors.length, 1);
    assert.ok(errors[0].includes(HOSTILE_SHOWN));
    const runtime = cliRuntime({ ALLOY_LEDGER: path.join(dir, 'ledger.jsonl') });
    const run = await runInProcess(['submit', file, '--endpoint', 'http://127.0.0.1:9/run-requests'], dir, runtime);
    assert.deepEqual(run, {
      code: 2,
      stdout: `Not sent: ${file} has 1 error (the same ones \`alloy check\` reports):\n  ${errors[0]}\n`,
      stderr: '',
    });
    assert.equal(fs.existsSync(path.join(dir, 'ledger.jsonl')), false);
  } finally {
    removeTempDir(dir);
  }
});
