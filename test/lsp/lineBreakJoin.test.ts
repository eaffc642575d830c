// Issue 14, finding 9: an incremental edit that joins a CR already in the document with an LF it
// inserts (or the reverse) must leave one line break, not two. vscode-languageserver-textdocument
// 1.0.12 counted two, so every position after the join was read one line off (hover, completion and
// code actions in editors that send such edits). Both tests fail on 1.0.12 and pass on 1.0.16.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BRIEF_DIGEST, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { codes, within } from '../support/lspSession';
import { createRandom } from '../support/mutationCorpus';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

test('after an edit that turns a lone CR into CRLF, diagnostics and hover use the right lines', async () => {
  const text = requestJson({ digest: WRONG_DIGEST });
  const loneCr = text.replace('\n', '\r');
  server.fixture.write('.alloy/requests/r.json', text);
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri('.alloy/requests/r.json');
  await s.open(uri, loneCr);
  await s.waitForDiagnostics(uri);
  const since = s.mark();
  // Line 1 starts right after the CR: inserting an LF there joins them into one break.
  const version = await s.edit(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
  const published = await s.waitForDiagnostics(uri, (p) => p.version === version, since);
  const stale = published.diagnostics.find((d) => d.code === 'digest-mismatch');
  assert.ok(stale, `a digest-mismatch diagnostic: ${codes(published.diagnostics).join(', ')}`);
  assert.deepEqual(stale.range, { start: { line: 14, character: 14 }, end: { line: 14, character: 87 } });

  const hover = await within(
    s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 14, character: 30 } }),
    'hover',
  );
  assert.ok(hover, 'a hover on brief.digest');
  assert.ok((hover.contents as MarkupContent).value.includes(BRIEF_DIGEST), 'the hover is the digest hover');
  assert.deepEqual(hover.range, { start: { line: 14, character: 14 }, end: { line: 14, character: 87 } });
});

test('incremental edits full of CR and LF give the same lines as the final text read afresh (3,000 edits)', () => {
  const pieces = ['\r', '\n', '\r\n', 'a', 'bc', ' ', '"k": 1,'];
  const random = createRandom(14_009);
  const next = random.next;
  const pick = () => random.pick(pieces);
  let document = TextDocument.create('file:///t.json', 'json', 0, 'a\r\nb\rc\nd');
  for (let step = 1; step <= 3000; step++) {
    const text = document.getText();
    const start = Math.floor(next() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(next() * 3));
    const inserted = Array.from({ length: 1 + Math.floor(next() * 2) }, pick).join('');
    const range = { start: document.positionAt(start), end: document.positionAt(end) };
    document = TextDocument.update(document, [{ range, text: inserted }], step);
    const fresh = TextDocument.create('file:///t.json', 'json', step, document.getText());
    assert.equal(document.lineCount, fresh.lineCount, `line count after step ${step}: ${JSON.stringify(document.getText())}`);
    for (let offset = 0; offset <= document.getText().length; offset += 7) {
      assert.deepEqual(document.positionAt(offset), fresh.positionAt(offset), `offset ${offset} after step ${step}`);
    }
  }
});
