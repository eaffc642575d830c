// The client's crash policy passes through, except where it gives up: then our offer is made once,
// with the client's message, and the client is told the notification is handled.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offeringRestart, type CloseResult } from '../../client/src/serverCrashes';

// vscode-languageclient's CloseAction values.
const DO_NOT_RESTART = 1;
const RESTART = 2;

test('a restart decided by the client passes through untouched, and nothing is offered', async () => {
  const offered: (string | undefined)[] = [];
  const decided: CloseResult = { action: RESTART, message: 'Connection to server got closed. Server will restart.' };
  const closed = offeringRestart(
    () => decided,
    DO_NOT_RESTART,
    (m) => offered.push(m),
  );
  assert.equal(await closed(), decided);
  assert.deepEqual(offered, []);
});

test('where the client gives up, the offer is made with its message and the result is marked handled', async () => {
  const offered: (string | undefined)[] = [];
  const message = 'The Alloy server crashed 5 times in the last 3 minutes. The server will not be restarted.';
  const closed = offeringRestart(
    async () => ({ action: DO_NOT_RESTART, message }),
    DO_NOT_RESTART,
    (m) => offered.push(m),
  );
  assert.deepEqual(await closed(), { action: DO_NOT_RESTART, message, handled: true });
  assert.deepEqual(offered, [message]);
});

test('each closed connection is decided afresh: restarts, then the give-up, in the order the policy answers', async () => {
  const answers = [RESTART, RESTART, DO_NOT_RESTART];
  const offered: (string | undefined)[] = [];
  const closed = offeringRestart(
    () => ({ action: answers.shift()! }),
    DO_NOT_RESTART,
    (m) => offered.push(m),
  );
  const results = [await closed(), await closed(), await closed()];
  assert.deepEqual(results, [{ action: RESTART }, { action: RESTART }, { action: DO_NOT_RESTART, handled: true }]);
  assert.deepEqual(offered, [undefined]);
});
