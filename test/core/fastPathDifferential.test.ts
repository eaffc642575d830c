// The fast paths change no diagnostic: on a seeded mutation corpus (test/support/mutationCorpus.ts)
// of requests, briefs and reports, the workspace reading texts the fast way (and reusing a
// previous text's hashes) and one reading each text afresh only through the parsers that build
// syntax trees give byte-identical diagnostics: codes,
// severities, messages, spans, ranges, data and related information, own and cross-file. Also
// counts that the fast paths really took part (the lever is real).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fastJsonValue } from '../../server/src/core/document/jsonFastPath';
import { parseDocumentSlowly } from '../../server/src/core/document/parsedDocument';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { briefMutants, exampleBriefTexts, exampleRequestTexts, requestMutants, resultMutants } from '../support/mutationCorpus';
import { MemoryHost } from '../support/memoryHost';

const BRIEF = '/repo/.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const REQUEST = '/repo/.alloy/requests/checkout-payment.json';
const REPORT = '/repo/.alloy/reports/runreq_01HZ_CHECKOUT_PAYMENT/completed.json';

function exampleBrief(): string {
  const text = exampleBriefTexts().find((t) => t.includes('id: brief_01HZ_CHECKOUT_PAYMENT'));
  assert.ok(text, 'the example brief');
  return text;
}

function exampleRequest(): string {
  // checkout-payment.json (broken-placeholders.json has the same id, and placeholders that stop the key and digest rules).
  const text = exampleRequestTexts().find(
    (t) => t.includes('"request_id": "runreq_01HZ_CHECKOUT_PAYMENT"') && !t.includes('sha256:example'),
  );
  assert.ok(text, 'the example request');
  return text;
}

/** Two workspaces over the same files: the default (fast paths) and the slow path only. */
function pair(): { fast: AlloyWorkspace; slow: AlloyWorkspace } {
  const host = new MemoryHost({ [BRIEF]: exampleBrief(), [REQUEST]: exampleRequest() });
  return { fast: new AlloyWorkspace(host, ['/repo']), slow: new AlloyWorkspace(host, ['/repo'], parseDocumentSlowly) };
}

/** Sets the text in both workspaces and asserts that every listed file checks the same. */
function assertSameChecks(ws: { fast: AlloyWorkspace; slow: AlloyWorkspace }, file: string, text: string, checked: string[]): void {
  ws.fast.setOverlay(file, text);
  // The slow side starts from nothing each time, so hashes reused from the previous text (the
  // fast side's memo) are checked against hashes computed afresh.
  ws.slow.forget(file);
  ws.slow.setOverlay(file, text);
  for (const f of checked) {
    const fast = ws.fast.check(f).diagnostics;
    const slow = ws.slow.check(f).diagnostics;
    // Byte-identical: the serialised forms are equal, which also fixes property and element order.
    assert.equal(JSON.stringify(fast), JSON.stringify(slow), `${f} after setting ${file} to ${JSON.stringify(text.slice(0, 2000))}`);
  }
}

describe('fast paths keep every diagnostic byte-identical', () => {
  test('3,000 mutated requests, with their cross-file checks', () => {
    const ws = pair();
    let fast = 0;
    let diagnosed = 0;
    for (const text of requestMutants(1301, 3000)) {
      if (fastJsonValue(text) !== undefined) fast++;
      assertSameChecks(ws, REQUEST, text, [REQUEST]);
      if (ws.fast.check(REQUEST).diagnostics.length > 0) diagnosed++;
    }
    assert.ok(fast >= 600, `only ${fast} of 3,000 mutants took the JSON fast path`);
    assert.ok(diagnosed >= 1500, `only ${diagnosed} of 3,000 mutants had a diagnostic: the corpus is too tame`);
  });

  test('2,000 mutated briefs, checked themselves and through the request naming them', () => {
    const ws = pair();
    for (const text of briefMutants(1302, 2000)) assertSameChecks(ws, BRIEF, text, [BRIEF, REQUEST]);
  });

  test('1,000 mutated run results and observations', () => {
    const ws = pair();
    let fast = 0;
    for (const text of resultMutants(1303, 1000)) {
      if (fastJsonValue(text) !== undefined) fast++;
      assertSameChecks(ws, REPORT, text, [REPORT]);
    }
    assert.ok(fast >= 200, `only ${fast} of 1,000 mutants took the JSON fast path`);
  });
});

describe('typing in a request: each text read as an edit of the one before', () => {
  test('every string value typed into and erased, a character at a time, checks as a fresh read does', () => {
    const ws = pair();
    const request = exampleRequest();
    // Each string value of the request (key inputs among them: the key is derived again).
    const strings = [...request.matchAll(/: "([^"]*)"/g)].map((m) => (m.index as number) + m[0].length - 1);
    assert.ok(strings.length >= 12, 'the request has its string values');
    const typings = ['x', '-2', ':', '/run-requests/other', 'é😀', '_a1'];
    let text = request;
    let edited = 0;
    let steps = 0;
    for (const [k, close] of strings.entries()) {
      // The closing quote moves as earlier strings grow and shrink; find it again by its place from the end.
      const at = text.length - (request.length - close) - (k % 3);
      const typed = typings[k % typings.length];
      for (let n = 1; n <= typed.length; n++) {
        text = text.slice(0, at) + typed.slice(0, n) + text.slice(at + n - 1);
        assertSameChecks(ws, REQUEST, text, [REQUEST]);
        steps++;
        if (ws.fast.analysisOf(REQUEST)?.document.editedPath !== undefined) edited++;
      }
      for (let n = typed.length - 1; n >= 0; n--) {
        text = text.slice(0, at) + typed.slice(0, n) + text.slice(at + n + 1);
        assertSameChecks(ws, REQUEST, text, [REQUEST]);
        steps++;
        if (ws.fast.analysisOf(REQUEST)?.document.editedPath !== undefined) edited++;
      }
      assert.equal(text, request, 'erasing what was typed gives the request back');
    }
    // All but the first text of each string's run can be read as an edit (a surrogate pair typed
    // half at a time is not one string edit while the half stands).
    assert.ok(edited >= steps * 0.8, `only ${edited} of ${steps} texts were read as edits`);
  });
});

describe('hashes reused from the previous text of a file', () => {
  test('the key and the digest always equal those computed afresh, whether or not their inputs changed', () => {
    const ws = pair();
    const request = exampleRequest();
    const requests = [
      request.replace('10:05:00', '10:05:01'), // not a key input: the key is reused
      request.replace('"max_iterations": 3', '"max_iterations": 4'), // a payload change: a new key
      request.replace('"max_iterations": 3', '"max_iterations": 3.0'), // canonically the same number
      request.replace('"stacey"', '"stacez"'),
      request,
    ];
    for (const text of requests) assertSameChecks(ws, REQUEST, text, [REQUEST]);
    const brief = exampleBrief();
    const briefs = [
      brief + '# a comment\n', // not in the data: the digest is reused
      brief.replace('status: compiled', 'status: draft'),
      brief.replace(/^digest: .*$/m, 'digest: sha256:' + '0'.repeat(64)), // only the own digest: reused
      brief,
    ];
    for (const text of briefs) assertSameChecks(ws, BRIEF, text, [BRIEF, REQUEST]);
    for (const text of [...requests.slice(0, -1), ...briefs.slice(0, -1)])
      assert.ok(text !== request && text !== brief, 'each edit changes the text');
  });
});
