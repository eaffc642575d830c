// The README's performance block is the rendering of the committed bench/results/latest.json
// (so the README always shows the committed run), and that run names its commit, its host and
// every target of issue 13 next to its anchor.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { BenchResults } from '../../bench/readmeTable.mjs' with { 'resolution-mode': 'import' };

// The renderer is an ES module (run by plain `node`); this test file is CommonJS, so it loads it dynamically.
const renderer = import('../../bench/readmeTable.mjs');
const files = renderer.then(({ LATEST, README }) => ({
  results: JSON.parse(fs.readFileSync(LATEST, 'utf8')) as BenchResults,
  readme: fs.readFileSync(README, 'utf8'),
}));

/** Figures with a target of issue 13; those with a ratio target need an anchor. */
const TARGETS = [
  'request-in-process',
  'brief-in-process',
  'check-2000-200-cpu',
  'check-10000-1000-cpu',
  'check-10000-1000-wall',
  'check-10000-1000-rss',
  'one-file-check',
  'first-diagnostics',
  'request-edit-p95',
  'brief-edit-p95',
  'fan-out-p95',
  'fan-out-brief-hashes',
  'server-bundle',
  'bundles-minified',
];

test('the README block between the bench markers is the rendering of bench/results/latest.json', async () => {
  const { BEGIN, END, readmeBlockOf, renderReadmeBlock } = await renderer;
  const { results, readme } = await files;
  const block = readmeBlockOf(readme);
  assert.notEqual(block, undefined, `README.md has no single ${BEGIN} … ${END} pair`);
  assert.equal(block, renderReadmeBlock(results), 'run `node bench/readmeTable.mjs --write` after `npm run bench`');
});

test('the comparison can fail: another figure, commit or proof renders another block', async () => {
  const { renderReadmeBlock } = await renderer;
  const { results } = await files;
  const render = (change: (copy: BenchResults) => void) => {
    const copy = structuredClone(results);
    change(copy);
    return renderReadmeBlock(copy);
  };
  const original = renderReadmeBlock(results);
  assert.notEqual(
    render((r) => (r.figures[0].ours = (r.figures[0].ours ?? 0) + 1000)),
    original,
  );
  assert.notEqual(
    render((r) => (r.commit.sha = '0'.repeat(40))),
    original,
  );
  assert.notEqual(
    render((r) => (r.anchors[0].validated = !r.anchors[0].validated)),
    original,
  );
});

test('latest.json names the commit, whether the tree was dirty, the host, Node and the date of a full run', async () => {
  const { results } = await files;
  assert.match(results.commit.sha, /^[0-9a-f]{40}$/);
  assert.equal(typeof results.commit.dirty, 'boolean');
  assert.ok(results.host.cpu.trim().length > 0, 'the CPU model');
  assert.ok(Number.isInteger(results.host.cores) && results.host.cores > 0, 'the core count');
  assert.ok(results.host.memoryGB > 0, 'the memory');
  assert.match(results.node, /^v\d+\.\d+\.\d+$/);
  assert.ok(!Number.isNaN(Date.parse(results.date)), 'the date');
  assert.equal(results.quick, false, 'the committed figures come from a full run, not --quick');
});

test('latest.json has every target of issue 13, each ratio target with an anchor that ran or is said not to validate', async () => {
  const { results } = await files;
  const byId = new Map(results.figures.map((f) => [f.id, f]));
  for (const id of TARGETS) {
    const f = byId.get(id);
    assert.ok(f, `no figure ${id}`);
    assert.ok(f.target, `${id} has no target`);
    if (f.target.ratioAtLeast !== undefined) {
      assert.ok(f.anchorValidated === false || typeof f.anchor === 'number', `${id} has neither an anchor figure nor "did not validate"`);
      if (f.anchorValidated === false) assert.equal(f.ratio, null, `${id}: no ratio for an anchor that did not validate`);
    }
  }
  assert.ok(results.anchors.length >= 5, 'the in-process anchors, the walk and the JSON server (push, pull) each have a proof');
});

test('replaceReadmeBlock replaces exactly the text between the markers', async () => {
  const { BEGIN, END, readmeBlockOf, replaceReadmeBlock } = await renderer;
  const text = `before\n${BEGIN}\nold\n${END}\nafter\n`;
  assert.equal(replaceReadmeBlock(text, '\nnew\n'), `before\n${BEGIN}\nnew\n${END}\nafter\n`);
  assert.equal(readmeBlockOf(`${BEGIN} a ${END} ${BEGIN} b ${END}`), undefined);
  assert.throws(() => replaceReadmeBlock('no markers', 'x'), /needs exactly one/);
});
