// Import Report…'s judgement (each refusal says why; what passes names its root and phase), the
// Show Submissions rows and actions, the output lines for new reports, and the report text cache.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileRead, FileSystemHost } from '../../server/src/core';
import type { RequestState, StoredReport } from '../../server/src/reports';
import type { SubmissionSummary } from '../../server/src/submission';
import { submissionActions, submissionGroups, stateWords } from '../../client/src/commands/submissionPicks';
import { judgeImport } from '../../client/src/reports/importJudgement';
import { newReportLines, reportLine } from '../../client/src/reports/reportLog';
import { ReportTexts } from '../../client/src/reports/reportTexts';
import { PAYMENT_ID, paymentRunResult } from './clientFixtures';

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const known = { rootOf: (id: string) => (id === PAYMENT_ID ? '/w' : undefined) };

test('import: a run result for a known request passes with its phase and root', () => {
  const ok = judgeImport('run.json', encode(paymentRunResult()), known);
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.ok && [ok.requestId, ok.phase, ok.root], [PAYMENT_ID, 'completed', '/w']);
  const failed = judgeImport('run.json', encode(paymentRunResult({ status: 'cancelled' })), known);
  assert.equal(failed.ok && failed.phase, 'failed');
});

test('import: every refusal says why', () => {
  const reason = (bytes: Uint8Array) => {
    const j = judgeImport('run.json', bytes, known);
    return j.ok ? 'ok' : j.reason;
  };
  assert.equal(reason(new Uint8Array([0xc3, 0x28])), 'Not imported: run.json is not UTF-8 text.');
  assert.match(reason(encode('{"a": 1,}')), /^Not imported: run\.json is not JSON \(/);
  assert.equal(reason(encode([1])), 'Not imported: run.json is JSON but not an object (it is an array).');
  assert.equal(
    reason(encode({ schema_version: 'alloy.foundry_execution_request.v1' })),
    'Not imported: run.json is not a run result: its schema_version is "alloy.foundry_execution_request.v1", not "alloy.foundry_run_result.v1".',
  );
  assert.equal(
    reason(encode(paymentRunResult({ run_request_id: '../etc' }))),
    'Not imported: run.json names no run request: run_request_id is "../etc" (runreq_ followed by letters, digits or _).',
  );
  assert.equal(
    reason(encode(paymentRunResult({ status: 'running' }))),
    'Not imported: run.json has the status "running", which is not a finished run (completed, completed_with_findings, failed, rejected or cancelled).',
  );
  assert.equal(
    reason(encode(paymentRunResult({ run_request_id: 'runreq_UNKNOWN' }))),
    'Not imported: run.json is for runreq_UNKNOWN, which this machine does not know: no submission of it is in the ledger and no request file in this workspace has that request_id.',
  );
});

function summary(overrides: Partial<SubmissionSummary>): SubmissionSummary {
  return {
    submission: 'sub_1',
    requestId: PAYMENT_ID,
    key: 'sha256:7833fa03b1ae7ac9f4f039b45806d7f9',
    firstSentAt: '2026-12-01T14:02:00.000Z',
    at: '2026-12-01T14:02:00.000Z',
    state: 'accepted',
    status: 202,
    attempts: 1,
    transport: 'http',
    endpointHost: '127.0.0.1:7311',
    requestFile: '/w/.alloy/requests/checkout-payment.json',
    sha256: 'sha256:b',
    ...overrides,
  };
}

test('Show Submissions: this workspace first, newest first, re-sent history left out; words and actions', () => {
  const list = [
    summary({ submission: 'sub_old', resentBy: 'sub_new', state: 'interrupted' }),
    summary({ submission: 'sub_new', resendOf: 'sub_old', at: '2026-12-01T15:00:00.000Z' }),
    summary({
      submission: 'sub_x',
      requestId: 'runreq_X',
      requestFile: '/other/.alloy/requests/x.json',
      state: 'outcome-unknown',
      status: undefined,
    }),
    summary({ submission: 'sub_y', requestId: 'runreq_Y', state: 'rejected', status: 422, at: '2026-12-01T16:00:00.000Z' }),
  ];
  const groups = submissionGroups(list, ['/w']);
  assert.deepEqual(
    groups.here.map((p) => [p.label, p.description]),
    [
      ['$(error) runreq_Y', 'rejected (422)'],
      [`$(pass) ${PAYMENT_ID}`, 'accepted (202)'],
    ],
  );
  assert.equal(
    groups.here[1].detail,
    '2026-12-01 15:00 UTC → 127.0.0.1:7311 · .alloy/requests/checkout-payment.json · sha256:7833fa03b1ae… · re-sent recorded bytes',
  );
  assert.deepEqual(
    groups.elsewhere.map((p) => [p.label, p.description]),
    [['$(question) runreq_X', 'outcome unknown — check Foundry']],
  );
  assert.equal(stateWords({ state: 'already-submitted', status: 200, replayed: true }), 'already submitted (200, replayed)');
  assert.deepEqual(
    submissionActions(list[2], { hasReport: false, fileExists: true }).map((a) => a.id),
    ['open-request', 'compare', 'resend'],
  );
  assert.deepEqual(
    submissionActions(list[1], { hasReport: true, fileExists: true }).map((a) => a.id),
    ['show-report', 'open-raw', 'open-request', 'compare'],
  );
  assert.deepEqual(
    submissionActions(list[1], { hasReport: false, fileExists: false }).map((a) => a.id),
    ['show-report'],
  );
});

function report(overrides: Partial<StoredReport>): StoredReport {
  return {
    requestId: PAYMENT_ID,
    phase: 'completed',
    receivedAt: '2026-12-01T14:20:00Z',
    sha256: 'sha256:1',
    size: 10,
    file: '/w/r.json',
    named: true,
    problems: [],
    flagged: false,
    ...overrides,
  };
}

test('output lines: one per request whose current report is new; gist of gates, errors and evidence', () => {
  const current = report({});
  const state = { requestId: PAYMENT_ID, current } as RequestState;
  assert.equal(
    reportLine(state, current, paymentRunResult()),
    `Report completed for ${PAYMENT_ID} · run completed_with_findings · gates: 1 passed, 1 failed, 0 skipped · 2 errors · evidence: 1 missing, 0 failing (stored at /w/r.json)`,
  );
  const flagged = report({ flagged: true, problems: [{ code: 'schema', severity: 'error', message: 'Missing status.' }] });
  assert.equal(
    reportLine({ requestId: PAYMENT_ID } as RequestState, flagged, {}),
    `Report completed for ${PAYMENT_ID} (stored at /w/r.json) — flagged: Missing status.`,
  );
  const before = new Map([[PAYMENT_ID, state]]);
  assert.deepEqual(
    newReportLines(before, before, () => paymentRunResult()),
    [],
  );
  const newer = new Map([
    [PAYMENT_ID, { requestId: PAYMENT_ID, current: report({ sha256: 'sha256:2', phase: 'started' }) } as RequestState],
  ]);
  assert.deepEqual(
    newReportLines(before, newer, () => assert.fail('a started report has no run result to read')),
    [`Report started for ${PAYMENT_ID} (stored at /w/r.json)`],
  );
});

test('report texts: read once per content, again when the bytes change; JSON parsed once; a read failure in words', () => {
  const reads: string[] = [];
  let text = JSON.stringify({ a: 1 });
  const host = {
    readFile: (p: string): FileRead => {
      reads.push(p);
      return p === '/missing.json' ? { ok: false, problem: 'missing' } : { ok: true, text };
    },
  } as unknown as FileSystemHost;
  const texts = new ReportTexts(host);
  assert.deepEqual(texts.json({ file: '/r.json', sha256: 'sha256:1' }), { a: 1 });
  assert.deepEqual(texts.text({ file: '/r.json', sha256: 'sha256:1' }), { ok: true, text: '{"a":1}' });
  assert.equal(reads.length, 1);
  text = 'not json';
  assert.equal(texts.json({ file: '/r.json', sha256: 'sha256:2' }), undefined);
  assert.equal(reads.length, 2);
  assert.deepEqual(texts.text({ file: '/missing.json', sha256: 'sha256:3' }), { ok: false, reason: 'no such file' });
});
