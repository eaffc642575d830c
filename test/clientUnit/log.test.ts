// The "Alloy" log never shows a token: every level is scrubbed, in the token's plain, URL-encoded
// and base64 forms, including tokens learned after earlier lines; the channel is shown without focus.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlloyLog } from '../../client/src/log';
import { recordingSink } from './clientFixtures';

const TOKEN = 'tok_live+secret/value=1';

test('each level is scrubbed once the token is known, in every form the engine redacts', () => {
  const sink = recordingSink();
  const log = new AlloyLog(sink);
  log.info(`before ${TOKEN}`);
  log.addSecret(TOKEN);
  log.info(`Authorization: Bearer ${TOKEN}`);
  log.warn(`url ${encodeURIComponent(TOKEN)}`);
  log.error(`basic ${Buffer.from(TOKEN).toString('base64')}`);
  log.debug(`json ${JSON.stringify({ token: TOKEN })}`);
  assert.deepEqual(sink.lines, [
    { level: 'info', message: `before ${TOKEN}` },
    { level: 'info', message: 'Authorization: Bearer [redacted]' },
    { level: 'warn', message: 'url [redacted]' },
    { level: 'error', message: 'basic [redacted]' },
    { level: 'debug', message: 'json {"token":"[redacted]"}' },
  ]);
  assert.equal(log.scrub(`x${TOKEN}y`), 'x[redacted]y');
});

test('an earlier token stays scrubbed after a new one is set; empty and undefined are ignored', () => {
  const sink = recordingSink();
  const log = new AlloyLog(sink);
  log.addSecret('first-token-123');
  log.addSecret('second-token-456');
  log.addSecret('');
  log.addSecret(undefined);
  log.info('first-token-123 and second-token-456 and plain text');
  assert.equal(sink.lines[0].message, '[redacted] and [redacted] and plain text');
});

test('show keeps the focus in the editor', () => {
  const sink = recordingSink();
  new AlloyLog(sink).show();
  assert.deepEqual(sink.shown, [true]);
});
