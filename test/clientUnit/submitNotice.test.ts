// What the user is told after a submit, in the engine's words, with the actions that help: Show
// Problems, Save and Submit, Compare with Submitted, Set API Token (then resend), Open Settings,
// Manage Workspace Trust, Resend (Same Key); and the start-up recovery's notices.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noticeOf } from '../../client/src/submission/submitNotice';
import { recoveryLogLines, recoveryNotices } from '../../client/src/submission/recoveryNotices';
import type { Refusal, SentResult, SubmissionRecord, SubmitResult } from '../../server/src/submission';

const notes = { warnings: [], recovered: [] };
const refused = (refusal: Refusal): SubmitResult => ({ kind: 'refused', refusal, ...notes });

function sent(overrides: Partial<SentResult>): SubmitResult {
  return {
    kind: 'sent',
    submission: 'sub_1',
    key: 'sha256:k',
    requestId: 'runreq_A',
    transport: 'http',
    outcome: 'accepted',
    status: 202,
    attempts: 1,
    elapsedMs: 80,
    sha256: 'sha256:b',
    ledgerErrors: [],
    ...overrides,
    ...notes,
  } as SubmitResult;
}

test('has-errors: an error with the first problems on one line and Show Problems', () => {
  const problem = (line: number) => ({
    file: '/w/.alloy/requests/r.json',
    line,
    column: 3,
    severity: 'error' as const,
    code: 'schema',
    message: `bad ${line}`,
  });
  const notice = noticeOf(refused({ kind: 'has-errors', file: '/w/.alloy/requests/r.json', diagnostics: [1, 2, 3, 4].map(problem) }), {
    cwd: '/w',
  });
  assert.deepEqual(notice, {
    severity: 'error',
    text:
      'Not sent: .alloy/requests/r.json has 4 errors (the same ones `alloy check` reports): ' +
      '.alloy/requests/r.json:1:3: error schema bad 1; .alloy/requests/r.json:2:3: error schema bad 2; .alloy/requests/r.json:3:3: error schema bad 3; and 1 more',
    actions: ['show-problems'],
  });
});

test('each refusal gets its severity and actions', () => {
  const cases: [Refusal, string, string[]][] = [
    [{ kind: 'unsaved', files: ['/w/b.yaml'] }, 'warning', ['save-and-submit']],
    [{ kind: 'untrusted' }, 'warning', ['manage-trust']],
    [
      {
        kind: 'key-reused',
        key: 'sha256:k',
        submission: 'sub_0',
        submittedAt: '2026-12-01T14:02:00Z',
        fields: ['requested_at'],
        formattingOnly: false,
        earlier: 'answer 202',
      },
      'error',
      ['compare'],
    ],
    [
      { kind: 'in-flight', key: 'sha256:k', submission: 'sub_0', since: '2026-12-01T14:02:00Z', pid: 42, here: false },
      'info',
      ['show-output'],
    ],
    [
      {
        kind: 'outcome-unknown',
        key: 'sha256:k',
        requestId: 'runreq_A',
        submission: 'sub_0',
        submittedAt: '2026-12-01T14:02:00Z',
        reason: 'old',
      },
      'warning',
      ['resend', 'show-submissions'],
    ],
    [{ kind: 'bad-endpoint', endpoint: '', reason: 'no endpoint is set' }, 'error', ['open-settings']],
    [{ kind: 'bad-setting', setting: 'the API token', reason: 'contains a line break' }, 'error', ['set-token']],
    [{ kind: 'bad-setting', setting: 'alloy.foundry.cliPath', reason: 'is empty' }, 'error', ['open-settings']],
    [{ kind: 'ledger-unreadable', location: '/l', reason: 'permission denied' }, 'error', ['show-output']],
    [{ kind: 'byte-order-mark', file: '/w/r.json' }, 'error', ['show-output']],
    [{ kind: 'cancelled' }, 'info', []],
  ];
  for (const [refusal, severity, actions] of cases) {
    const notice = noticeOf(refused(refusal));
    assert.equal(notice.severity, severity, refusal.kind);
    assert.deepEqual(notice.actions, actions, refusal.kind);
  }
  const reuse = noticeOf(refused(cases[2][0]));
  assert.equal(reuse.submission, 'sub_0');
  assert.match(
    reuse.text,
    /^Not sent: the key sha256:k was already submitted at 2026-12-01 14:02 UTC \(answer 202\) with other bytes; fields that differ: requested_at\./,
  );
  assert.deepEqual(noticeOf(refused(cases[0][0])).files, ['/w/b.yaml']);
  assert.equal(noticeOf(refused(cases[7][0])).setting, 'alloy.foundry.cliPath');
  assert.equal(noticeOf(refused(cases[5][0])).setting, 'alloy.submit.endpoint');
  assert.equal(
    noticeOf(refused(cases[1][0])).text,
    'Not sent: this workspace is not trusted. Trust it first (submitting can run Foundry on a repository).',
  );
});

test('sent results: accepted, auth needed, redirect, rejected, given up, cancelled', () => {
  assert.deepEqual(noticeOf(sent({})), {
    severity: 'info',
    text: 'runreq_A: accepted (202)',
    actions: ['show-reports'],
    requestId: 'runreq_A',
    key: 'sha256:k',
    submission: 'sub_1',
  });
  const auth = noticeOf(sent({ outcome: 'rejected', status: 401, authNeeded: true }));
  assert.deepEqual([auth.severity, auth.actions, auth.key], ['warning', ['set-token-and-resend'], 'sha256:k']);
  assert.equal(auth.text, 'runreq_A: not authorised (401): set the API token, then submit again (the same bytes and key are sent)');
  assert.deepEqual(noticeOf(sent({ outcome: 'rejected', status: 302, detail: 'redirected to https://x' })).actions, ['open-settings']);
  assert.deepEqual(noticeOf(sent({ outcome: 'rejected', status: 422, detail: 'Invalid: bad payload' })).actions, ['show-output']);
  const gaveUp = noticeOf(sent({ outcome: 'given-up', status: undefined, attempts: 5, elapsedMs: 61000, detail: 'connection reset' }));
  assert.deepEqual([gaveUp.severity, gaveUp.actions], ['warning', ['show-submissions', 'show-output']]);
  assert.equal(gaveUp.text, 'runreq_A: given up after 5 attempts over 1 min 1 s: connection reset');
  const cancelledEarly = noticeOf(
    sent({ outcome: 'cancelled', attempts: 0, detail: 'cancelled before the first attempt; nothing was sent' }),
  );
  assert.deepEqual([cancelledEarly.severity, cancelledEarly.actions], ['info', []]);
  assert.equal(
    noticeOf(sent({ outcome: 'cancelled', attempts: 2, detail: 'cancelled after attempt 2; Foundry may have received it' })).severity,
    'warning',
  );
});

test('already submitted: the time and answer from the ledger, nothing sent; warnings and recoveries are mentioned', () => {
  const record = {
    submission: 'sub_0',
    key: 'sha256:k',
    requestId: 'runreq_A',
    attempts: [],
    firstSentAt: '2026-12-01T14:02:00Z',
    firstLine: 1,
    outcome: { status: 202 },
  } as unknown as SubmissionRecord;
  const notice = noticeOf({ kind: 'already-submitted', record, warnings: ['/l:3: ledger line skipped: torn'], recovered: [] });
  assert.equal(
    notice.text,
    'runreq_A: already submitted at 2026-12-01 14:02 UTC (answer 202); nothing was sent (1 ledger line skipped; see the Alloy output)',
  );
  assert.deepEqual(notice.actions, ['show-reports']);
  const withRefusal = noticeOf({ kind: 'refused', refusal: { kind: 'untrusted' }, warnings: ['w'], recovered: [] });
  assert.deepEqual(withRefusal.actions, ['manage-trust', 'show-output']);
});

test('recovery: re-sent ones are listed, an unknown outcome offers Resend, a refusal is an error', () => {
  const resent = sent({ resendOf: 'sub_0' }) as SentResult;
  const record = {
    submission: 'sub_0',
    key: 'sha256:k',
    requestId: 'runreq_A',
    attempts: [],
    firstSentAt: '2026-11-01T10:00:00Z',
    firstLine: 1,
  } as unknown as SubmissionRecord;
  const report = {
    resent: [resent],
    unknown: [{ record, reason: 'it was interrupted more than the automatic re-send window ago' }],
    refusals: [],
    warnings: [],
  };
  const notices = recoveryNotices(report);
  assert.deepEqual(
    notices.map((n) => [n.severity, n.actions]),
    [
      ['info', ['show-submissions']],
      ['warning', ['resend', 'show-submissions']],
    ],
  );
  assert.equal(
    notices[0].text,
    'Alloy re-sent 1 interrupted submission (the recorded bytes, the same key): runreq_A: recorded bytes re-sent: accepted (202)',
  );
  assert.equal(notices[1].key, 'sha256:k');
  assert.match(notices[1].text, /^outcome unknown — check Foundry: runreq_A \(key sha256:k\) was submitted at 2026-11-01 10:00 UTC/);
  assert.equal(recoveryLogLines(report).length, 2);
  const broken = recoveryNotices({
    resent: [],
    unknown: [],
    refusals: [{ kind: 'ledger-unreadable', location: '/l', reason: 'permission denied' }],
    warnings: [],
  });
  assert.deepEqual(
    broken.map((n) => n.severity),
    ['error'],
  );
  assert.deepEqual(recoveryNotices({ resent: [], unknown: [], refusals: [], warnings: [] }), []);
});
