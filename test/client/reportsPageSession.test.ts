// The page's logic without a DOM: stale states are never applied, the user's selection survives
// until the extension confirms it, a saved selection is restored, announcements name new reports,
// and the message checks on both sides accept exactly the documented shapes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFromPageMessage, checkStateMessage } from '../../client/src/reports/reportsPageProtocol';
import type { RequestRow } from '../../client/src/reports/reportsPageState';
import { announcementFor, ReportsPageSession } from '../../client/src/reports/reportsPageSession';
import { PAYMENT_ID, REFUND_ID, RETRY_ID, sampleRows, sampleState } from './reportsFixtures';

function stateMessage(seq: number, change: (s: ReturnType<typeof sampleState>) => void = () => undefined) {
  const state = sampleState(seq);
  change(state);
  return { type: 'state', seq, state };
}

test('only a newer seq is applied: 5 then 3 leaves 5, and equal seqs are stale too', () => {
  const session = new ReportsPageSession(sampleState(1), undefined);
  const five = session.receive(stateMessage(5, (s) => (s.requests[0].answer = 'five')));
  assert.deepEqual(five, { applied: true });
  assert.deepEqual(session.receive(stateMessage(3, (s) => (s.requests[0].answer = 'three'))), { applied: false, stale: true, seq: 3 });
  assert.deepEqual(session.receive(stateMessage(5, (s) => (s.requests[0].answer = 'five again'))), { applied: false, stale: true, seq: 5 });
  assert.equal(session.state.requests[0].answer, 'five');
  assert.equal(session.lastSeq, 5);
});

test('the message seq wins over a seq inside the state', () => {
  const session = new ReportsPageSession(sampleState(1), undefined);
  const message = stateMessage(9);
  message.state.seq = 2;
  session.receive(message);
  assert.equal(session.lastSeq, 9);
  assert.equal(session.receive(stateMessage(8)).applied, false);
});

test('malformed state messages are refused with a reason and shown as a notice; other message types are ignored quietly', () => {
  const session = new ReportsPageSession(sampleState(1), undefined);
  assert.deepEqual(session.receive({ type: 'state', seq: 2, state: { requests: 'no' } }), {
    applied: false,
    stale: false,
    reason: 'the state has no requests list',
    shown: true,
  });
  assert.equal(session.view.problem, 'An update from the extension could not be shown: the state has no requests list.');
  assert.deepEqual(session.receive({ type: 'theme' }), { applied: false, stale: false, reason: 'not a state message', shown: false });
  assert.equal(session.view.problem, 'An update from the extension could not be shown: the state has no requests list.');
  assert.equal(session.receive(stateMessage(2)).applied, true);
  assert.equal(session.view.problem, undefined);
  for (const [data, reason] of [
    [{ type: 'state', seq: -1, state: sampleState(0) }, 'the seq -1 is not a whole number of 0 or more'],
    [{ type: 'state', seq: 1.5, state: sampleState(0) }, 'the seq 1.5 is not a whole number of 0 or more'],
    [{ type: 'state', seq: '7', state: sampleState(0) }, 'the seq "7" is not a whole number of 0 or more'],
    [{ type: 'state', seq: 3, state: null }, 'the state is null, not an object'],
    [{ type: 'state', seq: 3, state: { requests: [{ requestId: 1, state: 'sent' }] } }, 'request 1 has no requestId'],
    [{ type: 'state', seq: 3, state: { requests: [{ requestId: 'a', state: 'sent', answer: 5 }] } }, 'request 1: answer is not a string'],
    [
      { type: 'state', seq: 3, state: { requests: [], selected: { requestId: 'a', report: {} } } },
      'the selected report has no problems list',
    ],
    [
      { type: 'state', seq: 3, state: { requests: [], selected: { requestId: 'a', brief: { requiredEvidence: [] } } } },
      'the brief has no list of protected capabilities',
    ],
    [{ type: 'state', seq: 3, state: { requests: [], notices: [1] } }, 'the notices are not a list of strings'],
  ] as const) {
    assert.deepEqual(checkStateMessage(data), { ok: false, reason }, reason);
  }
});

test('selecting shows the row at once, posts select, and keeps it while older states arrive', () => {
  const session = new ReportsPageSession(sampleState(1), undefined);
  assert.deepEqual(session.select(1), { type: 'select', requestId: REFUND_ID });
  assert.equal(session.shownId(), REFUND_ID);
  // A state sent before the extension saw the select still has the old selection: the page keeps the user's.
  session.receive(stateMessage(2));
  assert.equal(session.view.selectedId, REFUND_ID);
  session.receive(stateMessage(3, (s) => (s.selectedId = REFUND_ID)));
  assert.equal(session.view.selectedId, REFUND_ID);
  // Once confirmed, the extension may move the selection (for example "Show report" from a notification).
  session.receive(stateMessage(4, (s) => (s.selectedId = RETRY_ID)));
  assert.equal(session.shownId(), RETRY_ID);
  assert.deepEqual(session.openRaw(), { type: 'openRaw', requestId: RETRY_ID });
  assert.equal(session.select(99), undefined);
  assert.equal(session.select(Number.NaN), undefined);
});

test('the saved selection is restored after a reload and asked for; an unknown one is dropped', () => {
  const restored = new ReportsPageSession(sampleState(1), { selectedId: RETRY_ID, expanded: ['gates', 3] });
  assert.deepEqual(restored.start(), [{ type: 'ready' }, { type: 'select', requestId: RETRY_ID }]);
  assert.deepEqual(restored.view, { selectedId: RETRY_ID, expanded: ['gates'], problem: undefined });
  const same = new ReportsPageSession(sampleState(1), { selectedId: PAYMENT_ID });
  assert.deepEqual(same.start(), [{ type: 'ready' }]);
  const gone = new ReportsPageSession(sampleState(1), { selectedId: 'runreq_GONE' });
  assert.deepEqual(gone.start(), [{ type: 'ready' }]);
  assert.equal(gone.shownId(), PAYMENT_ID);
  for (const junk of [null, 'x', 7, { selectedId: 5, expanded: 'gates' }]) {
    assert.deepEqual(new ReportsPageSession(sampleState(1), junk).saved(), { selectedId: PAYMENT_ID, expanded: [] });
  }
});

test('expanding and collapsing are kept in the saved state', () => {
  const session = new ReportsPageSession(sampleState(1), undefined);
  session.setExpanded('gates', true);
  session.setExpanded('required', true);
  session.setExpanded('gates', false);
  assert.deepEqual(session.saved(), { selectedId: PAYMENT_ID, expanded: ['required'] });
  assert.deepEqual(session.becameVisible(), { type: 'snapshot' });
});

test('announcements name each request with a new report, once', () => {
  const before = sampleRows();
  const after = sampleRows();
  after[1] = { ...after[1], state: 'accepted' };
  assert.equal(announcementFor(before, after), `Report accepted for ${REFUND_ID}.`);
  assert.equal(announcementFor(after, after), undefined);
  const again = sampleRows();
  again[0] = { ...again[0], reportedAt: '2026-06-06T15:00:00.000Z' };
  assert.equal(announcementFor(before, again), `Report completed for ${PAYMENT_ID}.`);
  const rejected = sampleRows();
  rejected[1] = { ...rejected[1], state: 'rejected' };
  assert.equal(announcementFor(before, rejected), undefined);
  const many: RequestRow[] = Array.from({ length: 5 }, (_, i) => ({ requestId: `runreq_${i}`, state: 'completed' }));
  assert.equal(
    announcementFor([], many),
    'Report completed for runreq_0; Report completed for runreq_1; Report completed for runreq_2; and 2 more',
  );
  const long = [{ requestId: 'runreq_' + 'x'.repeat(500), state: 'failed' as const }];
  assert.equal(announcementFor([], long), `Report failed for runreq_${'x'.repeat(73)}….`);
  const session = new ReportsPageSession(sampleState(1), undefined);
  assert.deepEqual(session.receive(stateMessage(2, (s) => (s.requests[1].state = 'started'))), {
    applied: true,
    announcement: `Report started for ${REFUND_ID}.`,
  });
});

test('the extension accepts exactly the four page messages', () => {
  assert.deepEqual(checkFromPageMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(checkFromPageMessage({ type: 'snapshot', extra: 1 }), { ok: true, message: { type: 'snapshot' } });
  assert.deepEqual(checkFromPageMessage({ type: 'select', requestId: PAYMENT_ID }), {
    ok: true,
    message: { type: 'select', requestId: PAYMENT_ID },
  });
  assert.deepEqual(checkFromPageMessage({ type: 'openRaw', requestId: PAYMENT_ID, x: 2 }), {
    ok: true,
    message: { type: 'openRaw', requestId: PAYMENT_ID },
  });
  for (const [data, reason] of [
    [null, 'a page message must be an object, not null'],
    [[1], 'a page message must be an object, not an array'],
    ['ready', 'a page message must be an object, not "ready"'],
    [{ type: 'select' }, 'a "select" message needs a requestId string, not undefined'],
    [{ type: 'openRaw', requestId: '' }, 'a "openRaw" message needs a requestId string, not ""'],
    [{ type: 'runCommand', command: 'rm' }, 'unknown page message type "runCommand"'],
    [{ type: 7 }, 'unknown page message type 7'],
  ] as const) {
    assert.deepEqual(checkFromPageMessage(data), { ok: false, reason }, JSON.stringify(data));
  }
});
