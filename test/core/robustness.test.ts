// Hostile and odd input (byte order marks, line endings, astral characters, deep nesting, odd
// numbers, keys and YAML, wrong types, offsets out of range) never crashes the analysis; seeded
// random mutations of the valid files check that nothing throws and every range is exact.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { briefLinkAt } from '../../server/src/core/editing/briefLinks';
import { completionsAt } from '../../server/src/core/editing/completionItems';
import type { AlloyDiagnostic } from '../../server/src/core/document/diagnostic';
import { analyzeFile } from '../../server/src/core/rules/fileAnalysis';
import { hoverAt } from '../../server/src/core/editing/hoverInfo';
import { LineIndex, type Position } from '../../server/src/core/document/lineIndex';
import { automaticFixes, quickFixesFor } from '../../server/src/core/editing/quickFixes';
import { nodeAtPath, type SyntaxNode } from '../../server/src/core/document/syntaxTree';
import { applyEdits } from '../../server/src/core/editing/textEdit';
import {
  BRIEF_DIGEST,
  BRIEF_PATH,
  BRIEF_YAML,
  REQUEST_JSON,
  REQUEST_PATH,
  assertDiagnostics,
  assertOnly,
  briefDataOf,
  briefYaml,
  checkBriefText,
  checkRequestText,
  expectedBriefDigest,
  memoryWorkspace,
  requestJson,
  requestValue,
  requestWith,
} from './fixtures';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BOM = '\uFEFF';
const NESTING = /nesting deeper than 128 levels/i;
/** A YAML or JSON file outside `.alloy/`: parsed and reported on, but not an Alloy kind. */
const PLAIN_YAML = '/repo/notes/data.yaml';
const PLAIN_JSON = '/repo/notes/data.json';

/** `n` arrays nested in each other, the innermost empty. */
function nestedArrays(n: number): Json {
  let value: Json = [];
  for (let i = 1; i < n; i++) value = [value];
  return value;
}

/** A request text whose payload member `name` is written as `raw`, with the key of `value`. */
function requestWithRawPayload(value: ReturnType<typeof requestValue>, name: string, raw: string): string {
  const placeholder = { ...value, foundry: { ...value.foundry, payload: { ...value.foundry.payload, [name]: 0 } } };
  const text = requestJson(placeholder);
  assert.ok(text.includes(`"${name}": 0`));
  return text.replace(`"${name}": 0`, `"${name}": ${raw}`);
}

function countNodes(root: SyntaxNode | undefined): number {
  let count = 0;
  const pending: SyntaxNode[] = root ? [root] : [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    count++;
    if (node.kind === 'array') pending.push(...node.items);
    if (node.kind === 'object') for (const p of node.properties) if (p.value) pending.push(p.value);
  }
  return count;
}

// ---------------------------------------------------------------------------------------------

describe('a UTF-8 byte order mark', () => {
  // VS Code keeps the mark out of the document text, but the CLI and the server read unopened
  // files from disk with it. It is not content: no syntax error, the same data and digest, and
  // line/character positions that do not count it (editors do not show it). Offsets still index
  // the text as read, so edits land in the right place and `alloy fix` writes the mark back in a
  // brief. A request is sent as its bytes, which strict JSON parsers refuse with the mark, so a
  // request gets `request-byte-order-mark` (an error, since submitting refuses it: SPEC §7.1).

  test('before a JSON request it is not a syntax error, the key is the same, and it is request-byte-order-mark', () => {
    const [d] = checkRequestText(BOM + REQUEST_JSON);
    assertOnly(checkRequestText(BOM + REQUEST_JSON), 'request-byte-order-mark', 'error', [0, 0, 0, 0]);
    assert.deepEqual(d.span, { offset: 0, length: 0 });
    assert.equal(
      d.message,
      "The file starts with a UTF-8 byte order mark (U+FEFF), which editors do not show. Foundry reads a request's bytes as " +
        'strict JSON, which rejects the mark, so Alloy will not send it: save the file as UTF-8 without BOM, or run "alloy fix".',
    );
    assert.equal(analyzeFile(REQUEST_PATH, BOM + REQUEST_JSON)?.derivedKey, requestValue().idempotency_key);
  });

  test('before a JSON request it takes no column on line 0, but offsets count it', () => {
    const text = requestJson(requestWith((v) => delete v.reporting));
    assertOnly(checkRequestText(text), 'no-reporting', 'warning', [0, 0, 0, 1]);
    const marked = checkRequestText(BOM + text);
    assertDiagnostics(marked, [
      { code: 'request-byte-order-mark', severity: 'error', range: [0, 0, 0, 0] },
      { code: 'no-reporting', severity: 'warning', range: [0, 0, 0, 1] },
    ]);
    assert.deepEqual(marked[1].span, { offset: 1, length: 1 });
  });

  test('an open request without the mark in its text: the saved file decides, read once per change of the file', () => {
    const { host, workspace } = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: BOM + REQUEST_JSON });
    const codes = () => workspace.check(REQUEST_PATH).diagnostics.map((d) => [d.code, d.message, d.range]);
    const message = checkRequestText(BOM + REQUEST_JSON)[0].message;
    const saved = ['request-byte-order-mark', message, [0, 0, 0, 0]];
    const start = { line: 0, character: 0 };
    const asRange = (r: unknown[]) => [r[0], r[1], { start, end: start }];
    // The editor keeps the mark out of the text (as VS Code and Neovim do).
    workspace.setOverlay(REQUEST_PATH, REQUEST_JSON);
    assert.deepEqual(codes(), [asRange(saved)]);
    const reads = host.readCount(REQUEST_PATH);
    workspace.setOverlay(REQUEST_PATH, REQUEST_JSON + ' ');
    assert.deepEqual(codes(), [asRange(saved)]);
    assert.equal(host.readCount(REQUEST_PATH), reads, 'an edit reads the disk again');
    // Saved without the mark: once the file is known to have changed, the diagnostic is gone.
    host.write(REQUEST_PATH, REQUEST_JSON);
    assert.deepEqual(codes(), [asRange(saved)]);
    workspace.invalidate(REQUEST_PATH);
    assert.deepEqual(codes(), []);
    // A client that sends the mark in its text gets the same diagnostic, once.
    host.write(REQUEST_PATH, BOM + REQUEST_JSON);
    workspace.invalidate(REQUEST_PATH);
    workspace.setOverlay(REQUEST_PATH, BOM + REQUEST_JSON);
    assert.deepEqual(codes(), [asRange(saved)]);
    // Closed: the disk text has the mark.
    workspace.removeOverlay(REQUEST_PATH);
    assert.deepEqual(codes(), [asRange(saved)]);
    // Not on disk at all (an unsaved new document): nothing to say.
    const fresh = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML }).workspace;
    fresh.setOverlay(REQUEST_PATH, REQUEST_JSON);
    assert.deepEqual(fresh.check(REQUEST_PATH).diagnostics, []);
  });

  test('a brief that starts with the mark, on disk or in the editor, gets no request-byte-order-mark', () => {
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: BOM + BRIEF_YAML, [REQUEST_PATH]: REQUEST_JSON });
    workspace.setOverlay(BRIEF_PATH, BRIEF_YAML);
    assert.deepEqual(workspace.check(BRIEF_PATH).diagnostics, []);
    assert.deepEqual(workspace.check(REQUEST_PATH).diagnostics, []);
  });

  test('before a YAML brief: same digest, no diagnostics, same ranges on line 0 and later', () => {
    assert.equal(analyzeFile(BRIEF_PATH, BOM + BRIEF_YAML)?.digest, BRIEF_DIGEST);
    assertDiagnostics(checkBriefText(BOM + BRIEF_YAML), []);
    const v2 = 'schema_version: alloy.formation_brief.v2\n';
    assertOnly(checkBriefText(v2), 'unsupported-version', 'error', [0, 16, 0, 40]);
    const d = assertOnly(checkBriefText(BOM + v2), 'unsupported-version', 'error', [0, 16, 0, 40]);
    assert.equal(d.span.offset, 17);
    const bogus = briefYaml((t) => t.replace('status: compiled', 'status: bogus'));
    assertOnly(checkBriefText(BOM + bogus), 'schema', 'error', [8, 8, 8, 13]);
  });

  test('hover and completion in a file with the mark match the file without it, one offset on', () => {
    const plain = memoryWorkspace().workspace;
    const marked = memoryWorkspace({ [BRIEF_PATH]: BOM + BRIEF_YAML, [REQUEST_PATH]: BOM + REQUEST_JSON }).workspace;
    for (const [file, text, needle] of [
      [REQUEST_PATH, REQUEST_JSON, '"dry_run"'],
      [REQUEST_PATH, REQUEST_JSON, '"idempotency_key"'],
      [BRIEF_PATH, BRIEF_YAML, 'compiled'],
    ] as const) {
      const at = text.indexOf(needle) + 1;
      const expected = hoverAt(plain, file, at);
      assert.ok(expected, `a hover at ${needle}`);
      const actual = hoverAt(marked, file, at + 1);
      assert.equal(actual?.markdown, expected.markdown);
      assert.deepEqual(actual?.span, { offset: expected.span.offset + 1, length: expected.span.length });
    }
    const at = REQUEST_JSON.indexOf('"dry_run"') + 1;
    const expected = completionsAt(plain, REQUEST_PATH, at);
    assert.deepEqual(
      expected.map((p) => p.label),
      ['dry_run', 'full'],
    );
    const actual = completionsAt(marked, REQUEST_PATH, at + 1);
    assert.deepEqual(
      actual.map((p) => [p.label, p.insertText, p.replaceSpan]),
      expected.map((p) => [p.label, p.insertText, p.replaceSpan && { offset: p.replaceSpan.offset + 1, length: p.replaceSpan.length }]),
    );
  });

  test('line/character positions skip the mark, both ways', () => {
    const lines = new LineIndex(BOM + 'ab\ncd');
    const positions: [number, Position][] = [
      [0, { line: 0, character: 0 }],
      [1, { line: 0, character: 0 }],
      [2, { line: 0, character: 1 }],
      [4, { line: 1, character: 0 }],
      [6, { line: 1, character: 2 }],
    ];
    for (const [offset, position] of positions) assert.deepEqual(lines.positionAt(offset), position, `offset ${offset}`);
    assert.equal(lines.offsetAt({ line: 0, character: 0 }), 1);
    assert.equal(lines.offsetAt({ line: 0, character: 2 }), 3);
    assert.equal(lines.offsetAt({ line: 1, character: 1 }), 5);
  });

  test('automatic fixes keep the mark and land on the right characters', () => {
    const stale = BOM + briefYaml((t) => t, 'sha256:' + '0'.repeat(64));
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: stale });
    const fixed = applyEdits(stale, automaticFixes(workspace, BRIEF_PATH));
    assert.equal(fixed, BOM + BRIEF_YAML);

    const wrong = BOM + requestJson(requestWith((v) => (v.brief.digest = 'sha256:' + '1'.repeat(64))));
    const pair = memoryWorkspace({ [BRIEF_PATH]: BRIEF_YAML, [REQUEST_PATH]: wrong }).workspace;
    assert.equal(applyEdits(wrong, automaticFixes(pair, REQUEST_PATH)), BOM + REQUEST_JSON);
  });
});

// ---------------------------------------------------------------------------------------------

describe('line endings, tabs and astral characters', () => {
  test('a JSON request reports the same ranges with LF, CRLF and lone CR line endings', () => {
    const text = requestJson(requestWith((v) => (v.foundry.throttle = 'dry_rum')));
    for (const eol of ['\n', '\r\n', '\r']) {
      assertOnly(checkRequestText(text.replace(/\n/g, eol)), 'schema', 'error', [20, 16, 20, 25]);
    }
  });

  test('a YAML brief with lone CR line endings is read line by line (YAML 1.2 line breaks)', () => {
    const cr = BRIEF_YAML.replace(/\n/g, '\r');
    assert.equal(analyzeFile(BRIEF_PATH, cr)?.digest, BRIEF_DIGEST);
    assertDiagnostics(checkBriefText(cr), []);
    const bogus = briefYaml((t) => t.replace('status: compiled', 'status: bogus'));
    assertOnly(checkBriefText(bogus.replace(/\n/g, '\r')), 'schema', 'error', [8, 8, 8, 13]);
  });

  test('completion in a YAML brief with lone CR line endings', () => {
    const text = BRIEF_YAML.replace('  throttle: dry_run\n', '  throttle: \n').replace(/\n/g, '\r');
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: text });
    const at = text.indexOf('throttle: ') + 'throttle: '.length;
    assert.deepEqual(
      completionsAt(workspace, BRIEF_PATH, at).map((p) => p.label),
      ['dry_run', 'full'],
    );
  });

  test('a tab counts as one character', () => {
    const text =
      JSON.stringify(
        requestWith((v) => (v.project_id = 'Bad Id')),
        null,
        '\t',
      ) + '\n';
    assertDiagnostics(checkRequestText(text), [
      { code: 'project-mismatch', severity: 'error', range: [4, 15, 4, 23] },
      { code: 'schema', severity: 'error', range: [4, 15, 4, 23] },
    ]);
    assertOnly(checkBriefText(briefYaml((t) => t.replace('status: compiled', 'status:\tbogus'))), 'schema', 'error', [8, 8, 8, 13]);
  });

  test('an astral character (emoji) before a diagnostic counts as two UTF-16 code units', () => {
    const json = requestJson(requestWith((v) => (v.requested_by = '😀😀'))).replace(
      '"requested_by": "😀😀",',
      '"requested_by": "😀😀", "x_extra": 1,',
    );
    assertOnly(checkRequestText(json), 'unknown-property', 'warning', [5, 26, 5, 35]);
    const yaml = briefYaml((t) => t.replace('  definition_of_done:\n    - all payment gates pass\n', '  definition_of_done: ["😀", 5]\n'));
    assertOnly(checkBriefText(yaml), 'schema', 'error', [11, 29, 11, 30]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('deep nesting is one syntax error, never a stack overflow', () => {
  /** No tree, so no hover; JSON completion has no context either (YAML completion reads the cursor line as text). */
  function assertQuietEverywhere(workspace: AlloyWorkspace, file: string, text: string): void {
    for (const at of [0, 1, text.length >> 1, text.length]) {
      assert.equal(hoverAt(workspace, file, at), undefined);
      const proposals = completionsAt(workspace, file, at);
      if (file.endsWith('.json')) assert.deepEqual(proposals, []);
    }
  }

  test('10,000 JSON arrays: the error is on the 129th bracket', () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    const d = assertOnly(checkRequestText(text), 'syntax', 'error', [0, 128, 0, 129]);
    assert.match(d.message, NESTING);
    const { workspace } = memoryWorkspace({ [REQUEST_PATH]: text });
    assertQuietEverywhere(workspace, REQUEST_PATH, text);
  });

  test('10,000 JSON objects', () => {
    const text = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    assertOnly(checkRequestText(text), 'syntax', 'error', [0, 640, 0, 641]);
    const { workspace } = memoryWorkspace({ [REQUEST_PATH]: text });
    assertQuietEverywhere(workspace, REQUEST_PATH, text);
  });

  test('stray closing brackets do not hide the depth (the parser skips them)', () => {
    const text = '[}'.repeat(300);
    assertOnly(checkRequestText(text), 'syntax', 'error', [0, 256, 0, 257]);
  });

  test('a request payload nested to the limit is read and hashed; one level more is the error', () => {
    // root (1) › foundry (2) › payload (3) › 125 arrays (4…128)
    const value = requestWith((v) => (v.foundry.payload.deep = nestedArrays(125)));
    const text = requestWithRawPayload(value, 'deep', JSON.stringify(nestedArrays(125)));
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertOnly(checkRequestText(text), 'brief-runtime-differs', 'warning', [21, 4, 21, 13]);
    const deeper = requestWithRawPayload(value, 'deep', JSON.stringify(nestedArrays(126)));
    assertOnly(checkRequestText(deeper), 'syntax', 'error', [24, 139, 24, 140]);
  });

  test('10,000 YAML flow sequences', () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    const d = assertOnly(checkBriefText(text), 'syntax', 'error', [0, 128, 0, 129]);
    assert.match(d.message, NESTING);
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: text });
    assertQuietEverywhere(workspace, BRIEF_PATH, text);
  });

  test('YAML block mappings 200 deep', () => {
    const text = Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1\n';
    assertOnly(checkBriefText(text), 'syntax', 'error', [128, 128, 128, 129]);
  });

  test('10,000 compact YAML sequences on one line', () => {
    const text = '- '.repeat(10_000) + 'x\n';
    assertOnly(checkBriefText(text), 'syntax', 'error', [0, 256, 0, 257]);
  });

  test('YAML nested exactly to the limit is read', () => {
    // The root mapping is level 1, so the value of `x` may nest 127 levels.
    const ok = analyzeFile(PLAIN_YAML, 'x: ' + '['.repeat(127) + ']'.repeat(127) + '\n');
    assert.deepEqual(ok?.diagnostics, []);
    assert.equal(ok?.isJsonData, true);
    const over = analyzeFile(PLAIN_YAML, 'x: ' + '['.repeat(128) + ']'.repeat(128) + '\n');
    assert.equal(over?.diagnostics.length, 1);
    assert.deepEqual(over?.diagnostics[0].span, { offset: 130, length: 1 });
  });

  test('aliases that expand deeper than the limit: the error is where the limit is crossed', () => {
    // `b` holds 100 levels, then `*a1`, whose own 100 levels are read from level 102 on: level 129
    // is the 28th bracket of a1.
    const text = 'a1: &a1 ' + '['.repeat(100) + 'x' + ']'.repeat(100) + '\nb: ' + '['.repeat(100) + '*a1' + ']'.repeat(100) + '\n';
    const analysis = analyzeFile(PLAIN_YAML, text);
    assert.deepEqual(
      analysis?.diagnostics.map((d) => [d.code, d.span]),
      [['syntax', { offset: 35, length: 1 }]],
    );
    assert.match(analysis!.diagnostics[0].message, NESTING);
    assert.equal(analysis?.isJsonData, false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('numbers', () => {
  test('1e400 (Infinity as a double) is reported at the value; the request gets no key', () => {
    const text = requestWithRawPayload(requestValue(), 'big', '1e400');
    const analysis = analyzeFile(REQUEST_PATH, text);
    assert.equal(analysis?.derivedKey, undefined);
    const diagnostics = checkRequestText(text);
    assertDiagnostics(diagnostics, [
      { code: 'brief-runtime-differs', severity: 'warning', range: [21, 4, 21, 13] },
      { code: 'schema', severity: 'error', range: [24, 13, 24, 18] },
    ]);
    assert.match(diagnostics[1].message, /too large/);
  });

  test('±1e400 in a JSON brief makes it undigestable, with an error at each', () => {
    const data = briefDataOf(BRIEF_YAML);
    const text = JSON.stringify({ ...data, digest: undefined, extra: [0, 0] }, null, 2).replace('[\n    0,\n    0\n  ]', '[1e400, -1e400]');
    const analysis = analyzeFile('/repo/.alloy/briefs/checkout.json', text);
    assert.equal(analysis?.digest, undefined);
    const line = text.split('\n').findIndex((l) => l.includes('1e400'));
    assertDiagnostics(checkBriefText(text, '/repo/.alloy/briefs/checkout.json'), [
      { code: 'unknown-property', severity: 'warning', range: [line, 2, line, 9] },
      { code: 'schema', severity: 'error', range: [line, 12, line, 17] },
      { code: 'schema', severity: 'error', range: [line, 19, line, 25] },
    ]);
  });

  test("-0 hashes as 0 (RFC 8785), and -0 against the brief's 0 is the same payload", () => {
    const brief = briefYaml((t) => t.replace('    strategic: true\n', '    strategic: true\n    offset: 0\n'));
    const digest = expectedBriefDigest(briefDataOf(brief));
    const value = requestWith((v) => (v.foundry.payload.offset = 0), digest);
    const text = requestWithRawPayload(value, 'offset', '-0');
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertDiagnostics(checkRequestText(text, brief), []);
  });

  test('an integer beyond 2^53 is read as the nearest double, as RFC 8785 hashes it, with unsafe-integer on it', () => {
    const value = requestWith((v) => (v.foundry.payload.big = 9007199254740992));
    const text = requestWithRawPayload(value, 'big', '9007199254740993');
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertDiagnostics(checkRequestText(text), [
      { code: 'brief-runtime-differs', severity: 'warning', range: [21, 4, 21, 13] },
      { code: 'unsafe-integer', severity: 'warning', range: [24, 13, 24, 29] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('keys named like Object.prototype members are plain data', () => {
  test('__proto__, constructor and toString at the root of a request are unknown properties, nothing else', () => {
    const text = REQUEST_JSON.replace(
      '{\n',
      '{\n  "__proto__": {"polluted": true},\n  "constructor": {"prototype": {"polluted": true}},\n  "toString": "x",\n',
    );
    assertDiagnostics(checkRequestText(text), [
      { code: 'unknown-property', severity: 'warning', range: [1, 2, 1, 13] },
      { code: 'unknown-property', severity: 'warning', range: [2, 2, 2, 15] },
      { code: 'unknown-property', severity: 'warning', range: [3, 2, 3, 12] },
    ]);
    const value = analyzeFile(REQUEST_PATH, text)?.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value).slice(0, 3), ['__proto__', 'constructor', 'toString']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('__proto__ in a payload is hashed into the key and compared with the brief like any member', () => {
    const brief = briefYaml((t) => t.replace('    strategic: true\n', '    strategic: true\n    __proto__:\n      x: 1\n'));
    const digest = expectedBriefDigest(briefDataOf(brief));
    const payload = JSON.parse('{"max_iterations": 3, "strategic": true, "__proto__": {"x": 1}}') as { [key: string]: Json };
    const value = requestWith((v) => (v.foundry.payload = payload), digest);
    const text = requestJson(value);
    assert.ok(text.includes('"__proto__": {'));
    assert.equal(analyzeFile(BRIEF_PATH, brief)?.digest, digest);
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertDiagnostics(checkRequestText(text, brief), []);
    // Against the brief without that member: another digest, another payload.
    assertDiagnostics(checkRequestText(text), [
      { code: 'digest-mismatch', severity: 'error', range: [15, 14, 15, 87] },
      { code: 'brief-runtime-differs', severity: 'warning', range: [21, 4, 21, 13] },
    ]);
  });

  test('in a YAML brief: unknown properties at their keys, and the digest includes them', () => {
    const text = briefYaml(
      (t) => '__proto__:\n  a: 1\nconstructor: 2\ntoString: 3\n' + t.replace('mission:\n', 'mission:\n  __proto__: x\n  valueOf: y\n'),
    );
    assert.equal(analyzeFile(BRIEF_PATH, text)?.digest, expectedBriefDigest(briefDataOf(text)));
    assertDiagnostics(checkBriefText(text), [
      { code: 'unknown-property', severity: 'warning', range: [0, 0, 0, 9] },
      { code: 'unknown-property', severity: 'warning', range: [2, 0, 2, 11] },
      { code: 'unknown-property', severity: 'warning', range: [3, 0, 3, 8] },
      { code: 'unknown-property', severity: 'warning', range: [14, 2, 14, 11] },
      { code: 'unknown-property', severity: 'warning', range: [15, 2, 15, 9] },
    ]);
  });

  for (const version of ['alloy.constructor.v1', 'alloy.__proto__.v1']) {
    test(`schema_version "${version}" names no Alloy kind (it crashed the kind lookup)`, () => {
      const text = REQUEST_JSON.replace('"alloy.foundry_execution_request.v1"', JSON.stringify(version));
      assert.equal(analyzeFile(REQUEST_PATH, text)?.kind, 'request');
      assertOnly(checkRequestText(text), 'schema', 'error', [1, 20, 1, 22 + version.length]);
      assert.equal(analyzeFile(PLAIN_JSON, text)?.kind, undefined);
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('lone surrogates', () => {
  test('in a request string and a payload key: the key is derived, as JSON.stringify escapes them', () => {
    const payload = { max_iterations: 3, strategic: true, '\udc00': '\ud800' };
    const value = requestWith((v) => {
      v.requested_by = '\ud800';
      v.foundry.payload = payload;
    });
    const text = requestJson(value);
    assert.ok(text.includes('"\\ud800"'));
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertOnly(checkRequestText(text), 'brief-runtime-differs', 'warning', [21, 4, 21, 13]);
    // The same, written as raw (unpaired) UTF-16 in the text instead of escapes.
    const raw = text.replace(/\\ud800/g, '\ud800').replace(/\\udc00/g, '\udc00');
    assert.notEqual(raw, text);
    assert.equal(analyzeFile(REQUEST_PATH, raw)?.derivedKey, value.idempotency_key);
  });

  test('in a YAML brief: the digest is computed', () => {
    const text = briefYaml((t) => t.replace('created_by: stacey', 'created_by: "\\ud800"'));
    assert.equal(analyzeFile(BRIEF_PATH, text)?.digest, expectedBriefDigest(briefDataOf(text)));
    assertDiagnostics(checkBriefText(text), []);
  });
});

// ---------------------------------------------------------------------------------------------

describe('odd YAML and JSON documents', () => {
  for (const [label, text, range] of [
    ['an empty list', '[]', [0, 0, 0, 2]],
    ['a string', '"x"', [0, 0, 0, 3]],
    ['a number', '42', [0, 0, 0, 2]],
    ['null', 'null', [0, 0, 0, 4]],
    ['a block list', '- a\n- b\n', [0, 0, 2, 0]],
    ['an explicit empty document', '---\n', [0, 3, 0, 3]],
  ] as const) {
    test(`a brief that is ${label} gets a schema error, not a crash`, () => {
      const d = assertOnly(checkBriefText(text), 'schema', 'error', [...range]);
      assert.equal(d.message, 'Incorrect type. Expected object.');
    });
  }

  for (const [label, text] of [
    ['an empty list', '[]'],
    ['a string', '"x"'],
    ['a number', '42'],
  ] as const) {
    test(`a request that is ${label} gets a schema error, not a crash`, () => {
      assertOnly(checkRequestText(text), 'schema', 'error', [0, 0, 0, text.length]);
      const { workspace } = memoryWorkspace({ [REQUEST_PATH]: text });
      assert.deepEqual(automaticFixes(workspace, REQUEST_PATH), []);
      for (let at = 0; at <= text.length; at++) {
        assert.equal(hoverAt(workspace, REQUEST_PATH, at), undefined);
        completionsAt(workspace, REQUEST_PATH, at);
      }
    });
  }

  test('an empty file or only comments: "the file is empty"', () => {
    for (const text of ['', '# nothing yet\n']) {
      assert.match(assertOnly(checkBriefText(text), 'syntax', 'error', [0, 0, 0, 0]).message, /empty/);
    }
  });

  test('a YAML error at the very end of the text is an empty span there, not one past the end', () => {
    for (const text of ['a: "abc', "a: 'abc", 'a: [1, 2']) {
      const diagnostics = analyzeFile(PLAIN_YAML, text)!.diagnostics;
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.span]),
        [['syntax', { offset: text.length, length: 0 }]],
        text,
      );
    }
  });

  test('a directive and an explicit document start change nothing', () => {
    const text = '%YAML 1.2\n---\n' + BRIEF_YAML;
    assert.equal(analyzeFile(BRIEF_PATH, text)?.digest, BRIEF_DIGEST);
    assertDiagnostics(checkBriefText(text), []);
  });

  test('a second document is an error at its start, and only the first is read', () => {
    const text = BRIEF_YAML + '---\nid: brief_other\n';
    assert.match(assertOnly(checkBriefText(text), 'syntax', 'error', [26, 0, 28, 0]).message, /one YAML document/);
  });

  test('a merge key `<<` is a plain key in the YAML 1.2 core schema', () => {
    const text = briefYaml((t) =>
      t.replace('foundry:\n', 'base: &base {strategic: true}\nfoundry:\n').replace('  payload:\n', '  payload:\n    <<: *base\n'),
    );
    assert.equal(analyzeFile(BRIEF_PATH, text)?.digest, expectedBriefDigest(briefDataOf(text)));
    assert.deepEqual((briefDataOf(text).foundry as { payload: Json }).payload, {
      '<<': { strategic: true },
      max_iterations: 3,
      strategic: true,
    });
    assertOnly(checkBriefText(text), 'unknown-property', 'warning', [20, 0, 20, 4]);
  });

  test('a recursive alias is an error at the alias', () => {
    const diagnostics = analyzeFile(PLAIN_YAML, 'a: &x\n  b: *x\n')!.diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.span]),
      [['syntax', { offset: 11, length: 2 }]],
    );
    assert.match(diagnostics[0].message, /recursive alias/);
  });

  test('"billion laughs": exponential aliases stop at the expansion limit', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
    ]) {
      levels.push(
        `${name}: &${name} [${Array(9)
          .fill('*' + prev)
          .join(',')}]`,
      );
    }
    const analysis = analyzeFile(PLAIN_YAML, levels.join('\n') + '\n')!;
    assert.ok(analysis.diagnostics.length > 0);
    assert.ok(analysis.diagnostics.every((d) => d.code === 'syntax' && /alias/.test(d.message)));
    assert.equal(analysis.isJsonData, false);
    assert.ok(countNodes(analysis.root) <= 20_000, `${countNodes(analysis.root)} nodes`);
  });

  test('a wide alias bomb (one big anchor, many aliases) is bounded by the nodes it produces', () => {
    const text = `a: &a [${Array(1000).fill('x').join(',')}]\nb: [${Array(999).fill('*a').join(',')}]\n`;
    const analysis = analyzeFile(PLAIN_YAML, text)!;
    assert.equal(analysis.isJsonData, false);
    assert.ok(analysis.diagnostics.every((d) => d.code === 'syntax' && /alias/.test(d.message)));
    // Without the bound this text of 6 KB expands to a million nodes.
    assert.ok(countNodes(analysis.root) <= 20_000, `${countNodes(analysis.root)} nodes`);
  });

  test('keys that are maps or sequences: one error each, and no invented member', () => {
    const text = '? {a: 1}\n: x\n[1, 2]: y\n' + BRIEF_YAML;
    const diagnostics = checkBriefText(text);
    assertDiagnostics(diagnostics, [
      { code: 'schema', severity: 'error', range: [0, 2, 0, 8] },
      { code: 'schema', severity: 'error', range: [2, 0, 2, 6] },
    ]);
    assert.ok(diagnostics.every((d) => /Keys must be strings/.test(d.message)));
  });

  test('a custom tag on every value: one error per tagged value, no digest', () => {
    const text = BRIEF_YAML.replace(/: (?=\S)/g, ': !x ');
    const tags = (text.match(/!x /g) ?? []).length;
    assert.ok(tags > 15);
    const analysis = analyzeFile(BRIEF_PATH, text)!;
    assert.equal(analysis.digest, undefined);
    assert.equal(analysis.diagnostics.filter((d) => /tag !x is not JSON data/.test(d.message)).length, tags);
  });
});

// ---------------------------------------------------------------------------------------------

describe('wrong types everywhere', () => {
  const CASES: [string, string, string][] = [
    [
      'top-level members',
      JSON.stringify(
        {
          schema_version: 'alloy.foundry_execution_request.v1',
          request_id: 5,
          idempotency_key: [],
          project_id: {},
          requested_by: 7,
          repo: 'r',
          brief: 'x',
          foundry: [],
          reporting: 7,
        },
        null,
        2,
      ),
      BRIEF_YAML,
    ],
    [
      'nested members, local_path a number',
      JSON.stringify(
        {
          schema_version: 'alloy.foundry_execution_request.v1',
          idempotency_key: 'sha256:...',
          brief: { id: [], version: 'x', digest: 5, local_path: 42 },
          foundry: { entry_event: {}, throttle: [], payload: 's' },
          repo: { revision: 1, branch: {} },
          reporting: { callback_url: 5 },
        },
        null,
        2,
      ),
      BRIEF_YAML,
    ],
    [
      'a request and a brief that are both wrong, compared with each other',
      JSON.stringify(
        {
          schema_version: 'alloy.foundry_execution_request.v1',
          request_id: 'runreq_x',
          brief: { id: 'brief_checkout_payment', version: '3', digest: 'sha256:...', local_path: '.alloy/briefs/checkout.yaml' },
          foundry: { entry_event: 'x', throttle: 'full', payload: 's' },
          repo: { revision: 'abc123', branch: 'main' },
          reporting: { callback_url: 'https://x/run-requests/runreq_y/completed' },
        },
        null,
        2,
      ),
      'schema_version: alloy.formation_brief.v1\nid: [1]\nversion: "3"\nproject_id: {}\ndigest: {a: 1}\nstatus: [compiled]\nmission: "s"\nfoundry: [dry_run]\nprotected_capabilities: {x: 1}\nevidence_plan: 5\n',
    ],
  ];

  for (const [label, request, brief] of CASES) {
    test(`${label}: every feature answers at every offset without throwing`, () => {
      const { workspace } = memoryWorkspace({ [BRIEF_PATH]: brief, [REQUEST_PATH]: request });
      for (const file of [REQUEST_PATH, BRIEF_PATH]) {
        const text = file === REQUEST_PATH ? request : brief;
        const diagnostics = workspace.check(file).diagnostics;
        if (text !== BRIEF_YAML) assert.ok(diagnostics.some((d) => d.code === 'schema'));
        assertInside(text, diagnostics);
        for (const d of diagnostics) for (const fix of quickFixesFor(workspace, file, d)) assertEditsInside(workspace, fix.edits);
        assertEditsInside(workspace, automaticFixes(workspace, file));
        for (let at = 0; at <= text.length; at++) {
          hoverAt(workspace, file, at);
          completionsAt(workspace, file, at);
          briefLinkAt(workspace, file, at);
        }
      }
    });
  }

  test('the compared request and brief: only comparable scalars are compared', () => {
    const [, request, brief] = CASES[2];
    const codes = checkRequestText(request, brief).map((d) => d.code);
    assert.ok(codes.includes('brief-invalid'));
    assert.ok(codes.includes('mutating-on-shared-branch'));
    assert.ok(codes.includes('callback-mismatch'));
    for (const code of ['brief-id-mismatch', 'brief-version-mismatch', 'project-mismatch', 'digest-mismatch', 'throttle-exceeds-brief']) {
      assert.ok(!codes.includes(code as AlloyDiagnostic['code']), code);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('offsets out of range', () => {
  test('hover and completion outside the text answer nothing', () => {
    const { workspace } = memoryWorkspace();
    for (const [file, text] of [
      [REQUEST_PATH, REQUEST_JSON],
      [BRIEF_PATH, BRIEF_YAML],
    ] as const) {
      for (const at of [-1, -1000, text.length + 1, text.length + 10, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN]) {
        assert.equal(hoverAt(workspace, file, at), undefined, `hover at ${at}`);
        assert.deepEqual(completionsAt(workspace, file, at), [], `completion at ${at}`);
      }
    }
  });

  test('completion at offset 0 of a brief that starts with a blank line (it crashed)', () => {
    const text = '\n' + BRIEF_YAML;
    const { workspace } = memoryWorkspace({ [BRIEF_PATH]: text });
    const labels = completionsAt(workspace, BRIEF_PATH, 0).map((p) => p.label);
    assert.ok(labels.includes('threats_to_watch'), labels.join(', '));
    assert.ok(!labels.includes('schema_version'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('large input', () => {
  test('a 1 MB string: the key is derived and a later range is exact', () => {
    const long = 'x'.repeat(1_000_000);
    const value = requestWith((v) => (v.requested_by = long));
    const text = requestJson(value).replace(`"requested_by": "${long}",`, `"requested_by": "${long}", "x_extra": 1,`);
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertOnly(checkRequestText(text), 'unknown-property', 'warning', [5, 1_000_022, 5, 1_000_031]);
  });

  test('50,000 payload members: the key is derived', () => {
    const payload: { [key: string]: Json } = { max_iterations: 3, strategic: true };
    for (let i = 0; i < 50_000; i++) payload[`k${i}`] = i;
    const value = requestWith((v) => (v.foundry.payload = payload));
    const text = requestJson(value);
    assert.equal(analyzeFile(REQUEST_PATH, text)?.derivedKey, value.idempotency_key);
    assertOnly(checkRequestText(text), 'brief-runtime-differs', 'warning', [21, 4, 21, 13]);
  });
});

// ---------------------------------------------------------------------------------------------
// Seeded random mutations of the valid example files.

/**
 * Lines end after LF, after the LF of CRLF, and after a lone CR (an offset between CR and LF is
 * still on the first line); a leading byte order mark takes no column.
 */
function positionOf(text: string, offset: number): Position {
  let line = 0;
  let start = text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

/** Every span lies inside the text, and every range is that span's line/character range. */
function assertInside(text: string, diagnostics: AlloyDiagnostic[]): void {
  for (const d of diagnostics) {
    const where = `${d.code} ${JSON.stringify(d.span)} in a text of ${text.length}`;
    assert.ok(d.span.offset >= 0 && d.span.length >= 0 && d.span.offset + d.span.length <= text.length, where);
    assert.deepEqual(d.range.start, positionOf(text, d.span.offset), where);
    assert.deepEqual(d.range.end, positionOf(text, d.span.offset + d.span.length), where);
  }
}

/** The brief node each related information on a request names, by its message (SPEC §6 rules). */
const RELATED_BRIEF_NODES: Record<string, string[]> = {
  "the brief's id": ['id'],
  "the brief's version": ['version'],
  "the brief's project_id": ['project_id'],
  "the brief's status": ['status'],
  "the brief's throttle": ['foundry', 'throttle'],
  "the brief's entry_event": ['foundry', 'entry_event'],
  "the brief's payload": ['foundry', 'payload'],
};

/**
 * Related information points into the brief, exactly where it must: `brief-invalid` lists the
 * brief's own errors (as checking the brief alone reports them), and every other diagnostic points
 * at the brief node its message names, on that node's line/character range in the brief's text.
 */
function assertRelatedInBrief(brief: string, diagnostics: AlloyDiagnostic[]): void {
  for (const d of diagnostics) {
    if (d.related === undefined) continue;
    const where = `${d.code} ${JSON.stringify(d.span)}: ${d.message}`;
    if (d.code === 'brief-invalid') {
      const briefErrors = checkBriefText(brief)
        .filter((e) => e.severity === 'error')
        .map((e) => ({ file: BRIEF_PATH, range: e.range, message: `${e.code}: ${e.message}` }));
      assert.ok(briefErrors.length > 0, where);
      assert.deepEqual(d.related, briefErrors, where);
      continue;
    }
    const root = analyzeFile(BRIEF_PATH, brief)?.root;
    for (const r of d.related) {
      const nodePath = RELATED_BRIEF_NODES[r.message];
      assert.ok(nodePath, `${where}: unexpected related information "${r.message}"`);
      const node = nodeAtPath(root, nodePath);
      assert.ok(node, `${where}: the brief has no ${nodePath.join('.')}`);
      const range = { start: positionOf(brief, node.span.offset), end: positionOf(brief, node.span.offset + node.span.length) };
      assert.deepEqual(r, { file: BRIEF_PATH, range, message: r.message }, where);
    }
  }
}

function assertEditsInside(workspace: AlloyWorkspace, edits: { file: string; span: { offset: number; length: number } }[]): void {
  for (const e of edits) {
    const text = workspace.textOf(e.file);
    assert.ok(
      text !== undefined && e.span.offset >= 0 && e.span.offset + e.span.length <= text.length,
      `edit ${JSON.stringify(e.span)} in ${e.file}`,
    );
  }
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  ': ',
  ',',
  '-',
  '- ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '#',
  '&a ',
  '*a',
  '!x ',
  '!!binary ',
  '|',
  '>',
  '\\',
  '\\u',
  '\\ud800',
  '\ud800',
  '😀',
  BOM,
  '---\n',
  '? ',
  '0',
  '-0',
  '1e400',
  '.inf',
  'null',
  'true',
  '__proto__',
  'constructor',
  '<<: ',
  '%YAML 1.2\n',
  '"x": 1,',
  'sha256:...',
];

function mutate(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const at = () => Math.floor(random() * (text.length + 1));
  const operations = 1 + Math.floor(random() * 4);
  for (let i = 0; i < operations; i++) {
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 6)) {
      case 0: {
        const from = at();
        text = text.slice(0, from) + text.slice(from + 1 + Math.floor(random() * 3));
        break;
      }
      case 1:
      case 2: {
        const where = at();
        text = text.slice(0, where) + pick(SNIPPETS) + text.slice(where);
        break;
      }
      case 3:
        lines.splice(line, 0, lines[line]);
        text = lines.join('\n');
        break;
      case 4:
        lines.splice(line, 1);
        text = lines.join('\n');
        break;
      default: {
        const from = at();
        const to = Math.min(text.length, from + Math.floor(random() * 40));
        const where = at();
        text = text.slice(0, where) + text.slice(from, to) + text.slice(where);
      }
    }
  }
  return text;
}

test('300 random mutations of the example request and brief: nothing throws, every range is inside its text', () => {
  const random = prng(0x5eed_a110);
  for (let iteration = 0; iteration < 300; iteration++) {
    const mutateBrief = iteration % 2 === 1;
    const request = mutateBrief ? REQUEST_JSON : mutate(REQUEST_JSON, random);
    const brief = mutateBrief ? mutate(BRIEF_YAML, random) : BRIEF_YAML;
    const file = mutateBrief ? BRIEF_PATH : REQUEST_PATH;
    const text = mutateBrief ? brief : request;
    const context = `iteration ${iteration}: ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) : text)}`;
    try {
      analyzeFile(file, text);
      const { workspace } = memoryWorkspace({ [BRIEF_PATH]: brief, [REQUEST_PATH]: request });
      for (const checked of mutateBrief ? [BRIEF_PATH, REQUEST_PATH] : [REQUEST_PATH]) {
        const diagnostics = workspace.check(checked).diagnostics;
        assertInside(checked === BRIEF_PATH ? brief : request, diagnostics);
        assertRelatedInBrief(brief, diagnostics);
        for (const d of diagnostics) for (const fix of quickFixesFor(workspace, checked, d)) assertEditsInside(workspace, fix.edits);
        assertEditsInside(workspace, automaticFixes(workspace, checked));
      }
      for (let k = 0; k < 4; k++) {
        const at = Math.floor(random() * (text.length + 1));
        const hover = hoverAt(workspace, file, at);
        if (hover) assert.ok(hover.span.offset >= 0 && hover.span.offset + hover.span.length <= text.length);
        for (const p of completionsAt(workspace, file, at)) {
          if (p.replaceSpan) assert.ok(p.replaceSpan.offset >= 0 && p.replaceSpan.offset + p.replaceSpan.length <= text.length);
        }
        briefLinkAt(workspace, REQUEST_PATH, at);
      }
    } catch (error) {
      assert.fail(`${context}\n${(error as Error).stack}`);
    }
  }
});
