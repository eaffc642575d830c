// The ledger's text on its own: JSON Lines parsed with a warning per bad line (1-based numbers),
// folded per submission (re-sends linked), the documented path, and the field diff words.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedFields, foldLedger, ledgerPath, parseLedger, readLedger } from '../../server/src/submission';
import { MemoryLedger } from './fakePorts';

const enc = (text: string) => new TextEncoder().encode(text);

function line(fields: Record<string, unknown>): string {
  return JSON.stringify({ v: 1, submission: 's1', at: '2026-12-01T14:02:00.000Z', key: 'k1', requestId: 'runreq_a', ...fields });
}

const PENDING = { type: 'pending', requestFile: '/r/a.json', root: '/r', bytes: 'e30=', sha256: 'sha256:x', transport: 'http' };

test('a torn or corrupt line is skipped with a warning naming its line; the others are read', () => {
  const text = [
    line(PENDING),
    '{"v":1,"submission":"s1"',
    line({ type: 'attempt', attempt: 1, status: 503 }),
    '',
    '   ',
    line({ v: 2, type: 'pending' }),
    line({ type: 'attempt', attempt: 0 }),
    line({ type: 'outcome', outcome: 'exploded' }),
    '[1]',
    line({ type: 'outcome', outcome: 'accepted', status: 202 }),
  ].join('\n');
  const bad = new Uint8Array([...enc(text + '\n'), 0xff, 0xfe, 0x0a, ...enc('{"v":1,"subm')]);
  const { entries, warnings } = parseLedger(bad);
  assert.deepEqual(
    entries.map((e) => [e.line, e.entry.type]),
    [
      [1, 'pending'],
      [3, 'attempt'],
      [10, 'outcome'],
    ],
  );
  assert.deepEqual(warnings, [
    { line: 2, reason: 'not valid JSON (a corrupt line)' },
    { line: 6, reason: 'not a ledger entry: format v2, written by a newer Alloy' },
    { line: 7, reason: 'not a ledger entry: "attempt" is not a whole number ≥ 1' },
    { line: 8, reason: 'not a ledger entry: unknown outcome "exploded"' },
    { line: 9, reason: 'not a ledger entry: not a JSON object' },
    { line: 11, reason: 'not valid UTF-8 (a corrupt line)' },
    { line: 12, reason: 'torn: it ends without a newline (an interrupted write)' },
  ]);
});

test('folding: one record per submission; a re-send links back and inherits the first-sent time', () => {
  const text = [
    line({ ...PENDING, at: '2026-12-01T10:00:00.000Z' }),
    line({ submission: 's2', ...PENDING, resendOf: 's1', at: '2026-12-01T11:00:00.000Z' }),
    line({ submission: 's2', type: 'attempt', attempt: 1, status: 202 }),
    line({ submission: 's2', type: 'outcome', outcome: 'accepted', status: 202 }),
    line({ submission: 's2', type: 'outcome', outcome: 'rejected', status: 400 }),
    line({ submission: 's3', key: 'k3', type: 'attempt', attempt: 1 }),
  ].join('\n');
  const { entries } = parseLedger(enc(text + '\n'));
  const { records, warnings } = foldLedger(entries);
  assert.deepEqual(
    records.map((r) => [r.submission, r.resentBy, r.firstSentAt, r.outcome?.outcome, r.attempts.length, r.pending !== undefined]),
    [
      ['s1', 's2', '2026-12-01T10:00:00.000Z', undefined, 0, true],
      ['s2', undefined, '2026-12-01T10:00:00.000Z', 'accepted', 1, true],
      ['s3', undefined, '2026-12-01T14:02:00.000Z', undefined, 1, false],
    ],
  );
  assert.deepEqual(warnings, [
    { line: 5, reason: 'skipped: a second outcome for submission s2' },
    { line: 6, reason: 'submission s3 has attempts but its pending line is missing' },
  ]);
});

test('the ledger path: $ALLOY_LEDGER, else $XDG_STATE_HOME/alloy/ledger.jsonl, else ~/.local/state/alloy/ledger.jsonl', () => {
  assert.deepEqual(ledgerPath({ ALLOY_LEDGER: '/data/l.jsonl', XDG_STATE_HOME: '/x' }, '/home/u'), {
    ok: true,
    path: '/data/l.jsonl',
    source: 'ALLOY_LEDGER',
  });
  assert.deepEqual(ledgerPath({ XDG_STATE_HOME: '/x/state' }, '/home/u'), {
    ok: true,
    path: '/x/state/alloy/ledger.jsonl',
    source: 'XDG_STATE_HOME',
  });
  assert.deepEqual(ledgerPath({ ALLOY_LEDGER: '', XDG_STATE_HOME: 'relative' }, '/home/u'), {
    ok: true,
    path: '/home/u/.local/state/alloy/ledger.jsonl',
    source: 'home',
  });
  assert.deepEqual(ledgerPath({ ALLOY_LEDGER: '~/l.jsonl' }, '/home/u'), {
    ok: false,
    reason: 'ALLOY_LEDGER must be an absolute path, not "~/l.jsonl" (a relative one would change with the folder you run in)',
  });
  assert.deepEqual(ledgerPath({}, ''), { ok: false, reason: 'no home folder is known; set ALLOY_LEDGER to an absolute path' });
});

test('changed fields: nested paths in document order, arrays by index, key order is formatting', () => {
  const before = '{"a":1,"b":{"c":2,"d":[1,2,3]},"e":"x"}';
  assert.deepEqual(changedFields(before, '{"e":"x","b":{"d":[1,2,3],"c":2},"a":1}'), { fields: [], formattingOnly: true });
  assert.deepEqual(changedFields(before, '{"a":1,"b":{"c":3,"d":[1,5,3]},"f":true}'), {
    fields: ['b.c', 'b.d[1]', 'f', 'e'],
    formattingOnly: false,
  });
  assert.deepEqual(changedFields(before, '{"a":1,"b":{"c":2,"d":[1,2]},"e":"x"}'), { fields: ['b.d'], formattingOnly: false });
  const many = JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m${i}`, i])));
  assert.equal(changedFields('{}', many).fields.at(-1), 'and 8 more');
  assert.deepEqual(changedFields('{', '{}'), { fields: ['(the submitted bytes are not JSON)'], formattingOnly: false });
});

test('re-reading after appends (parsed incrementally) agrees with a fresh parse; a rewritten ledger is parsed afresh', async () => {
  const store = new MemoryLedger();
  store.text = line(PENDING) + '\n' + '{"torn":';
  const first = await readLedger(store);
  assert.ok(first.ok);
  assert.deepEqual(first.ok && first.snapshot.warnings, [{ line: 2, reason: 'torn: it ends without a newline (an interrupted write)' }]);
  await store.append(line({ type: 'outcome', outcome: 'accepted', status: 202 }));
  const second = await readLedger(store);
  assert.ok(second.ok);
  if (!second.ok) return;
  assert.deepEqual(
    second.snapshot.entries.map((e) => [e.line, e.entry.type]),
    [
      [1, 'pending'],
      [3, 'outcome'],
    ],
  );
  assert.deepEqual(second.snapshot.warnings, [{ line: 2, reason: 'not valid JSON (a corrupt line)' }]);
  assert.equal(second.snapshot.records[0].outcome?.outcome, 'accepted');
  const fresh = parseLedger(new TextEncoder().encode(store.text));
  assert.deepEqual([second.snapshot.entries, second.snapshot.warnings], [fresh.entries, fresh.warnings]);
  store.text = line({ submission: 'other', ...PENDING }) + '\n';
  const rewritten = await readLedger(store);
  assert.deepEqual(rewritten.ok && rewritten.snapshot.records.map((r) => r.submission), ['other']);
  // One byte changed inside an earlier line, the file longer by an append: the prefix held from
  // the last read no longer matches, so the whole file is parsed again.
  await readLedger(store);
  store.text = store.text.replace('"other"', '"0ther"');
  await store.append(line({ submission: 'third', ...PENDING }));
  const edited = await readLedger(store);
  assert.deepEqual(edited.ok && edited.snapshot.records.map((r) => r.submission), ['0ther', 'third']);
});
