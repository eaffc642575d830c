// What `alloy submit --wait`'s run summary counts evidence against: the brief's
// evidence_plan.required, unless the run says (brief_digest) it used another version of the brief.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceToCount, type BriefEvidence } from '../../server/src/cli/briefEvidence';

const NOW = 'sha256:' + 'a'.repeat(64);
const BEFORE = 'sha256:' + 'b'.repeat(64);
const brief: BriefEvidence = { required: ['tests-pass', 'no-new-deps'], digest: NOW };

test('a run of the brief as it is now, or one that names no digest, is counted against its required evidence', () => {
  assert.deepEqual(evidenceToCount(brief, { brief_digest: NOW }), { required: ['tests-pass', 'no-new-deps'] });
  assert.deepEqual(evidenceToCount(brief, { status: 'completed' }), { required: ['tests-pass', 'no-new-deps'] });
  assert.deepEqual(evidenceToCount(brief, { brief_digest: 7 }), { required: ['tests-pass', 'no-new-deps'] });
  assert.deepEqual(evidenceToCount({ ...brief, digest: undefined }, { brief_digest: BEFORE }), { required: ['tests-pass', 'no-new-deps'] });
});

test('a run of another version of the brief is not held to what the brief requires now, and a note says why', () => {
  assert.deepEqual(evidenceToCount(brief, { brief_digest: BEFORE }), {
    note:
      'the run used another version of the brief (sha256:bbbbbbbbbbb…; it is sha256:aaaaaaaaaaa… now), ' +
      'so its required evidence is not counted against the brief as it is now',
  });
  // A digest from the report is shown as printable text only.
  assert.match(evidenceToCount(brief, { brief_digest: 'x\u001b[2Jy' }).note!, /\(x\?\[2Jy; it is/);
});

test('no brief (or no list): nothing is counted against it', () => {
  assert.deepEqual(evidenceToCount(undefined, { brief_digest: BEFORE }), {});
});
