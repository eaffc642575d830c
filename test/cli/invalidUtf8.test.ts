// Files that are not valid UTF-8 in the CLI: `alloy check` reports one `file-not-utf8` at the
// first bad byte (text and JSON), and `alloy fix` never rewrites them (the bytes stay, exit 2).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { copyExampleFiles, makeTempDir, readExample, removeTempDir, runInProcess } from './cliHarness';

const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const REQUEST = '.alloy/requests/checkout-payment.json';

/** `text` with the bytes `bad` inserted just before the first `needle`, and the byte offset they are at. */
function withBytes(text: string, needle: string, bad: number[]): { bytes: Buffer; offset: number } {
  const at = text.indexOf(needle);
  assert.ok(at > 0, needle);
  const head = Buffer.from(text.slice(0, at));
  return { bytes: Buffer.concat([head, Buffer.from(bad), Buffer.from(text.slice(at))]), offset: head.length };
}

test('alloy check: one file-not-utf8 on the 0xFF byte inside a string, the same in text and JSON', async () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF]);
    const { bytes, offset } = withBytes(readExample(REQUEST), 'stacey', [0xff]);
    fs.mkdirSync(path.join(dir, '.alloy/requests'));
    fs.writeFileSync(path.join(dir, '.alloy/requests/ff.json'), bytes);
    const message = `The file is not valid UTF-8 (byte ${offset} on line 6 is not part of a UTF-8 character), so it is not analysed.`;
    assert.deepEqual(await runInProcess(['check'], dir), {
      code: 1,
      stdout: `.alloy/requests/ff.json:6:20: error file-not-utf8 ${message}\n`,
      stderr: '1 error, 0 warnings in 2 files\n',
    });
    const json = await runInProcess(['check', '--format', 'json', '.alloy/requests/ff.json'], dir);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), [
      {
        file: '.alloy/requests/ff.json',
        line: 6,
        column: 20,
        endLine: 6,
        endColumn: 21,
        severity: 'error',
        code: 'file-not-utf8',
        message,
      },
    ]);
  } finally {
    removeTempDir(dir);
  }
});

test('alloy fix never rewrites a file that is not UTF-8: the bytes stay as they were, it says why, exit 2', async () => {
  const dir = makeTempDir();
  try {
    copyExampleFiles(dir, [BRIEF, '.alloy/requests/broken-key-mismatch.json']);
    // A brief whose own digest is stale and a request whose key is wrong: both would be rewritten
    // if they were read, and the rewrite would turn the bad bytes into U+FFFD (EF BF BD).
    const briefText = fs
      .readFileSync(path.join(dir, BRIEF), 'utf8')
      .replace(/^digest: sha256:[0-9a-f]{64}$/m, `digest: sha256:${'ab'.repeat(32)}`);
    const brief = withBytes(briefText, 'stacey', [0xe9]);
    fs.writeFileSync(path.join(dir, BRIEF), brief.bytes);
    const request = withBytes(readExample('.alloy/requests/broken-key-mismatch.json'), 'sam"', [0xc3, 0x28]);
    fs.writeFileSync(path.join(dir, '.alloy/requests/broken-key-mismatch.json'), request.bytes);

    const run = await runInProcess(['fix', '.'], dir);
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr:
        `alloy: ${BRIEF}: not changed: the file is not valid UTF-8 (byte ${brief.offset} on line 10 is not part of a ` +
        'UTF-8 character); save it as UTF-8 and run "alloy fix" again\n' +
        `alloy: .alloy/requests/broken-key-mismatch.json: not changed: the file is not valid UTF-8 (byte ${request.offset} ` +
        'on line 6 is not part of a UTF-8 character); save it as UTF-8 and run "alloy fix" again\n',
    });
    assert.ok(fs.readFileSync(path.join(dir, BRIEF)).equals(brief.bytes), 'the brief is byte for byte as it was');
    assert.ok(fs.readFileSync(path.join(dir, '.alloy/requests/broken-key-mismatch.json')).equals(request.bytes), 'the request too');
  } finally {
    removeTempDir(dir);
  }
});

test('a file whose name is not UTF-8 gets file-unreadable saying so (exit 1), its name shown escaped', async () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy/requests'), { recursive: true });
    const name = Buffer.concat([Buffer.from(path.join(dir, '.alloy/requests/bad')), Buffer.from([0xff, 0x1b]), Buffer.from('[2J.json')]);
    fs.writeFileSync(name, readExample(REQUEST));
    assert.deepEqual(await runInProcess(['check'], dir), {
      code: 1,
      stdout:
        '.alloy/requests/bad\uFFFD\\u001b[2J.json:1:1: error file-unreadable ' +
        'The name "bad\uFFFD\\u001b[2J.json" is not valid UTF-8 (byte 3 of the name, 0xff, is not part of a UTF-8 character; ' +
        'rename it), so it is not analysed.\n',
      stderr: '1 error, 0 warnings in 1 file\n',
    });
  } finally {
    removeTempDir(dir);
  }
});
