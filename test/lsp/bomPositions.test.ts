// A document whose text starts with U+FEFF (a client that sends the byte order mark): every feature
// places line 0 the same way. Diagnostics, code actions and rename use the file's line index, where
// the mark takes no column; hover and completion used the document's own positions, which count it,
// so they read the cursor one character left of where the diagnostics put a value and answered one
// character to its right.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionRequest, HoverRequest, type Diagnostic, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import { BRIEF_DIGEST, requestJson, WRONG_DIGEST } from './fixtureWorkspace';
import { codes, within, type LspSession } from '../support/lspSession';
import { serverPerTest } from './sessionLifecycle';

const server = serverPerTest();

/** The request on one line (so every value is on line 0), after a byte order mark, with a stale digest and `throttle: "bogus"`. */
const TEXT =
  '\uFEFF' +
  JSON.stringify({
    ...JSON.parse(requestJson({ digest: WRONG_DIGEST })),
    foundry: { entry_event: 'iteration_requested', throttle: 'bogus' },
  }) +
  '\n';

/** Opens the request and returns its diagnostic of `code` whose message starts with `message`. */
async function openWith(code: string, message = ''): Promise<{ s: LspSession; uri: string; diagnostic: Diagnostic }> {
  server.fixture.write('.alloy/requests/r.json', TEXT);
  const s = await server.start({ initializationOptions: { analyzeWorkspaceOnStartup: false } });
  const uri = server.fixture.uri('.alloy/requests/r.json');
  await s.open(uri, TEXT);
  const published = await s.waitForDiagnostics(uri);
  const diagnostic = published.diagnostics.find((d) => d.code === code && d.message.startsWith(message));
  assert.ok(diagnostic, `a ${code} diagnostic: ${codes(published.diagnostics).join(', ')}`);
  return { s, uri, diagnostic };
}

test('after a byte order mark, a hover on line 0 covers the range the diagnostic on the same value has', async () => {
  const { s, uri, diagnostic } = await openWith('digest-mismatch');
  // The digest value, quotes included, as an editor that does not count the mark shows it.
  const value = TEXT.indexOf(`"${WRONG_DIGEST}"`) - 1;
  assert.deepEqual(diagnostic.range, {
    start: { line: 0, character: value },
    end: { line: 0, character: value + WRONG_DIGEST.length + 2 },
  });
  for (const position of [diagnostic.range.start, { line: 0, character: diagnostic.range.start.character + 10 }]) {
    const hover = await within(s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), 'hover');
    assert.ok(hover, `a hover at 0:${position.character}`);
    assert.ok((hover.contents as MarkupContent).value.includes(BRIEF_DIGEST), 'the hover is the digest hover');
    assert.deepEqual(hover.range, diagnostic.range);
  }
});

test('after a byte order mark, a completion on a line-0 value replaces the range the diagnostic on that value has', async () => {
  const { s, uri, diagnostic } = await openWith('schema', 'Value is not accepted');
  const value = TEXT.indexOf('"bogus"') - 1;
  assert.deepEqual(diagnostic.range, { start: { line: 0, character: value }, end: { line: 0, character: value + 7 } });
  const list = await within(
    s.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: diagnostic.range.start.character + 3 },
    }),
    'completion',
  );
  const items = Array.isArray(list) ? list : (list?.items ?? []);
  const dryRun = items.find((i) => i.label === 'dry_run');
  assert.ok(dryRun, `a dry_run proposal: ${items.map((i) => i.label).join(', ')}`);
  assert.deepEqual((dryRun.textEdit as TextEdit).range, diagnostic.range);
});
