import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core/fileAnalysis';

// The canonical (RFC 8785) text of the brief below without its `digest`, written out by hand:
// keys sorted by UTF-16 code units, no whitespace.
const CANONICAL =
  '{"created_at":"2026-06-06T10:00:00-04:00","created_by":"stacey","foundry":{"entry_event":"iteration_requested","payload":{"max_iterations":3},"throttle":"dry_run"},' +
  '"id":"brief_X","mission":{"objective":"Ship it."},"project_id":"checkout-service","schema_version":"alloy.formation_brief.v1","status":"draft","version":1}';

const YAML_BRIEF = `# a comment that does not count
schema_version: alloy.formation_brief.v1
id: brief_X
version: 1
digest: sha256:${'0'.repeat(64)}
project_id: checkout-service
created_at: 2026-06-06T10:00:00-04:00
created_by: stacey
status: draft
mission:
  objective: Ship it.
foundry:
  entry_event: iteration_requested
  throttle: dry_run
  payload: { max_iterations: 3 }
`;

test('brief digest is the sha-256 of the RFC 8785 form without the digest member', () => {
  const expected = 'sha256:' + createHash('sha256').update(CANONICAL, 'utf8').digest('hex');
  const analysis = analyzeFile('/repo/.alloy/briefs/x.yaml', YAML_BRIEF);
  assert.equal(analysis?.digest, expected);
});

test('the same brief as reordered JSON has the same digest', () => {
  const json = JSON.stringify({
    version: 1, status: 'draft', schema_version: 'alloy.formation_brief.v1', project_id: 'checkout-service',
    mission: { objective: 'Ship it.' }, id: 'brief_X',
    foundry: { throttle: 'dry_run', payload: { max_iterations: 3 }, entry_event: 'iteration_requested' },
    created_by: 'stacey', created_at: '2026-06-06T10:00:00-04:00',
  }, null, 4);
  const expected = 'sha256:' + createHash('sha256').update(CANONICAL, 'utf8').digest('hex');
  assert.equal(analyzeFile('/repo/.alloy/briefs/x.json', json)?.digest, expected);
});
