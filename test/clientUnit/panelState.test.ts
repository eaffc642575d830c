// The reports page state from a real snapshot: rows newest first with state, file, key prefix,
// answer and report time; the selected request's run result, submitted digest and brief (evidence
// plan, capabilities, digest now); notices for the ledger and other folders; the state passes the
// page's own check and renders; an unreadable report says why.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeDirectoryLister, nodeFileSystem } from '../../server/src/core';
import { listStoredReports, writeReportFile } from '../../server/src/reports';
import { nodeLedgerFile, nodeSubmissionOwners } from '../../server/src/submission';
import { answerWords, buildPanelState, type PanelPorts } from '../../client/src/reports/panelState';
import { renderReportsPage } from '../../client/src/reports/reportsHtml';
import { stateProblem } from '../../client/src/reports/reportsPageProtocol';
import { ReportTexts } from '../../client/src/reports/reportTexts';
import { AlloyModel } from '../../client/src/state/alloyModel';
import { WorkspaceIndex } from '../../client/src/state/workspaceIndex';
import {
  attemptLine,
  BRIEF_DIGEST,
  CAPABILITY,
  CONTRACT_TESTS,
  copyExample,
  DECLINED_CARD,
  outcomeLine,
  PAYMENT_ID,
  PAYMENT_KEY,
  paymentRunResult,
  pendingLine,
  removeDir,
  requestFile,
  writeLedger,
} from './clientFixtures';

async function scene(t: { after(fn: () => void): void }) {
  const root = copyExample('panel');
  t.after(() => removeDir(path.dirname(root)));
  const file = requestFile(root);
  const refund = requestFile(root, 'broken-digest-mismatch.json');
  const ledgerFile = path.join(path.dirname(root), 'ledger.jsonl');
  const a = { submission: 'sub_a', requestId: PAYMENT_ID, key: PAYMENT_KEY };
  const b = { submission: 'sub_b', requestId: 'runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST', key: 'sha256:' + 'f'.repeat(64) };
  writeLedger(ledgerFile, [
    pendingLine({ ...a, at: '2026-12-01T14:02:00.000Z', requestFile: file, root, bytes: fs.readFileSync(file) }),
    attemptLine(a, '2026-12-01T14:02:00.100Z', 1, 202),
    outcomeLine(a, '2026-12-01T14:02:00.200Z', 'accepted', 202),
    pendingLine({ ...b, at: '2026-12-01T14:10:00.000Z', requestFile: refund, root, bytes: fs.readFileSync(refund) }),
    attemptLine(b, '2026-12-01T14:10:00.100Z', 1, 422),
    { ...outcomeLine(b, '2026-12-01T14:10:00.200Z', 'rejected', 422), detail: 'Invalid request: brief digest' } as never,
    pendingLine({
      submission: 'sub_c',
      requestId: 'runreq_ELSEWHERE',
      key: 'sha256:' + 'e'.repeat(64),
      at: '2026-12-01T13:00:00.000Z',
      requestFile: '/else/.alloy/requests/x.json',
      root: '/else',
      bytes: new Uint8Array([123, 125]),
    }),
  ]);
  const saved = await writeReportFile(root, {
    requestId: PAYMENT_ID,
    phase: 'completed',
    bytes: new TextEncoder().encode(JSON.stringify(paymentRunResult())),
    receivedAt: new Date('2026-12-01T14:20:00Z'),
  });
  const model = new AlloyModel({
    ledger: nodeLedgerFile(ledgerFile),
    owners: nodeSubmissionOwners,
    clock: { now: () => Date.parse('2026-12-01T15:00:00Z') },
    listReports: (r) => listStoredReports(r),
    folders: () => [root],
    resendWindowMs: () => 86_400_000,
  });
  await model.refresh();
  const index = new WorkspaceIndex({ files: nodeFileSystem, lister: nodeDirectoryLister, folders: () => [root] });
  await index.scan();
  const texts = new ReportTexts(nodeFileSystem);
  const ports: PanelPorts = {
    readText: (r) => texts.text(r),
    check: (f) => index.check(f),
    analysisOf: (f) => index.analysisOf(f),
    rootOf: (f) => index.rootOf(f),
    requestFilesOf: (id) => index.requestFilesOf(id).map((r) => r.file),
  };
  return { root, model, ports, ledgerFile, reportFile: saved.report.file };
}

test('rows newest first, the selected request with its run, brief and submitted digest, and the notices', async (t) => {
  const { model, ports, ledgerFile, reportFile } = await scene(t);
  const state = buildPanelState({ snapshot: model.snapshot, notices: ['Receiving callbacks on 127.0.0.1:47311.'] }, 7, ports);
  assert.equal(state.seq, 7);
  assert.deepEqual(state.requests, [
    {
      requestId: PAYMENT_ID,
      state: 'completed',
      projectId: 'checkout-service',
      file: '.alloy/requests/checkout-payment.json',
      submittedAt: '2026-12-01T14:02:00.000Z',
      keyPrefix: 'sha256:7833fa03',
      answer: '202 accepted',
      reportedAt: '2026-12-01T14:20:00.000Z',
    },
    {
      requestId: 'runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST',
      state: 'rejected',
      projectId: 'checkout-service',
      file: '.alloy/requests/broken-digest-mismatch.json',
      submittedAt: '2026-12-01T14:10:00.000Z',
      keyPrefix: 'sha256:ffffffff',
      answer: '422 rejected: Invalid request: brief digest',
    },
  ]);
  assert.equal(state.selectedId, PAYMENT_ID);
  const selected = state.selected!;
  assert.equal(selected.submittedDigest, BRIEF_DIGEST);
  assert.deepEqual(selected.report?.runResult, paymentRunResult());
  assert.equal(selected.report?.phase, 'completed');
  assert.equal(selected.report?.file, reportFile);
  assert.deepEqual(selected.report?.problems, []);
  assert.deepEqual(selected.brief, {
    id: 'brief_01HZ_CHECKOUT_PAYMENT',
    path: '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml',
    requiredEvidence: [CONTRACT_TESTS, DECLINED_CARD],
    protectedCapabilities: [{ id: CAPABILITY, statement: 'The payment provider can be replaced without touching checkout screens.' }],
    currentDigest: BRIEF_DIGEST,
  });
  assert.deepEqual(state.notices, [
    `Ledger: ${ledgerFile}`,
    '1 request(s) submitted from folders outside this workspace are not listed; Alloy: Show Submissions lists every submission.',
    'Receiving callbacks on 127.0.0.1:47311.',
  ]);
  assert.equal(stateProblem(state), undefined);
  const html = renderReportsPage(state, {
    nonce: 'A'.repeat(24),
    cspSource: 'vscode-resource:',
    scriptUri: 'vscode-resource:/dist/reportsView.js',
  });
  assert.ok(html.includes('vendor_sdk_import_boundary'));
});

test('a chosen request is selected; an unknown choice falls back to the newest; a rejected one has no report', async (t) => {
  const { model, ports } = await scene(t);
  const chosen = buildPanelState({ snapshot: model.snapshot, selectedId: 'runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST' }, 1, ports);
  assert.equal(chosen.selectedId, 'runreq_01HZ_CHECKOUT_PAYMENT_STALE_DIGEST');
  assert.equal(chosen.selected?.report, undefined);
  assert.equal(chosen.selected?.brief?.currentDigest, BRIEF_DIGEST);
  assert.equal(buildPanelState({ snapshot: model.snapshot, selectedId: 'runreq_GONE' }, 2, ports).selectedId, PAYMENT_ID);
});

test('a report file that went away is shown as a problem, not a crash', async (t) => {
  const { model, ports, reportFile } = await scene(t);
  fs.rmSync(reportFile);
  const state = buildPanelState({ snapshot: model.snapshot }, 3, { ...ports, readText: () => ({ ok: false, reason: 'no such file' }) });
  assert.deepEqual(state.selected?.report?.problems[0], {
    message: 'The report file cannot be shown: no such file.',
    severity: 'error',
    code: 'unreadable',
  });
  assert.equal(state.selected?.report?.runResult, undefined);
});

test('an unreadable ledger is the first notice; answers in words', () => {
  const state = buildPanelState(
    {
      snapshot: {
        at: 1,
        ledgerLocation: '/l.jsonl',
        ledgerProblem: 'permission denied',
        ledgerWarnings: ['/l.jsonl:3: ledger line skipped: torn'],
        entries: [],
        records: [],
        submissions: [],
        known: new Map(),
        roots: [],
        reports: [],
        skipped: [{ path: '/w/.alloy/reports/runreq_A/x.json', kind: 'unreadable', reason: 'permission denied' }],
        states: new Map(),
        elsewhere: 0,
      },
    },
    1,
    {
      readText: () => ({ ok: false, reason: '' }),
      check: () => ({ path: '', analysis: undefined, diagnostics: [] }),
      analysisOf: () => undefined,
      rootOf: (f) => f,
      requestFilesOf: () => [],
    },
  );
  assert.deepEqual(state.notices, [
    'The submission ledger /l.jsonl cannot be read (permission denied); submitting is refused until it can be read.',
    '/l.jsonl:3: ledger line skipped: torn',
    'A report file could not be read: /w/.alloy/reports/runreq_A/x.json (permission denied).',
  ]);
  assert.deepEqual(state.requests, []);
  assert.equal(answerWords({ latest: { answer: { error: 'connection reset' }, attempts: 1 } } as never), 'connection reset');
  assert.equal(answerWords({ latest: { attempts: 0 } } as never), undefined);
  assert.equal(answerWords({ latest: { outcome: 'given-up', answer: { detail: 'no answer' } } } as never), 'given up: no answer');
});
