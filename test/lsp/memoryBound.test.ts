// Memory does not grow with every document ever opened (issue 14, finding 8). In process, the
// workspace's cache is counted while 3,000 documents of 30 KB each (non-Alloy, Alloy in `.alloy/`,
// Alloy elsewhere) are opened and closed: its entries and characters stay within
// FILE_CACHE_LIMITS, a closed document outside `.alloy/` leaves nothing behind, and a file that
// cannot be an Alloy file is never parsed. Over stdio, the server's heap after the same run is a
// figure (printed), with a loose bound.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from '../../server/src/core/document/parsedDocument';
import { analyzeFile, mayBeAlloyFile } from '../../server/src/core/rules/fileAnalysis';
import { AlloyWorkspace, FILE_CACHE_LIMITS } from '../../server/src/core/workspace/alloyWorkspace';
import { BoundedCache } from '../../server/src/core/workspace/boundedCache';
import { BRIEF_PATH, BRIEF_YAML, REQUEST_JSON } from '../core/fixtures';
import { exampleBriefTexts, exampleRequestTexts, exampleResultTexts, requestMutants } from '../support/mutationCorpus';
import { MemoryHost } from '../support/memoryHost';
import { LspSession } from '../support/lspSession';
import { FixtureWorkspace, requestJson } from './fixtureWorkspace';
import { inProcessServer, uriOf } from './inProcessServer';

const COUNT = 3000;
const SIZE = 30 * 1024;

/** A 30 KB JSON file that is no Alloy file (no `alloy`, no escapes), distinct per `i`. */
function plainJson(i: number): string {
  const head = `{ "name": "package-${i}", "version": "1.0.${i}", "data": "`;
  return head + 'x'.repeat(SIZE - head.length - 4) + '" }\n';
}

/** A clean 30 KB request (its informational repo.path pads it: no key input changes), distinct per `i`. */
function paddedRequest(base: string, i: number): string {
  const padded = base.replace(/"path": "(\/srv\/[^"]*)"/, (_, p: string) => `"path": "${p}/${i}/${'n'.repeat(SIZE - base.length)}"`);
  assert.notEqual(padded, base, 'the request has a repo.path to pad');
  return padded;
}

describe('the workspace cache while 3,000 documents are opened and closed', () => {
  test('stays within FILE_CACHE_LIMITS; closed documents outside .alloy/ leave nothing; non-Alloy files are never parsed', () => {
    const host = new MemoryHost({ [BRIEF_PATH]: BRIEF_YAML });
    const h = inProcessServer(host);
    let parses = 0;
    h.context.workspace = new AlloyWorkspace(host, ['/repo'], (format, text) => {
      parses++;
      return parseDocument(format, text);
    });
    const peak = { files: 0, characters: 0 };
    const note = () => {
      const { files, characters } = h.context.workspace.cached;
      peak.files = Math.max(peak.files, files);
      peak.characters = Math.max(peak.characters, characters);
    };
    const openAndClose = (file: string, text: string) => {
      h.open(file, text);
      h.timer.runAll();
      note();
      h.close(file);
      h.timer.runAll();
      note();
    };
    h.context.workspace.check(BRIEF_PATH);
    for (let i = 0; i < COUNT; i++) {
      // A non-Alloy JSON outside .alloy/: a recognition check, no parse, nothing kept, nothing shown.
      const before = h.context.workspace.cached.files;
      const parsesBefore = parses;
      openAndClose(`/repo/packages/p${i}/package.json`, plainJson(i));
      assert.equal(parses, parsesBefore, 'a file that cannot be an Alloy file is not parsed');
      assert.equal(h.context.workspace.cached.files, before, 'nothing is kept of it');
      // An Alloy request outside .alloy/ (by its schema_version): analysed while open, let go on close.
      openAndClose(`/repo/docs/r${i}.json`, paddedRequest(REQUEST_JSON, i));
      assert.ok(h.context.workspace.cached.files <= before, 'a closed document outside .alloy/ leaves nothing');
      // A request in .alloy/ (on disk too): checked again from disk on close, then ages out.
      const scanned = `/repo/.alloy/requests/r${i}.json`;
      host.write(scanned, REQUEST_JSON);
      openAndClose(scanned, paddedRequest(REQUEST_JSON, i));
      if (i === 0) {
        const lists = h.sent.filter((p) => p.uri === uriOf(scanned)).map((p) => [p.version, p.diagnostics.length]);
        assert.deepEqual(
          lists,
          [
            [1, 0],
            [undefined, 0],
          ],
          'the padded request is clean (a fast check), open and then from disk',
        );
      }
    }
    assert.ok(peak.files <= FILE_CACHE_LIMITS.entries, `peak ${peak.files} cached files`);
    assert.ok(peak.characters <= FILE_CACHE_LIMITS.weight, `peak ${peak.characters} cached characters`);
    assert.equal(h.context.workspace.cached.files, FILE_CACHE_LIMITS.entries, 'the least recently used went first');
    assert.equal(h.context.workspace.cached.overlays, 0);
    assert.equal(h.context.documents.all().length, 0);
    for (const p of h.sent.filter((p) => p.uri.includes('/packages/'))) assert.fail(`a list was sent for ${p.uri}`);
    assert.deepEqual(h.errors, []);
    // What aged out is read again when needed, with the same result.
    const first = '/repo/.alloy/requests/r0.json';
    const reads = host.readCount(first);
    h.publisher.publish(first);
    assert.equal(host.readCount(first), reads + 1);
    assert.deepEqual(h.lastSent(first)?.diagnostics, []);
  });

  test('a document larger than the character budget is analysed but not kept; smaller ones are', () => {
    const host = new MemoryHost({ [BRIEF_PATH]: BRIEF_YAML, '/repo/.alloy/requests/a.json': REQUEST_JSON });
    const workspace = new AlloyWorkspace(host, ['/repo'], parseDocument, { entries: 10, weight: REQUEST_JSON.length * 3 });
    workspace.check('/repo/.alloy/requests/a.json');
    assert.equal(workspace.cached.files, 2, 'the request and its brief');
    workspace.setOverlay('/repo/.alloy/requests/a.json', REQUEST_JSON + ' '.repeat(REQUEST_JSON.length * 3));
    assert.equal(workspace.check('/repo/.alloy/requests/a.json').analysis?.kind, 'request');
    assert.equal(workspace.cached.files, 1, 'the brief is still kept, the request is not');
    assert.ok(workspace.cached.characters <= REQUEST_JSON.length * 3, `${workspace.cached.characters} characters`);
  });
});

describe('BoundedCache', () => {
  test('evicts the least recently used entry first, by count and by weight', () => {
    const cache = new BoundedCache<string, string>({ entries: 3, weight: 10 }, (v) => v.length);
    cache.set('a', 'xx');
    cache.set('b', 'xx');
    cache.set('c', 'xx');
    cache.get('a'); // a is now the most recently used
    cache.set('d', 'xx');
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((k) => cache.peek(k) !== undefined),
      [true, false, true, true],
    );
    cache.set('e', 'xxxxxx'); // 4 entries > 3: c goes; then a, d, e weigh 2 + 2 + 6 = 10, within the budget
    assert.deepEqual(
      ['a', 'c', 'd', 'e'].map((k) => cache.peek(k) !== undefined),
      [true, false, true, true],
    );
    assert.equal(cache.weight, 10);
    cache.set('f', 'x'); // weight 11 > 10: a, the least recently used, goes
    assert.deepEqual(
      [...'adef'].map((k) => cache.peek(k) !== undefined),
      [false, true, true, true],
    );
    assert.equal(cache.weight, 9);
    cache.set('huge', 'x'.repeat(11));
    assert.equal(cache.peek('huge'), undefined, 'an entry heavier than the budget alone is not kept');
    assert.deepEqual([cache.size, cache.weight], [3, 9], 'and it evicts nothing');
    cache.set('d', 'x'.repeat(11));
    assert.equal(cache.peek('d'), undefined, 'a key set to a value too heavy to keep is dropped');
    assert.deepEqual([cache.size, cache.weight], [2, 7]);
  });

  test('a get of the most recent entry changes no order; one after deleting, evicting or clearing it does', () => {
    const cache = new BoundedCache<string, string>({ entries: 2, weight: 100 }, (v) => v.length);
    const kept = (...keys: string[]): boolean[] => keys.map((k) => cache.peek(k) !== undefined);
    cache.set('a', 'x');
    cache.set('b', 'x');
    cache.get('b');
    cache.get('b');
    cache.set('c', 'x'); // a is the least recently used
    assert.deepEqual(kept('a', 'b', 'c'), [false, true, true]);
    cache.delete('c'); // b is the most recent now, yet not marked so
    cache.set('d', 'x');
    cache.get('b'); // moves b after d
    cache.set('e', 'x');
    assert.deepEqual(kept('b', 'd', 'e'), [true, false, true]);
    cache.clear();
    cache.set('f', 'x');
    cache.set('g', 'x');
    cache.get('f');
    cache.set('h', 'x');
    assert.deepEqual(kept('f', 'g', 'h'), [true, false, true]);
  });
});

describe('the recognition check (mayBeAlloyFile)', () => {
  const NOTES = '/repo/notes';

  test('is false for plain data, true inside .alloy/requests and .alloy/briefs, for any text naming alloy, and for a pre-v1 brief', () => {
    assert.equal(mayBeAlloyFile(path.join(NOTES, 'package.json'), plainJson(1)), false);
    assert.equal(mayBeAlloyFile(path.join(NOTES, 'ci.yaml'), 'on: push\njobs: {}\n'), false);
    assert.equal(mayBeAlloyFile('/repo/.alloy/requests/x.json', '{}'), true);
    assert.equal(mayBeAlloyFile('/repo/.alloy/briefs/x.yaml', 'a: 1'), true);
    assert.equal(mayBeAlloyFile(path.join(NOTES, 'x.json'), '{"schema_version": "alloy.foundry_execution_request.v1"}'), true);
    const preV1 = path.join(NOTES, 'old.yaml');
    const preV1Text = 'brief_id: brief_checkout\nproject: checkout\nsource_intent: x\n';
    assert.equal(analyzeFile(preV1, preV1Text)?.kind, 'brief', 'a pre-v1 brief is a brief anywhere');
    assert.equal(mayBeAlloyFile(preV1, preV1Text), true);
  });

  test('a schema_version written with escapes is still recognised (the check lets every backslash through)', () => {
    const escaped: [string, string, string][] = [
      ['a.json', '{"schema_version": "\\u0061lloy.foundry_execution_request.v1"}', 'request'],
      ['b.yaml', 'schema_version: "\\x61lloy.formation_brief.v1"\n', 'brief'],
      ['c.yaml', 'schema_version: "al\\\n  loy.formation_brief.v1"\n', 'brief'],
      ['d.yaml', 'schema_version: "\\U00000061lloy.formation_brief.v1"\n', 'brief'],
      ['e.json', '{ "brief_\\u0069d": "brief_x", "project": "p" }', 'brief'],
    ];
    for (const [name, text, kind] of escaped) {
      const file = path.join(NOTES, name);
      assert.equal(analyzeFile(file, text)?.kind, kind, name);
      assert.equal(mayBeAlloyFile(file, text), true, name);
    }
  });

  test('never says no to a file analyzeFile finds an Alloy kind in (the examples and 400 seeded mutants, outside .alloy/)', () => {
    const texts: [string, string][] = [
      ...exampleRequestTexts().map((t): [string, string] => ['json', t]),
      ...exampleResultTexts().map((t): [string, string] => ['json', t]),
      ...exampleBriefTexts().map((t): [string, string] => ['yaml', t]),
      ...requestMutants(14, 400).map((t): [string, string] => ['json', t]),
    ];
    let recognised = 0;
    for (const [i, [extension, text]] of texts.entries()) {
      const file = path.join(NOTES, `m${i}.${extension}`);
      const kind = analyzeFile(file, text)?.kind;
      if (kind === undefined) continue;
      recognised++;
      assert.equal(mayBeAlloyFile(file, text), true, `${file}: ${kind}`);
    }
    assert.ok(recognised > 300, `${recognised} texts of an Alloy kind`);
  });
});

test('over stdio: the heap after opening and closing 3,000 documents of 30 KB (a figure; loosely bounded)', async () => {
  const fixture = new FixtureWorkspace();
  const s = await LspSession.start(fixture.root, fixture.uri(''), { countersPreload: path.join(__dirname, 'heapPreload.cjs') });
  try {
    await s.waitForProgressEnd(15000);
    const base = requestJson();
    const run = async (from: number, to: number) => {
      for (let start = from; start < to; start += 50) {
        const batch: string[] = [];
        let last = '';
        for (let i = start; i < Math.min(to, start + 50); i++) {
          // Every other one a non-Alloy JSON outside .alloy/, else a request in .alloy/requests/.
          const uri = i % 2 === 0 ? fixture.uri(`packages/p${i}/package.json`) : fixture.uri(`.alloy/requests/r${i}.json`);
          await s.open(uri, i % 2 === 0 ? plainJson(i) : paddedRequest(base, i));
          batch.push(uri);
          if (i % 2 === 1) last = uri;
        }
        // Documents are checked in the order they change: the last request's list means all had their turn.
        if (last) await s.waitForDiagnostics(last, () => true, 0, 20000);
        for (const uri of batch) await s.close(uri);
      }
    };
    await run(0, 200); // warm-up: code compiled, caches in use
    const before = (await s.counters(20000)).heapUsed;
    await run(200, 200 + COUNT);
    const after = (await s.counters(20000)).heapUsed;
    const growthMb = (after - before) / (1024 * 1024);
    console.log(
      `# heap in use after ${COUNT} more documents opened and closed: ${(before / 1048576).toFixed(1)} -> ${(after / 1048576).toFixed(1)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB)`,
    );
    assert.ok(growthMb < 40, `the heap grew by ${growthMb.toFixed(1)} MB`);
    assert.deepEqual(s.serverErrors, []);
  } finally {
    await s.dispose();
    fixture.dispose();
  }
});
