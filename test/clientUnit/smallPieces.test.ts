// Small pure pieces: local times next to a request, where Submit would send, token checks, the
// debouncer on a fake clock, and the virtual document paths (which never name a file).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Debounced, type Timers } from '../../client/src/debounced';
import {
  documentText,
  parseReportDocumentPath,
  parseSubmittedDocumentPath,
  reportDocumentPath,
  submittedDocumentPath,
} from '../../client/src/reports/virtualDocuments';
import { shortTime } from '../../client/src/state/shortTime';
import { submitTargetOf } from '../../client/src/state/submitTarget';
import { tokenProblem } from '../../client/src/submission/tokenProblem';

const NOW = Date.parse('2026-12-01T20:30:00Z');

test('shortTime: the clock today, month and day this year, the full date before; in the given offset', () => {
  assert.equal(shortTime('2026-12-01T14:02:00Z', NOW, 0), '14:02');
  assert.equal(shortTime('2026-12-01T14:02:00Z', NOW, 120), '16:02');
  assert.equal(shortTime('2026-12-01T23:30:00Z', NOW, 60), 'Dec 2 00:30');
  assert.equal(shortTime('2026-03-09T08:05:00Z', NOW, 0), 'Mar 9 08:05');
  assert.equal(shortTime('2025-12-01T14:02:00Z', NOW, 0), '2025-12-01 14:02');
  assert.equal(shortTime('not a time', NOW, 0), 'not a time');
});

test('submitTargetOf: the endpoint host, foundry emit, or what is wrong', () => {
  assert.deepEqual(submitTargetOf({ transport: 'http', endpoint: 'http://127.0.0.1:7311/v1/projects/{project_id}/x' }, 'checkout'), {
    ok: true,
    shown: '127.0.0.1:7311',
  });
  assert.deepEqual(submitTargetOf({ transport: 'http', endpoint: 'https://foundry.example.test/api' }, undefined), {
    ok: true,
    shown: 'foundry.example.test',
  });
  assert.deepEqual(submitTargetOf({ transport: 'foundry-cli', endpoint: '' }, 'p'), { ok: true, shown: 'foundry emit' });
  assert.deepEqual(submitTargetOf({ transport: 'http', endpoint: '' }, 'p'), {
    ok: false,
    shown: 'no endpoint set',
    why: 'set alloy.submit.endpoint',
  });
  const plain = submitTargetOf({ transport: 'http', endpoint: 'http://foundry.example.test/api' }, 'p');
  assert.equal(plain.ok, false);
  assert.equal(plain.shown, 'endpoint not usable');
  assert.deepEqual(submitTargetOf({ transport: 'smoke', endpoint: '' }, 'p'), {
    ok: false,
    shown: 'unknown transport',
    why: 'alloy.submit.transport is "smoke" (http or foundry-cli)',
  });
});

test('tokenProblem: empty, surrounding blanks and control characters are refused', () => {
  assert.equal(tokenProblem('abc.def-123'), undefined);
  assert.equal(tokenProblem(''), 'The token is empty.');
  assert.equal(tokenProblem(' abc'), 'The token starts or ends with blanks; paste it without them.');
  assert.equal(tokenProblem('abc\r\nX-Evil: 1'), 'The token contains a line break or another control character.');
});

function fakeTimers(): Timers & { run(): void; pending: number } {
  let next = 0;
  const queue = new Map<number, () => void>();
  return {
    set: (fn) => {
      queue.set(++next, fn);
      return next;
    },
    clear: (handle) => void queue.delete(handle as number),
    run: () => {
      const fns = [...queue.values()];
      queue.clear();
      fns.forEach((fn) => fn());
    },
    get pending() {
      return queue.size;
    },
  };
}

test('Debounced: a burst of calls runs once; flush runs a pending call now; dispose drops it', () => {
  const timers = fakeTimers();
  let runs = 0;
  const d = new Debounced(() => runs++, 100, timers);
  d.schedule();
  d.schedule();
  d.schedule();
  assert.equal(timers.pending, 1);
  timers.run();
  assert.equal(runs, 1);
  d.schedule();
  d.flush();
  assert.equal(runs, 2);
  assert.equal(timers.pending, 0);
  d.flush();
  assert.equal(runs, 2);
  d.schedule();
  d.dispose();
  timers.run();
  assert.equal(runs, 2);
});

test('virtual document paths name an id and a base name only; crafted paths are refused', () => {
  assert.equal(
    reportDocumentPath('runreq_A', '/w/.alloy/reports/runreq_A/completed-20261201T140200Z-abcdef012345.json'),
    '/runreq_A/completed-20261201T140200Z-abcdef012345.json',
  );
  assert.deepEqual(parseReportDocumentPath('/runreq_A/completed-1.json'), { requestId: 'runreq_A', fileName: 'completed-1.json' });
  assert.equal(parseReportDocumentPath('/runreq_A/../../etc/passwd'), undefined);
  assert.equal(parseReportDocumentPath('/not-an-id/x.json'), undefined);
  assert.equal(parseReportDocumentPath('/runreq_A/..'), undefined);
  assert.equal(submittedDocumentPath('sub_abc123', '/w/.alloy/requests/checkout-payment.json'), '/sub_abc123/checkout-payment.json');
  assert.deepEqual(parseSubmittedDocumentPath('/sub_abc123/checkout-payment.json'), { submission: 'sub_abc123' });
  assert.equal(parseSubmittedDocumentPath('/sub abc/x.json'), undefined);
  assert.deepEqual(documentText(new TextEncoder().encode('\uFEFF{"a":1}')), { ok: true, text: '\uFEFF{"a":1}' });
  assert.deepEqual(documentText(new Uint8Array([0xff, 0xfe, 0x00])), { ok: false, reason: 'the bytes are not UTF-8 text' });
});
