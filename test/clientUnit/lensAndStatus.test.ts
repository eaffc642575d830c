// The extension's CodeLens titles and the status bar words, exactly: submit with target and
// throttle, ⚠ for full, the last submission with its outcome and report, sending progress and
// problems. The digest, key and "N requests name this brief" rows are the language server's
// (test/lsp/codeLens.test.ts), so the extension no longer draws them: VS Code shows each row once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestLenses, type RequestLensInput } from '../../client/src/codelens/lensTitles';
import type { BriefFacts, RequestFacts } from '../../client/src/state/fileFacts';
import { outcomeWords, reportWords, sendingWords, submissionFactsOf, type SubmissionFacts } from '../../client/src/state/submissionFacts';
import { statusOf } from '../../client/src/status/statusText';
import type { SubmissionSummary } from '../../server/src/submission';
import type { RequestState } from '../../server/src/reports';
import { PAYMENT_ID, PAYMENT_KEY } from './clientFixtures';

const NOW = Date.parse('2026-12-01T14:30:00Z');
const time = (iso: string) => iso.slice(11, 16);

function request(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    kind: 'request',
    file: '/w/.alloy/requests/checkout-payment.json',
    requestId: PAYMENT_ID,
    projectId: 'checkout-service',
    throttle: 'dry_run',
    branch: 'alloy/checkout-payment',
    briefId: 'brief_01HZ_CHECKOUT_PAYMENT',
    key: PAYMENT_KEY,
    errors: 0,
    warnings: 0,
    briefErrors: 0,
    digest: { state: 'ok' },
    keyCheck: { state: 'ok' },
    ...overrides,
  };
}

function lens(overrides: Partial<RequestLensInput> = {}) {
  return requestLenses({ facts: request(), target: { ok: true, shown: '127.0.0.1:7311' }, now: NOW, time, ...overrides });
}

const accepted: SubmissionFacts = { at: '2026-12-01T14:02:00Z', state: 'accepted', status: 202, sameKey: true };

test('a valid dry_run request: only Submit → host (digest and key rows come from the server)', () => {
  assert.deepEqual(lens(), [
    {
      title: 'Submit (dry_run) → 127.0.0.1:7311',
      tooltip: 'throttle "dry_run": observers run, mutators are simulated. Sends the saved file to 127.0.0.1:7311.',
      action: 'submit',
    },
  ]);
});

test('full is marked ⚠ and names project, branch and brief; errors say to fix them first', () => {
  const full = lens({ facts: request({ throttle: 'full' }) })[0];
  assert.equal(full.title, '⚠ Submit (full) → 127.0.0.1:7311');
  assert.equal(
    full.tooltip,
    'throttle "full": mutators change the repository. You will be asked to confirm (project checkout-service, branch alloy/checkout-payment, brief brief_01HZ_CHECKOUT_PAYMENT).',
  );
  const broken = lens({
    facts: request({
      errors: 2,
      digest: { state: 'wrong', why: 'the brief digests to sha256:abc' },
      keyCheck: { state: 'unknown', why: 'idempotency_key is missing' },
    }),
  });
  // A wrong digest and a missing key are the server's rows now; the submit row counts the errors.
  assert.deepEqual(
    broken.map((l) => [l.title, l.action]),
    [['Submit (dry_run) → 127.0.0.1:7311 (fix 2 errors first)', 'show-problems']],
  );
  assert.equal(lens({ facts: request({ briefErrors: 1 }) })[0].title, 'Submit (dry_run) → 127.0.0.1:7311 (fix 1 error in its brief first)');
});

test('no endpoint: the lens says so and opens the settings', () => {
  const first = lens({ target: { ok: false, shown: 'no endpoint set', why: 'set alloy.submit.endpoint' } })[0];
  assert.deepEqual(first, {
    title: 'Submit (dry_run) → no endpoint set',
    tooltip: 'Not ready to send: set alloy.submit.endpoint.',
    action: 'open-settings',
  });
});

test('after a submit: "submitted 14:02 · accepted (202) · report: completed"', () => {
  assert.equal(lens({ last: accepted })[1].title, 'submitted 14:02 · accepted (202)');
  const reported = {
    ...accepted,
    report: { phase: 'completed', runStatus: 'completed', receivedAt: '2026-12-01T14:20:00Z', flagged: false },
  };
  assert.deepEqual(lens({ last: reported })[1], {
    title: 'submitted 14:02 · accepted (202) · report: completed',
    tooltip: 'The latest submission of this request. Click to show its reports.',
    action: 'show-reports',
  });
  const findings = { ...reported, report: { ...reported.report, runStatus: 'completed_with_findings' } };
  assert.equal(lens({ last: findings })[1].title, 'submitted 14:02 · accepted (202) · report: completed with findings');
  assert.equal(lens({ last: { ...accepted, sameKey: false } })[1].title, 'submitted 14:02 with an earlier key · accepted (202)');
});

test('while sending, the submit lens shows the attempt and is not clickable', () => {
  const sending = { stage: 'sending' as const, attempt: 2, of: 5, startedAt: NOW - 3000 };
  assert.deepEqual(lens({ sending })[0], {
    title: 'Submitting… attempt 2 of 5',
    tooltip: 'A submission of this file is in progress in this window.',
    action: 'none',
  });
});

test('words: outcomes with status and replay, report status, sending and waiting', () => {
  assert.equal(outcomeWords({ state: 'already-submitted', status: 200, replayed: true }), 'already submitted (200, replayed)');
  assert.equal(outcomeWords({ state: 'outcome-unknown' }), 'outcome unknown');
  assert.equal(reportWords({ phase: 'failed', runStatus: 'rejected', receivedAt: '', flagged: true }), 'rejected (flagged)');
  assert.equal(
    sendingWords({ stage: 'waiting', attempt: 3, of: 5, until: NOW + 4200, startedAt: NOW }, NOW),
    'waiting 5 s for attempt 3 of 5',
  );
  assert.equal(sendingWords({ stage: 'confirming', startedAt: NOW }, NOW), 'waiting for your confirmation');
  assert.equal(sendingWords({ stage: 'preparing', startedAt: NOW }, NOW), 'preparing');
});

test('status bar: valid, problems, sending, submitted, report in, outcome unknown; hidden for other files', () => {
  const base = { now: NOW, time };
  assert.equal(statusOf({ ...base, facts: { kind: 'other', file: '/x' } }), undefined);
  assert.deepEqual(statusOf({ ...base, facts: request({ warnings: 2 }) }), {
    text: '$(check) Alloy: valid · 2 warnings',
    tooltip: 'The request has no errors (throttle dry_run); Alloy: Submit Request sends it.',
    action: 'none',
    tone: 'normal',
  });
  assert.deepEqual(statusOf({ ...base, facts: request({ errors: 2, briefErrors: 1 }) }), {
    text: '$(error) Alloy: 3 problems',
    tooltip: '3 errors (2 in this file, 1 in its brief); submitting is refused until they are fixed. Click to open the Problems view.',
    action: 'show-problems',
    tone: 'error',
  });
  assert.equal(
    statusOf({ ...base, facts: request(), sending: { stage: 'sending', attempt: 1, of: 5, startedAt: NOW } })?.text,
    '$(sync~spin) Alloy: sending · attempt 1 of 5',
  );
  assert.equal(statusOf({ ...base, facts: request(), last: accepted })?.text, '$(cloud-upload) Alloy: submitted 14:02 · accepted (202)');
  const report = { phase: 'completed', runStatus: 'completed', receivedAt: '2026-12-01T14:20:00Z', flagged: false };
  assert.equal(statusOf({ ...base, facts: request(), last: { ...accepted, report } })?.text, '$(pass) Alloy: report in · completed');
  const failed = statusOf({
    ...base,
    facts: request(),
    last: { ...accepted, report: { ...report, phase: 'failed', runStatus: 'failed' } },
  });
  assert.deepEqual([failed?.text, failed?.tone], ['$(error) Alloy: report in · failed', 'warning']);
  const unknown = statusOf({ ...base, facts: request(), last: { at: accepted.at, state: 'outcome-unknown', sameKey: true } });
  assert.deepEqual([unknown?.text, unknown?.tone], ['$(warning) Alloy: submitted 14:02 · outcome unknown', 'warning']);
  assert.equal(statusOf({ ...base, facts: request(), last: { ...accepted, sameKey: false } })?.text, '$(check) Alloy: valid');
  const brief: BriefFacts = { kind: 'brief', file: '/w/b.yaml', errors: 0, warnings: 0 };
  assert.equal(statusOf({ ...base, facts: brief, naming: 2 })?.text, '$(check) Alloy brief: valid · 2 requests');
});

test('submissionFactsOf: the report counts only for the submission series of the same key', () => {
  const summary = {
    submission: 'sub_1',
    requestId: PAYMENT_ID,
    key: PAYMENT_KEY,
    firstSentAt: accepted.at,
    at: accepted.at,
    state: 'accepted',
    status: 202,
    attempts: 1,
  } as SubmissionSummary;
  const report = {
    requestId: PAYMENT_ID,
    phase: 'completed',
    receivedAt: '2026-12-01T14:20:00Z',
    sha256: 'sha256:x',
    size: 1,
    file: '/r.json',
    named: true,
    runStatus: 'completed',
    problems: [],
    flagged: false,
  } as const;
  const state = {
    requestId: PAYMENT_ID,
    state: 'completed',
    source: 'report',
    current: report,
    latest: { key: PAYMENT_KEY },
  } as unknown as RequestState;
  assert.deepEqual(submissionFactsOf(summary, state, PAYMENT_KEY), {
    at: accepted.at,
    state: 'accepted',
    sameKey: true,
    status: 202,
    report: { phase: 'completed', receivedAt: '2026-12-01T14:20:00Z', flagged: false, runStatus: 'completed' },
  });
  const other = { ...state, latest: { key: 'sha256:other' } } as unknown as RequestState;
  assert.equal(submissionFactsOf(summary, other, PAYMENT_KEY)?.report, undefined);
  assert.equal(submissionFactsOf(summary, state, 'sha256:changed')?.sameKey, false);
  assert.equal(submissionFactsOf(undefined, state, PAYMENT_KEY), undefined);
});
