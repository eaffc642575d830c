// Bytes that are not UTF-8 are never read as U+FFFD: the Node host refuses the read, naming the
// first bad byte and its line/character (UTF-16 units, a leading byte order mark takes no column),
// and the workspace turns that into one `file-not-utf8` diagnostic there, for the CLI and the server.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { nodeFileSystem, textOfBytes } from '../../server/src/core/workspace/nodeFileSystem';
import { decodeUtf8 } from '../../server/src/submission/requestBytes';
import { BRIEF_PATH, BRIEF_YAML, REQUEST_JSON, ROOT } from './fixtures';

let dir: string;
before(() => (dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-utf8-')))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` as a request file under `.alloy/requests/` and returns its path. */
function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, '.alloy', 'requests', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

/** The text with `bad` inserted just before the first occurrence of `needle`. */
function withBytes(text: string, needle: string, bad: number[]): Buffer {
  const at = text.indexOf(needle);
  assert.ok(at > 0, needle);
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at))]);
}

test('a 0xFF byte inside a string: the read is refused at that byte, never decoded as U+FFFD', () => {
  const bytes = withBytes(REQUEST_JSON, 'stacey', [0xff]);
  const file = write('ff.json', bytes);
  const offset = Buffer.byteLength(REQUEST_JSON.slice(0, REQUEST_JSON.indexOf('stacey')));
  const line = REQUEST_JSON.slice(0, REQUEST_JSON.indexOf('stacey')).split('\n').length - 1;
  const character = REQUEST_JSON.indexOf('stacey') - (REQUEST_JSON.lastIndexOf('\n', REQUEST_JSON.indexOf('stacey')) + 1);
  assert.deepEqual([line, character], [5, 19], 'the fixture: "requested_by": "stacey" on line 6');
  assert.deepEqual(nodeFileSystem.readFile(file), {
    ok: false,
    problem: 'not-utf8',
    offset,
    line,
    character,
    textOffset: REQUEST_JSON.indexOf('stacey'),
  });
});

test('the workspace gives exactly one file-not-utf8 diagnostic on the bad byte, with the byte offset in words', () => {
  const bytes = withBytes(REQUEST_JSON, 'stacey', [0xff]);
  const file = write('ff-check.json', bytes);
  const offset = Buffer.byteLength(REQUEST_JSON.slice(0, REQUEST_JSON.indexOf('stacey')));
  const report = new AlloyWorkspace(nodeFileSystem, [dir]).check(file);
  assert.equal(report.analysis, undefined);
  assert.deepEqual(report.diagnostics, [
    {
      code: 'file-not-utf8',
      severity: 'error',
      message: `The file is not valid UTF-8 (byte ${offset} on line 6 is not part of a UTF-8 character), so it is not analysed.`,
      span: { offset: REQUEST_JSON.indexOf('stacey'), length: 1 },
      range: { start: { line: 5, character: 19 }, end: { line: 5, character: 20 } },
    },
  ]);
});

test('the position counts UTF-16 units (an emoji is two), CRLF as one line break, and no column for a BOM', () => {
  const crlf = '{\r\n  "a": "😀é€\uFFFD', // a real U+FFFD (EF BF BD) is content, not an error
    tail = 'x"\r\n}\r\n';
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]);
  const read = nodeFileSystem.readFile(write('crlf.json', bytes));
  assert.deepEqual(read, {
    ok: false,
    problem: 'not-utf8',
    offset: 3 + Buffer.byteLength(crlf),
    line: 1,
    character: '  "a": "😀é€\uFFFD'.length,
    textOffset: 1 + crlf.length,
  });
  // On line 0 the byte order mark takes no column.
  const first = nodeFileSystem.readFile(write('bom0.json', Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x80, 0x7d])));
  assert.deepEqual(first, { ok: false, problem: 'not-utf8', offset: 4, line: 0, character: 1, textOffset: 2 });
});

test('a leading byte order mark alone is still not content: the text is read with it, as before', () => {
  const read = nodeFileSystem.readFile(write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REQUEST_JSON)])));
  assert.deepEqual(read, { ok: true, text: '\uFEFF' + REQUEST_JSON });
  const brief = nodeFileSystem.readFile(write('real-fffd.yaml', Buffer.from(BRIEF_YAML.replace('stacey', 'sta\uFFFDcey'))));
  assert.deepEqual(brief, { ok: true, text: BRIEF_YAML.replace('stacey', 'sta\uFFFDcey') });
});

test('overlongs, surrogates, code points past U+10FFFF, stray continuation bytes and a truncated end are refused', () => {
  const cases: [number[], number][] = [
    [[0x41, 0xc0, 0xaf, 0x42], 1],
    [[0x41, 0xe0, 0x80, 0xaf], 1],
    [[0xed, 0xa0, 0x80], 0],
    [[0x61, 0xf4, 0x90, 0x80, 0x80], 1],
    [[0x61, 0x62, 0x80], 2],
    [[0x61, 0x62, 0xe2, 0x82], 2],
    [[0xf0, 0x9f, 0x98], 0],
    [[0xfe], 0],
  ];
  for (const [bytes, offset] of cases) {
    const read = nodeFileSystem.readFile(write('case.json', new Uint8Array(bytes)));
    assert.equal(read.ok ? 'ok' : read.problem === 'not-utf8' ? read.offset : read.problem, offset, bytes.join(','));
  }
});

/** Line and character at the end of valid UTF-8 bytes, counted here by hand (CRLF, CR, LF; no column for a BOM). */
function positionAfter(prefix: Uint8Array): [number, number, number] {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(prefix);
  let line = 0;
  let start = text.startsWith('\uFEFF') ? 1 : 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\r' || text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return [line, text.length - start, text.length];
}

test('the first bad byte agrees with an independent UTF-8 walk on 2,000 seeded mutations', () => {
  let seed = 20260614;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const base = Buffer.from(REQUEST_JSON.replace('stacey', 'Zoë 😀 €') + BRIEF_YAML.slice(0, 300));
  let refused = 0;
  for (let i = 0; i < 2000; i++) {
    const bytes = Buffer.from(base);
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    const cut = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
    const expected = decodeUtf8(cut);
    const read = textOfBytes(cut);
    if (expected.ok) {
      assert.deepEqual(read, { ok: true, text: expected.text }, `mutation ${i}`);
      continue;
    }
    refused++;
    assert.equal(read.ok, false, `mutation ${i}`);
    if (read.ok || read.problem !== 'not-utf8') continue;
    assert.equal(read.offset, expected.offset, `mutation ${i}`);
    assert.deepEqual([read.line, read.character, read.textOffset], positionAfter(cut.subarray(0, read.offset)), `mutation ${i}`);
  }
  assert.ok(refused > 500, `${refused} of 2000 mutations were invalid UTF-8`);
});

test('a file whose name is not UTF-8 cannot be read and says so; a name with U+FFFD that is merely gone is missing', () => {
  const folder = path.join(dir, '.alloy', 'names');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(Buffer.concat([Buffer.from(folder + '/bad'), Buffer.from([0xff]), Buffer.from('.json')]), REQUEST_JSON);
  const listed = fs.readdirSync(folder);
  assert.deepEqual(listed, ['bad\uFFFD.json'], 'a listing gives the name with U+FFFD');
  assert.deepEqual(nodeFileSystem.readFile(path.join(folder, listed[0])), {
    ok: false,
    problem: 'name-not-utf8',
    name: 'bad\uFFFD.json',
    offset: 3,
    byte: 0xff,
  });
  assert.deepEqual(nodeFileSystem.readFile(path.join(folder, 'gone\uFFFD.json')), { ok: false, problem: 'missing' });
  assert.deepEqual(nodeFileSystem.readFile(path.join(folder, 'gone.json')), { ok: false, problem: 'missing' });
});

describe('an open editor document of such a file (the editor decoded it with U+FFFD)', () => {
  const lossy = (bytes: Buffer) => new TextDecoder('utf-8').decode(bytes);
  const codes = (workspace: AlloyWorkspace, file: string) => workspace.check(file).diagnostics.map((d) => d.code);
  before(() => {
    const brief = path.join(dir, path.relative(ROOT, BRIEF_PATH));
    fs.mkdirSync(path.dirname(brief), { recursive: true });
    fs.writeFileSync(brief, BRIEF_YAML);
  });

  test('reads as the file on disk: the same file-not-utf8 diagnostic as alloy check, at the same range', () => {
    const file = write('open-ff.json', withBytes(REQUEST_JSON, 'stacey', [0xff]));
    const onDisk = new AlloyWorkspace(nodeFileSystem, [dir]).check(file).diagnostics;
    const workspace = new AlloyWorkspace(nodeFileSystem, [dir]);
    workspace.setOverlay(file, lossy(fs.readFileSync(file)));
    const report = workspace.check(file);
    assert.equal(report.analysis, undefined);
    assert.deepEqual(report.diagnostics, onDisk);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['file-not-utf8', 5, 19]],
    );
    assert.equal(workspace.textOf(file), undefined, 'hover and fixes see no text to work on');
  });

  test('the same when the editor dropped a leading byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), withBytes(REQUEST_JSON, 'stacey', [0xff])]);
    const file = write('open-bom-ff.json', bytes);
    const workspace = new AlloyWorkspace(nodeFileSystem, [dir]);
    workspace.setOverlay(file, lossy(bytes).replace(/^\uFEFF/, ''));
    assert.deepEqual(codes(workspace, file), ['file-not-utf8']);
  });

  test('once the U+FFFD there is typed over, the editor text is analysed (the disk bytes are what they were)', () => {
    const file = write('open-fixed.json', withBytes(REQUEST_JSON, 'stacey', [0xff]));
    const workspace = new AlloyWorkspace(nodeFileSystem, [dir]);
    workspace.setOverlay(file, lossy(fs.readFileSync(file)));
    assert.deepEqual(codes(workspace, file), ['file-not-utf8']);
    // The bad byte deleted: the request as the fixture has it, whose key is right.
    workspace.setOverlay(file, lossy(fs.readFileSync(file)).replace('\uFFFD', ''));
    assert.deepEqual(codes(workspace, file), []);
    // A U+FFFD elsewhere (typed by the user) is text like any other.
    workspace.setOverlay(file, REQUEST_JSON.replace('"stacey"', '"st\uFFFDcey"'));
    assert.deepEqual(codes(workspace, file), ['idempotency-key-mismatch']);
  });

  test('a U+FFFD in the open text of a file that is UTF-8 on disk is text like any other', () => {
    const text = REQUEST_JSON.replace('"stacey"', '"st\uFFFDcey"');
    const file = write('open-real-fffd.json', Buffer.from(text));
    const workspace = new AlloyWorkspace(nodeFileSystem, [dir]);
    workspace.setOverlay(file, text);
    assert.deepEqual(codes(workspace, file), ['idempotency-key-mismatch']);
    assert.equal(workspace.textOf(file), text);
  });
});
