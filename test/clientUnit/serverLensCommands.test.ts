// Which side draws which CodeLens row in VS Code: the server draws digest, key and the brief's rows
// for every editor, the extension only its submit and last-submission rows, and the one setting
// `alloy.codeLens.enabled` reaches the server as the `codeLens` option. The server's
// "N requests name this brief" command is mapped to VS Code's references peek when its arguments
// are [uri, position, locations].

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { requestLenses } from '../../client/src/codelens/lensTitles';
import { referencesArguments, requestLocations, SHOW_REQUESTS_OF_BRIEF } from '../../client/src/codelens/serverLensCommands';
import type { RequestFacts } from '../../client/src/state/fileFacts';
import { SERVER_COMMANDS, SHOW_REQUESTS_COMMAND } from '../../server/src/lsp/commandFeature';

const ROOT = path.resolve(__dirname, '../..');

test("the client maps the server's own command id, which the server announces", () => {
  assert.equal(SHOW_REQUESTS_OF_BRIEF, SHOW_REQUESTS_COMMAND);
  assert.ok(SERVER_COMMANDS.includes(SHOW_REQUESTS_OF_BRIEF));
});

test('referencesArguments takes [uri, position, locations] and nothing else', () => {
  const location = {
    uri: 'file:///w/.alloy/requests/r.json',
    range: { start: { line: 15, character: 19 }, end: { line: 15, character: 39 } },
  };
  const position = { line: 0, character: 0 };
  assert.deepEqual(referencesArguments(['file:///w/.alloy/briefs/x.yaml', position, [location]]), {
    uri: 'file:///w/.alloy/briefs/x.yaml',
    position,
    locations: [location],
  });
  assert.deepEqual(referencesArguments(['file:///w/b.yaml', position, []])?.locations, []);
  // A lens for a brief named by many requests leaves the locations out: the client asks for them.
  assert.deepEqual(referencesArguments(['file:///w/b.yaml', position]), { uri: 'file:///w/b.yaml', position });
  for (const bad of [
    [],
    [42, position, []],
    ['file:///w/b.yaml', { line: -1, character: 0 }, []],
    ['file:///w/b.yaml', position, [{ uri: 'file:///x' }]],
    ['file:///w/b.yaml', position, [{ ...location, range: { start: position, end: { line: 1.5, character: 0 } } }]],
    ['file:///w/b.yaml', position, 'not a list'],
    ['file:///w/b.yaml', position, undefined],
    ['file:///w/b.yaml'],
  ]) {
    assert.equal(referencesArguments(bad), undefined, JSON.stringify(bad));
  }
});

test("requestLocations drops the brief's own id from the references it was given", () => {
  const at = (uri: string) => ({ uri: { toString: () => uri }, line: 1 });
  const brief = 'file:///w/.alloy/briefs/x.yaml';
  assert.deepEqual(
    requestLocations([at(brief), at('file:///w/.alloy/requests/r.json'), at('file:///w/.alloy/requests/s.json')], brief).map((l) =>
      l.uri.toString(),
    ),
    ['file:///w/.alloy/requests/r.json', 'file:///w/.alloy/requests/s.json'],
  );
});

test('the extension never draws a digest or key row, whatever the checks say', () => {
  const facts: RequestFacts = {
    kind: 'request',
    file: '/w/.alloy/requests/r.json',
    throttle: 'dry_run',
    errors: 2,
    warnings: 0,
    briefErrors: 0,
    digest: { state: 'wrong', why: 'the brief changed' },
    keyCheck: { state: 'unknown', why: 'idempotency_key is missing' },
  };
  const titles = requestLenses({ facts, target: { ok: true, shown: 'host' }, now: 0, time: () => '' }).map((l) => l.title);
  assert.deepEqual(titles, ['Submit (dry_run) → host (fix 2 errors first)']);
  assert.ok(!titles.some((t) => /digest|key|requests? name/.test(t)));
});

test('alloy.codeLens.enabled is passed to the server as the codeLens option, and the mapped command is showReferences', () => {
  const source = fs.readFileSync(path.join(ROOT, 'client/src/languageClient.ts'), 'utf8');
  assert.match(
    source,
    /initializationOptions: \{ analyzeWorkspaceOnStartup: config\.analyzeWorkspaceOnStartup, codeLens: config\.codeLensEnabled \}/,
  );
  assert.match(source, /'editor\.action\.showReferences'/);
  const lens = fs.readFileSync(path.join(ROOT, 'client/src/codelens/alloyCodeLens.ts'), 'utf8');
  assert.match(lens, /if \(facts\.kind !== 'request'\) return \[\];/, 'the extension draws nothing above a brief');
});
