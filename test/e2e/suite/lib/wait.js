// Bounded waiting for the in-host suites: every wait polls with a deadline and fails naming what it
// waited for (and, through `describe`, what it saw instead), never a bare sleep.

'use strict';

const POLL_MS = 100;
const WAIT_MS = 12000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns something other than undefined; fails after `ms` with `what`
 * (a string, or a function giving one, so the message can say what was seen last).
 */
async function waitFor(what, probe, ms = WAIT_MS) {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(POLL_MS);
  }
}

module.exports = { sleep, waitFor, WAIT_MS };
