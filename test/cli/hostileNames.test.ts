// Issue 14, findings 4 and 10 through `alloy check`: a walked link that leads out of its repository
// root (though inside the walked folder) is never read, in any format; NUL in a YAML key is a
// syntax error on the NUL, printed escaped; a file name that is not UTF-8 names its bad byte.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeTempDir, readExample, removeTempDir, runInProcess } from './cliHarness';

const REQUEST = '.alloy/requests/checkout-payment.json';
const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const MARK = 'CANARY_51C2';

test('a brief linked to a file outside its repository (inside the walked folder) is never read: file-unreadable and brief-path-escapes-root', async () => {
  const top = makeTempDir();
  try {
    const repo = path.join(top, 'repo');
    fs.mkdirSync(path.join(repo, '.alloy/briefs'), { recursive: true });
    fs.mkdirSync(path.join(repo, '.alloy/requests'));
    fs.writeFileSync(path.join(repo, REQUEST), readExample(REQUEST));
    fs.mkdirSync(path.join(top, 'outside'));
    const canary = path.join(top, 'outside', 'secret.yaml');
    fs.writeFileSync(canary, readExample(BRIEF).replace('project_id: checkout-service', `project_id: ${MARK.toLowerCase()}\n${MARK}: 1`));
    fs.symlinkSync(canary, path.join(repo, BRIEF));
    const json = await runInProcess(['check', '--format', 'json'], top);
    const text = await runInProcess(['check'], top);
    const sarif = await runInProcess(['check', '--format', 'sarif'], top);
    for (const run of [json, text, sarif]) {
      assert.equal(run.code, 1);
      const all = run.stdout + run.stderr;
      assert.ok(!all.includes(MARK) && !all.includes(MARK.toLowerCase()), `the canary was read: ${all}`);
    }
    const found = (JSON.parse(json.stdout) as Array<{ file: string; code: string; line: number; column: number; message: string }>).map(
      (d) => [d.file, d.code, d.line, d.column, d.message],
    );
    const localPathLine =
      readExample(REQUEST)
        .split('\n')
        .findIndex((l) => l.includes('"local_path"')) + 1;
    assert.deepEqual(found, [
      [
        `repo/${BRIEF}`,
        'file-unreadable',
        1,
        1,
        'The file leads through a symbolic link to a place outside its repository root, so it is not analysed.',
      ],
      [
        `repo/${REQUEST}`,
        'brief-path-escapes-root',
        localPathLine,
        19,
        `"${BRIEF}" resolves through a symbolic link to a place outside the repository root; the brief is not read.`,
      ],
    ]);
  } finally {
    removeTempDir(top);
  }
});

test('NUL in a YAML key: a syntax error on the NUL, printed escaped (exit 1)', async () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy/briefs'), { recursive: true });
    const brief = readExample(BRIEF).replace('created_by:', 'created\u0000by:');
    fs.writeFileSync(path.join(dir, BRIEF), brief);
    const run = await runInProcess(['check', '--format', 'json'], dir);
    assert.equal(run.code, 1);
    const lines = brief.split('\n');
    const line = lines.findIndex((l) => l.includes('\u0000'));
    const syntax = (JSON.parse(run.stdout) as Array<{ code: string; line: number; column: number; endColumn: number; message: string }>)
      .filter((d) => d.code === 'syntax')
      .map((d) => [d.line, d.column, d.endColumn, d.message]);
    assert.deepEqual(syntax, [
      [
        line + 1,
        lines[line].indexOf('\u0000') + 1,
        lines[line].indexOf('\u0000') + 2,
        'The control character U+0000 (NUL) is not allowed in YAML; in a double-quoted string write it as "\\x00"',
      ],
    ]);
    const text = await runInProcess(['check'], dir);
    assert.ok(!text.stdout.includes('\u0000'), 'the text output never prints a raw NUL');
    assert.match(text.stdout, new RegExp(`:${line + 1}:${lines[line].indexOf('\u0000') + 1}: error syntax The control character U\\+0000`));
  } finally {
    removeTempDir(dir);
  }
});

test('a file name that is not UTF-8: file-unreadable naming the bad byte, in JSON too', async () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy/briefs'), { recursive: true });
    fs.writeFileSync(
      Buffer.concat([Buffer.from(path.join(dir, '.alloy/briefs/caf')), Buffer.from([0xc3, 0x28]), Buffer.from('.yaml')]),
      'a: 1\n',
    );
    const run = await runInProcess(['check', '--format', 'json'], dir);
    assert.equal(run.code, 1);
    assert.deepEqual(
      (JSON.parse(run.stdout) as Array<{ file: string; code: string; line: number; column: number; message: string }>).map((d) => [
        d.file,
        d.code,
        d.line,
        d.column,
        d.message,
      ]),
      [
        [
          '.alloy/briefs/caf\uFFFD(.yaml',
          'file-unreadable',
          1,
          1,
          'The name "caf\uFFFD(.yaml" is not valid UTF-8 (byte 3 of the name, 0xc3, is not part of a UTF-8 character; rename it), so it is not analysed.',
        ],
      ],
    );
  } finally {
    removeTempDir(dir);
  }
});

test('a folder name that is not UTF-8: named, with why it cannot be listed (exit 2)', async () => {
  const dir = makeTempDir();
  try {
    fs.mkdirSync(path.join(dir, '.alloy/requests'), { recursive: true });
    const bad = Buffer.concat([Buffer.from(path.join(dir, '.alloy/requests/bad')), Buffer.from([0xc3, 0x28])]);
    fs.mkdirSync(bad);
    fs.writeFileSync(Buffer.concat([bad, Buffer.from('/x.json')]), '{}');
    const run = await runInProcess(['check'], dir);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'alloy: .alloy/requests/bad\uFFFD(: cannot list this folder: its name is not valid UTF-8 (rename it)\n');
  } finally {
    removeTempDir(dir);
  }
});
