// Request states from the ledger and the reports: every state, and the monotonic rules (a report
// outranks the ledger, phases never go back, duplicates change nothing, the first terminal report
// wins), with a property test over random arrival sequences.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { requestStates, stateRank, type ReportPhase, type RequestState, type StoredReport } from '../../server/src/reports';
import type { LedgerEntry, SubmissionOutcome } from '../../server/src/submission';

const KEY = 'sha256:' + '1'.repeat(64);
const KEY2 = 'sha256:' + '2'.repeat(64);
const ID = 'runreq_A';
const t = (s: number): string => new Date(Date.UTC(2026, 11, 1, 12, 0, s)).toISOString();

function pending(submission: string, at: number, key = KEY, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    v: 1,
    type: 'pending',
    submission,
    at: t(at),
    key,
    requestId: ID,
    requestFile: '/repo/.alloy/requests/a.json',
    root: '/repo',
    bytes: 'e30=',
    sha256: 'sha256:' + '9'.repeat(64),
    transport: 'http',
    endpoint: 'https://foundry.example/api',
    endpointHost: 'foundry.example',
    callbackUrl: 'http://127.0.0.1:47311/api/run-requests/runreq_A/completed',
    ...extra,
  } as LedgerEntry;
}
function attempt(submission: string, at: number, n: number, answer: { status?: number; error?: string }, key = KEY): LedgerEntry {
  return { v: 1, type: 'attempt', submission, at: t(at), key, requestId: ID, attempt: n, ...answer };
}
function outcome(submission: string, at: number, result: SubmissionOutcome, status?: number, detail?: string, key = KEY): LedgerEntry {
  return { v: 1, type: 'outcome', submission, at: t(at), key, requestId: ID, outcome: result, status, detail };
}
let serial = 0;
function report(phase: ReportPhase | undefined, at: number, body = `body-${++serial}`, extra: Partial<StoredReport> = {}): StoredReport {
  return {
    requestId: ID,
    phase,
    receivedAt: t(at),
    sha256: 'sha256:' + body,
    size: 10,
    file: `/repo/.alloy/reports/${ID}/${phase ?? 'x'}-${at}-${body}.json`,
    named: true,
    problems: [],
    flagged: false,
    ...extra,
  };
}
function stateOf(ledger: LedgerEntry[], reports: StoredReport[] = [], options = {}): RequestState {
  const state = requestStates(ledger, reports, options).get(ID);
  assert.ok(state);
  return state;
}

test('pending: written, nothing sent yet; the summary has the time, key and where it came from', () => {
  const state = stateOf([pending('s1', 1)]);
  assert.equal(state.state, 'pending');
  assert.equal(state.source, 'ledger');
  assert.deepEqual(state.latest, {
    submission: 's1',
    key: KEY,
    startedAt: t(1),
    updatedAt: t(1),
    requestFile: '/repo/.alloy/requests/a.json',
    root: '/repo',
    sha256: 'sha256:' + '9'.repeat(64),
    transport: 'http',
    endpoint: 'https://foundry.example/api',
    callbackUrl: 'http://127.0.0.1:47311/api/run-requests/runreq_A/completed',
    resendOf: undefined,
    attempts: 0,
  });
  assert.equal(state.submissions, 1);
});

test('sent: attempted, no outcome yet; the latest answer is shown', () => {
  const state = stateOf([pending('s1', 1), attempt('s1', 2, 1, { status: 503 }), attempt('s1', 4, 2, { error: 'connection reset' })]);
  assert.equal(state.state, 'sent');
  assert.equal(state.latest?.attempts, 2);
  assert.equal(state.latest?.updatedAt, t(4));
  assert.deepEqual(state.latest?.answer, { status: undefined, error: 'connection reset' });
});

test('each outcome is its own state, with the answer that decided it', () => {
  const cases: [SubmissionOutcome, number | undefined, string | undefined][] = [
    ['accepted', 202, undefined],
    ['already-submitted', 409, 'Conflict'],
    ['rejected', 422, 'brief digest unknown'],
    ['given-up', undefined, 'five attempts failed: connection refused'],
    ['cancelled', undefined, 'cancelled by the user'],
  ];
  for (const [result, status, detail] of cases) {
    const state = stateOf([pending('s1', 1), attempt('s1', 2, 1, { status }), outcome('s1', 3, result, status, detail)]);
    assert.equal(state.state, result);
    assert.equal(state.source, 'ledger');
    assert.deepEqual(state.latest?.answer, { status, detail });
    assert.equal(state.latest?.outcome, result);
  }
});

test('outcome-unknown: a pending or sent submission whose process is gone (an injected predicate)', () => {
  const gone = { isAbandoned: () => true };
  assert.equal(stateOf([pending('s1', 1)], [], gone).state, 'outcome-unknown');
  assert.equal(stateOf([pending('s1', 1), attempt('s1', 2, 1, { error: 'timeout' })], [], gone).state, 'outcome-unknown');
  // A submission with an outcome is never asked about.
  let asked = 0;
  const counting = { isAbandoned: () => (asked++, true) };
  assert.equal(stateOf([pending('s1', 1), outcome('s1', 2, 'accepted', 202)], [], counting).state, 'accepted');
  assert.equal(asked, 0);
  // The predicate sees the submission summary.
  const seen: string[] = [];
  stateOf([pending('s1', 1)], [], {
    isAbandoned: (s: { submission: string; startedAt: string }) => (seen.push(`${s.submission}@${s.startedAt}`), false),
  });
  assert.deepEqual(seen, [`s1@${t(1)}`]);
});

test('reports outrank the ledger: accepted, started, completed, failed', () => {
  const ledger = [pending('s1', 1), attempt('s1', 2, 1, { status: 202 }), outcome('s1', 2, 'accepted', 202)];
  for (const phase of ['accepted', 'started', 'completed', 'failed'] as const) {
    const r = report(phase, 5);
    const state = stateOf(ledger, [r]);
    assert.equal(state.state, phase);
    assert.equal(state.source, 'report');
    assert.equal(state.current, r);
    assert.deepEqual(state.reports, { [phase]: r });
  }
  // A report also outranks a submission that is still pending or sent (its answer was lost).
  assert.equal(stateOf([pending('s1', 1)], [report('started', 3)]).state, 'started');
});

test('a late started after completed is stored, not shown as current; an accepted after started likewise', () => {
  const accepted = report('accepted', 3);
  const completed = report('completed', 5);
  const lateStarted = report('started', 6);
  const state = stateOf([pending('s1', 1)], [lateStarted, completed, accepted]);
  assert.equal(state.state, 'completed');
  assert.equal(state.current, completed);
  assert.deepEqual(state.late, [lateStarted]);
  assert.deepEqual(state.reports, { accepted, started: lateStarted, completed });

  const started = report('started', 4);
  const lateAccepted = report('accepted', 7);
  const other = stateOf([pending('s1', 1)], [started, lateAccepted]);
  assert.equal(other.state, 'started');
  assert.deepEqual(other.late, [lateAccepted]);
});

test('a duplicate (same phase, same bytes) changes nothing but the duplicate count', () => {
  const first = report('started', 3, 'same');
  const again = report('started', 9, 'same');
  const without = stateOf([pending('s1', 1)], [first]);
  const withDup = stateOf([pending('s1', 1)], [again, first]);
  assert.equal(withDup.duplicates, 1);
  assert.deepEqual({ ...withDup, duplicates: 0 }, without);
  assert.equal(withDup.current, first);
  // Different bytes for the same phase: the later one is the current one (a progress update).
  const update = report('started', 10, 'newer');
  assert.equal(stateOf([pending('s1', 1)], [first, update]).current, update);
});

test('completed and failed both: the one received first wins, the other is a conflict, whatever the input order', () => {
  const failed = report('failed', 4);
  const completed = report('completed', 6);
  for (const order of [
    [failed, completed],
    [completed, failed],
  ]) {
    const state = stateOf([pending('s1', 1)], order);
    assert.equal(state.state, 'failed');
    assert.equal(state.current, failed);
    assert.deepEqual(state.conflict, {
      kept: failed,
      ignored: completed,
      message: `Foundry reported both failed (received ${t(4)}, shown) and completed (received ${t(6)}).`,
    });
    assert.deepEqual(state.notes, [state.conflict?.message]);
    assert.deepEqual(state.reports, { failed, completed });
  }
});

test('a report for a submission the ledger calls rejected still shows, with a note', () => {
  const started = report('started', 5);
  const state = stateOf([pending('s1', 1), attempt('s1', 2, 1, { status: 422 }), outcome('s1', 2, 'rejected', 422, 'bad')], [started]);
  assert.equal(state.state, 'started');
  assert.equal(state.latest?.outcome, 'rejected');
  assert.deepEqual(state.notes, ['The ledger records this submission as rejected, but Foundry reported started.']);
});

test('a new key for the same id starts a new series: older reports are kept apart', () => {
  const old = report('completed', 5);
  const ledger = [
    pending('s1', 1),
    outcome('s1', 2, 'accepted', 202),
    pending('s2', 10, KEY2),
    attempt('s2', 11, 1, { error: 'timeout' }, KEY2),
  ];
  const state = stateOf(ledger, [old]);
  assert.equal(state.state, 'sent');
  assert.deepEqual(state.earlier, [old]);
  assert.equal(state.submissions, 2);
  assert.equal(state.latest?.key, KEY2);
  const fresh = report('accepted', 12);
  assert.equal(stateOf(ledger, [old, fresh]).state, 'accepted');
});

test('a resend with the same key (crash recovery) keeps the reports of the first send', () => {
  const accepted = report('accepted', 3);
  const ledger = [
    pending('s1', 1),
    pending('s2', 10, KEY, { resendOf: 's1' }),
    attempt('s2', 11, 1, { status: 409 }),
    outcome('s2', 11, 'already-submitted', 409),
  ];
  const state = stateOf(ledger, [accepted]);
  assert.equal(state.state, 'accepted');
  assert.deepEqual(state.earlier, []);
  assert.equal(state.latest?.resendOf, 's1');
});

test('flagged reports still count; reports without a phase are listed apart', () => {
  const flagged = report('completed', 5, 'bad', { flagged: true, problems: [{ code: 'schema', severity: 'error', message: 'x' }] });
  const foreign = report(undefined, 6, 'foreign', { named: false, flagged: true });
  const state = stateOf([pending('s1', 1)], [foreign, flagged]);
  assert.equal(state.state, 'completed');
  assert.deepEqual(state.flagged, [flagged, foreign]);
  assert.deepEqual(state.unphased, [foreign]);
});

test('ids known only from reports get a state too', () => {
  const states = requestStates([], [report('started', 5), { ...report(undefined, 6), requestId: 'runreq_B' }]);
  assert.equal(states.get(ID)?.state, 'started');
  assert.equal(states.get(ID)?.latest, undefined);
  assert.equal(states.get('runreq_B')?.state, 'outcome-unknown');
  assert.deepEqual(states.get('runreq_B')?.notes, [
    'No submission of this id is recorded in the ledger, and no report says how far it got.',
  ]);
  assert.deepEqual([...requestStates([], []).keys()], []);
});

test('state ranks order the states', () => {
  assert.ok(stateRank('pending') < stateRank('sent'));
  assert.ok(stateRank('sent') < stateRank('accepted'));
  assert.ok(stateRank('accepted') < stateRank('started'));
  assert.ok(stateRank('started') < stateRank('completed'));
  assert.equal(stateRank('completed'), stateRank('failed'));
});

test('property: reports added in arrival order never move the state backwards, and a terminal state never changes', () => {
  const arrival = fc.array(
    fc.record({ phase: fc.constantFrom<ReportPhase>('accepted', 'started', 'completed', 'failed'), body: fc.integer({ min: 0, max: 3 }) }),
    {
      minLength: 1,
      maxLength: 30,
    },
  );
  fc.assert(
    fc.property(arrival, fc.boolean(), (events, shuffleInput) => {
      const ledger = [pending('s1', 1), outcome('s1', 2, 'accepted', 202)];
      const received: StoredReport[] = [];
      let rank = stateRank('accepted');
      let terminal: string | undefined;
      events.forEach((e, i) => {
        received.push(report(e.phase, 3 + i, `${e.phase}-${e.body}`));
        const input = shuffleInput ? [...received].reverse() : received;
        const state = stateOf(ledger, input);
        assert.ok(stateRank(state.state) >= rank, `${state.state} after rank ${rank}`);
        rank = stateRank(state.state);
        if (terminal) assert.equal(state.state, terminal);
        if (state.state === 'completed' || state.state === 'failed') terminal = state.state;
      });
    }),
    { numRuns: 300, seed: 20261201 },
  );
});
