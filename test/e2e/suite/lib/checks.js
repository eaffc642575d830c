// Runs a list of named checks in order and logs one result line per check, in the form
// test/e2e/run.mjs collects: "[alloy-e2e] PASS <suite> › <check> (N ms)" or FAIL with the error.
// A check that throws does not stop the ones after it; the caller decides what the failures mean.

'use strict';

function firstLines(error) {
  const text = error && error.stack ? error.stack : String(error);
  return text.split('\n').slice(0, 8).join('\n');
}

/** `checks` is [name, async fn][]; resolves with the names of the checks that failed. */
async function runChecks(suite, checks) {
  const failures = [];
  for (const [name, check] of checks) {
    const started = Date.now();
    try {
      const note = await check();
      const extra = typeof note === 'string' && note ? ` — ${note}` : '';
      console.log(`[alloy-e2e] PASS ${suite} › ${name} (${Date.now() - started} ms)${extra}`);
    } catch (error) {
      failures.push(`${suite} › ${name}`);
      console.log(`[alloy-e2e] FAIL ${suite} › ${name} (${Date.now() - started} ms): ${firstLines(error)}`);
    }
  }
  return failures;
}

/** Rejects when there were failures, as run() must for the test runner to exit non-zero. */
function verdict(failures, total) {
  console.log(`[alloy-e2e] ${total - failures.length}/${total} checks passed`);
  if (failures.length > 0) throw new Error(`${failures.length} check(s) failed: ${failures.join('; ')}`);
}

module.exports = { runChecks, verdict };
