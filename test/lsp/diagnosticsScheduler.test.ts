// Unit tests of when diagnostics are computed: next tick for edits, stale versions dropped, and
// the fan-out of a brief change batched.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';
import { DiagnosticsScheduler, FAN_OUT_DELAY_MS } from '../../server/src/lsp/diagnosticsScheduler';
import type { ServerContext } from '../../server/src/lsp/serverContext';

const URI_A = 'file:///repo/.alloy/requests/a.json';
const nextTurns = (n: number) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : setImmediate(() => step(left - 1)));
  step(n);
});

function harness(dependents: Record<string, string[]> = {}) {
  const documents = new Map<string, TextDocument>();
  const published: string[] = [];
  const errors: string[] = [];
  const context = {
    documents: { get: (uri: string) => documents.get(uri) },
    connection: { console: { error: (m: string) => errors.push(m) } },
    workspace: { dependentsOf: (file: string) => dependents[file] ?? [] },
  } as unknown as ServerContext;
  const publisher = {
    publish: (file: string) => {
      const doc = documents.get(`file://${file}`);
      published.push(doc ? `${file}@${doc.version}` : file);
      if (file.endsWith('boom.json')) throw new Error('boom');
    },
  } as unknown as DiagnosticsPublisher;
  return { scheduler: new DiagnosticsScheduler(context, publisher), documents, published, errors };
}

test('an edited document is checked within two turns of the event loop, with no timer', async () => {
  const { scheduler, documents, published } = harness();
  const doc = TextDocument.create(URI_A, 'json', 1, '{}');
  documents.set(URI_A, doc);
  scheduler.checkDocumentSoon(doc);
  assert.deepEqual(published, []);
  await nextTurns(2);
  assert.deepEqual(published, ['/repo/.alloy/requests/a.json@1']);
});

test('a check for a version superseded before it runs is dropped', async () => {
  const { scheduler, documents, published } = harness();
  let doc = TextDocument.create(URI_A, 'json', 1, '{}');
  documents.set(URI_A, doc);
  scheduler.checkDocumentSoon(doc);
  // The next change arrives on the following turn, as the JSON-RPC queue delivers it.
  await nextTurns(1);
  doc = TextDocument.update(doc, [{ text: '{"a":1}' }], 2);
  documents.set(URI_A, doc);
  scheduler.checkDocumentSoon(doc);
  await nextTurns(3);
  assert.deepEqual(published, ['/repo/.alloy/requests/a.json@2']);
});

test('a closed document is not checked', async () => {
  const { scheduler, documents, published } = harness();
  const doc = TextDocument.create(URI_A, 'json', 1, '{}');
  documents.set(URI_A, doc);
  scheduler.checkDocumentSoon(doc);
  documents.delete(URI_A);
  await nextTurns(3);
  assert.deepEqual(published, []);
});

test('brief changes are batched: each dependant is re-checked once, after the batch interval', async () => {
  const { scheduler, published } = harness({ '/repo/b1.yaml': ['/repo/r1.json', '/repo/r2.json'], '/repo/b2.yaml': ['/repo/r2.json'] });
  scheduler.fanOutSoon('/repo/b1.yaml');
  scheduler.fanOutSoon('/repo/b2.yaml');
  scheduler.fanOutSoon('/repo/b1.yaml');
  await nextTurns(3);
  assert.deepEqual(published, []);
  await new Promise((resolve) => setTimeout(resolve, FAN_OUT_DELAY_MS + 20));
  assert.deepEqual(published, ['/repo/r1.json', '/repo/r2.json']);
});

test('a failing re-check is logged and does not stop the others', async () => {
  const { scheduler, published, errors } = harness({ '/repo/b.yaml': ['/repo/boom.json', '/repo/ok.json'] });
  scheduler.fanOutSoon('/repo/b.yaml');
  await new Promise((resolve) => setTimeout(resolve, FAN_OUT_DELAY_MS + 20));
  assert.deepEqual(published, ['/repo/boom.json', '/repo/ok.json']);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /boom/);
});

test('nothing runs after dispose', async () => {
  const { scheduler, documents, published } = harness({ '/repo/b.yaml': ['/repo/r.json'] });
  const doc = TextDocument.create(URI_A, 'json', 1, '{}');
  documents.set(URI_A, doc);
  scheduler.checkDocumentSoon(doc);
  scheduler.fanOutSoon('/repo/b.yaml');
  scheduler.dispose();
  await new Promise((resolve) => setTimeout(resolve, FAN_OUT_DELAY_MS + 20));
  assert.deepEqual(published, []);
});
