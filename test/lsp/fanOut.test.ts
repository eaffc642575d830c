// Protocol tests of the re-check of many requests after a brief change (more than one slice of
// the scheduler, and more than one batch of the writer): each request is re-published once, after
// the brief's own diagnostics, and the start-up scan reports progress by percentage.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAN_OUT_SLICE } from '../../server/src/lsp/diagnosticsScheduler';
import { BRIEF_YAML, EDITED_BRIEF_YAML, requestJson } from './fixtureWorkspace';
import { pause, summarize, within, type LspSession } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

const COUNT = 2 * FAN_OUT_SLICE + 22;
const BRIEF = '.alloy/briefs/x.yaml';
const DIGEST_MISMATCH = ['digest-mismatch', 14, 14, 14, 87];

function writeRequests(): string[] {
  const uris: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const relative = `.alloy/requests/r${String(i).padStart(3, '0')}.json`;
    server.fixture.write(relative, requestJson());
    uris.push(server.fixture.uri(relative));
  }
  return uris;
}

/** Resolves when every URI in `uris` has a publish after `since` that `accept` takes. */
function allPublished(s: LspSession, uris: string[], since: number, accept: (summary: unknown[]) => boolean): Promise<void> {
  const waits = uris.map((uri) => s.waitForDiagnostics(uri, (p) => accept(summarize(p.diagnostics)), since, 20000));
  return within(
    Promise.all(waits).then(() => undefined),
    `${uris.length} requests re-published`,
    20000,
  );
}

test(`a brief edit re-publishes each of its ${COUNT} unopened requests once, after the brief's own diagnostics`, async () => {
  const uris = writeRequests();
  const s = await server.start();
  await s.waitForProgressEnd(20000);
  const briefUri = server.fixture.uri(BRIEF);
  let since = s.mark();
  await s.open(briefUri, BRIEF_YAML);
  await allPublished(s, uris, since, (summary) => summary.length === 0);

  since = s.mark();
  const version = await s.change(briefUri, EDITED_BRIEF_YAML);
  await allPublished(s, uris, since, (summary) => JSON.stringify(summary) === JSON.stringify([DIGEST_MISMATCH]));
  await pause(300);
  const after = s.published.slice(since);
  for (const uri of uris) assert.equal(after.filter((p) => p.uri === uri).length, 1, uri);
  const own = after.find((p) => p.uri === briefUri);
  assert.equal(own?.version, version);
  assert.ok(
    after.every((p) => p.uri === briefUri || p.seq > own.seq),
    "the brief's own diagnostics come first",
  );
});

test('the start-up scan publishes every file once and reports progress by percentage, not per file', async () => {
  const uris = writeRequests();
  const s = await server.start();
  await s.waitForProgressEnd(20000);
  for (const uri of [...uris, server.fixture.uri(BRIEF)]) assert.equal(s.publishedFor(uri).length, 1, uri);
  const kinds = s.progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds.at(-1), 'end');
  const reports = s.progress.filter((p) => p.value.kind === 'report').map((p) => p.value as { percentage?: number; message?: string });
  assert.ok(reports.length <= 100, `${reports.length} progress reports`);
  const percentages = reports.map((r) => r.percentage ?? -1);
  assert.deepEqual(
    percentages,
    [...new Set(percentages)].sort((a, b) => a - b),
    'each percentage once, rising',
  );
  assert.deepEqual(reports.at(-1), { kind: 'report', percentage: 100, message: `Analysed ${COUNT + 1} of ${COUNT + 1} files` });
});
