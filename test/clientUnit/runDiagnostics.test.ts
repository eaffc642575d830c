// Run results in the editor: errors and failed gates on the request's `request_id` (JSON), missing
// evidence on its `evidence_plan.required` item and an at-risk capability on its `id` (YAML), with
// exact ranges and words; a run against an older brief says so; per brief, the newest run wins.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { analyzeFile, type FileAnalysis } from '../../server/src/core';
import type { RequestState, StoredReport } from '../../server/src/reports';
import { objectItemRanges, rangeAtPath, stringItemRanges, valueAt } from '../../client/src/reports/documentPositions';
import {
  briefExpectationsOf,
  briefRunDiagnostics,
  requestRunDiagnostics,
  runDiagnosticsByFile,
  runReportOf,
} from '../../client/src/reports/runDiagnostics';
import { briefFile, CAPABILITY, CONTRACT_TESTS, DECLINED_CARD, EXAMPLE, PAYMENT_ID, paymentRunResult, requestFile } from './clientFixtures';

const requestText = fs.readFileSync(requestFile(EXAMPLE), 'utf8');
const briefText = fs.readFileSync(briefFile(EXAMPLE), 'utf8');
const request = analyzeFile(requestFile(EXAMPLE), requestText)!;
const brief = analyzeFile(briefFile(EXAMPLE), briefText)!;

function lineOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('positions: a JSON member value and YAML list items, by path', () => {
  const id = rangeAtPath(request, ['request_id'])!;
  assert.deepEqual(id.start, lineOf(requestText, `"${PAYMENT_ID}"`));
  assert.equal(id.end.character - id.start.character, PAYMENT_ID.length + 2);
  const [declined] = stringItemRanges(brief, ['evidence_plan', 'required'], DECLINED_CARD);
  assert.deepEqual(declined.start, lineOf(briefText, DECLINED_CARD));
  const [capability] = objectItemRanges(brief, ['protected_capabilities'], 'id', CAPABILITY);
  assert.deepEqual(capability.start, lineOf(briefText, CAPABILITY));
  assert.equal(rangeAtPath(request, ['nope', 0]), undefined);
  assert.deepEqual(stringItemRanges(brief, ['evidence_plan', 'required'], 'evidence.none'), []);
  assert.deepEqual(valueAt(brief.value, ['evidence_plan', 'required', 1]), DECLINED_CARD);
  assert.equal(valueAt(brief.value, ['constructor']), undefined);
});

const origin = { requestId: PAYMENT_ID, receivedAt: '2026-12-01T14:20:00Z' };

test('request: one information diagnostic per error and per failed gate, at request_id', () => {
  const found = requestRunDiagnostics(request, paymentRunResult(), origin);
  const at = rangeAtPath(request, ['request_id']);
  assert.deepEqual(
    found.map((d) => [d.code, d.message]),
    [
      [
        'run-error',
        'Foundry run foundry_run_01HZ_PAYMENT (completed with findings): execution error: Gate vendor_sdk_import_boundary failed.',
      ],
      ['run-error', 'Foundry run foundry_run_01HZ_PAYMENT (completed with findings): safety error: Provider SDK called from a LiveView.'],
      [
        'gate-failed',
        'Foundry run foundry_run_01HZ_PAYMENT (completed with findings): gate "vendor_sdk_import_boundary" (verify) failed: Stripe SDK imported in CheckoutLive.',
      ],
    ],
  );
  assert.ok(found.every((d) => JSON.stringify(d.range) === JSON.stringify(at)));
  assert.deepEqual(requestRunDiagnostics(request, 'not an object', origin), []);
  assert.deepEqual(requestRunDiagnostics(request, paymentRunResult({ errors: [], gates: [] }), origin), []);
});

test('brief: missing evidence at its list item, at-risk capability at its id; satisfied evidence says nothing', () => {
  const found = briefRunDiagnostics(brief, paymentRunResult(), origin);
  assert.deepEqual(
    found.map((d) => [d.code, d.range.start.line, d.message]),
    [
      [
        'evidence-missing',
        lineOf(briefText, DECLINED_CARD).line,
        `Foundry run foundry_run_01HZ_PAYMENT (completed with findings) for ${PAYMENT_ID}: required evidence ${DECLINED_CARD} is missing — No declined-card test ran.`,
      ],
      [
        'capability-at-risk',
        lineOf(briefText, CAPABILITY).line,
        `Foundry run foundry_run_01HZ_PAYMENT (completed with findings) for ${PAYMENT_ID}: protected capability ${CAPABILITY} is at risk`,
      ],
    ],
  );
  assert.ok(!found.some((d) => d.message.includes(CONTRACT_TESTS)));
  const older = briefRunDiagnostics(brief, paymentRunResult({ brief_digest: 'sha256:' + '0'.repeat(64) }), origin);
  assert.ok(older.every((d) => d.message.endsWith(' (that run used an earlier version of this brief)')));
  assert.deepEqual(briefExpectationsOf(brief.value), {
    requiredEvidence: [CONTRACT_TESTS, DECLINED_CARD],
    protectedCapabilities: [{ id: CAPABILITY, statement: 'The payment provider can be replaced without touching checkout screens.' }],
  });
});

function stored(requestId: string, phase: 'completed' | 'started', receivedAt: string, file: string): StoredReport {
  return { requestId, phase, receivedAt, sha256: `sha256:${file}`, size: 1, file, named: true, problems: [], flagged: false };
}

function state(requestId: string, current: StoredReport | undefined, requestFile: string): RequestState {
  return {
    requestId,
    state: current?.phase ?? 'accepted',
    source: current ? 'report' : 'ledger',
    current,
    latest: { requestFile },
  } as unknown as RequestState;
}

test('by file: each request its own run; each brief the newest run of the requests naming it; started is no run', () => {
  const other = requestFile(EXAMPLE, 'broken-digest-mismatch.json');
  const otherAnalysis = analyzeFile(other, fs.readFileSync(other, 'utf8'))!;
  const runs: Record<string, unknown> = {
    '/r/old.json': paymentRunResult({ foundry_run_id: 'run_old' }),
    '/r/new.json': paymentRunResult({ foundry_run_id: 'run_new', run_request_id: 'runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST' }),
  };
  const analyses: Record<string, FileAnalysis> = { [requestFile(EXAMPLE)]: request, [other]: otherAnalysis, [briefFile(EXAMPLE)]: brief };
  const states = [
    state(PAYMENT_ID, stored(PAYMENT_ID, 'completed', '2026-12-01T14:20:00Z', '/r/old.json'), requestFile(EXAMPLE)),
    state(
      'runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST',
      stored('runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST', 'completed', '2026-12-01T15:00:00Z', '/r/new.json'),
      other,
    ),
    state('runreq_STARTED', stored('runreq_STARTED', 'started', '2026-12-01T16:00:00Z', '/r/s.json'), '/nowhere.json'),
  ];
  assert.equal(runReportOf(states[2]), undefined);
  const byFile = runDiagnosticsByFile(states, {
    analysisOf: (f) => analyses[f],
    briefOf: () => briefFile(EXAMPLE),
    requestFileOf: (s) => s.latest?.requestFile,
    readRun: (r) => runs[r.file],
  });
  assert.deepEqual([...byFile.keys()].sort(), [briefFile(EXAMPLE), other, requestFile(EXAMPLE)].sort());
  assert.ok(byFile.get(requestFile(EXAMPLE))!.every((d) => d.message.startsWith('Foundry run run_old ')));
  assert.ok(byFile.get(other)!.every((d) => d.message.startsWith('Foundry run run_new ')));
  assert.ok(byFile.get(briefFile(EXAMPLE))!.every((d) => d.message.startsWith('Foundry run run_new ')));
});

test('a request file that now carries another request id gets no run diagnostics', () => {
  const byFile = runDiagnosticsByFile(
    [state('runreq_OTHER', stored('runreq_OTHER', 'completed', '2026-12-01T14:20:00Z', '/r.json'), requestFile(EXAMPLE))],
    {
      analysisOf: () => request,
      briefOf: () => undefined,
      requestFileOf: (s) => s.latest?.requestFile,
      readRun: () => paymentRunResult(),
    },
  );
  assert.equal(byFile.size, 0);
});
