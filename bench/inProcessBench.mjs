// The in-process figures: one request and one brief checked again after a one-character change,
// by our core and by the anchor, alternated batch by batch (ABAB…) so that load on the machine
// falls on both. Ours is the core's door as it ships (a production bundle, bench/coreBundle.mjs:
// `AlloyWorkspace` over the tests' memory host, the call the CLI and the server make): a request
// with all its rules and the cross-file brief check, a brief with its schema and digest. The anchors are vscode-json-languageservice (parse +
// doValidation of the request) and yaml-language-server (doValidation of the brief).

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryHost } from '../test/support/memoryHost.ts';
import { proveAnchor } from './anchors/anchorProof.mjs';
import { fileUri } from './anchors/anchorSchemas.mjs';
import { createJsonAnchor, createYamlAnchor } from './anchors/anchorServices.mjs';
import { benchBrief, benchRequest, withRequestedSecond } from './benchWorkspace.mjs';
import { loadCoreBundle } from './coreBundle.mjs';

/** The core as it ships (minified bundle), loaded once. */
const { AlloyWorkspace } = await loadCoreBundle();
import { median, percentile } from './figures.mjs';

const ROOT = path.resolve('/alloy-bench');

/** Times `ours(i)` (sync) and `anchor(i)` (async) in alternating batches; µs per call, one sample per batch. */
async function alternate({ ours, anchor, rounds, batch, warmup }) {
  // Each side warms up on both texts in turn (one counter each): with one shared counter, ours got
  // only the even texts, i.e. the same text every time, served from its cache, and was timed cold.
  for (let w = 0; w < warmup; w++) {
    ours(w);
    if (anchor) await anchor(w);
  }
  let i = 0;
  const samples = { ours: [], anchor: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['ours', 'anchor'] : ['anchor', 'ours'];
    for (const who of order) {
      if (who === 'anchor' && !anchor) continue;
      const started = performance.now();
      if (who === 'ours') for (let k = 0; k < batch; k++) ours(i++);
      else for (let k = 0; k < batch; k++) await anchor(i++);
      samples[who].push(((performance.now() - started) * 1000) / batch);
    }
  }
  return samples;
}

const summary = (samples) =>
  samples.length === 0 ? undefined : { median: median(samples), p95: percentile(samples, 95), batches: samples.length };

/**
 * One file of a workspace (`files`: path → text) re-checked as its text alternates between
 * `texts`, by ours and by `anchor` after it is proven on `kind`: `{ ours, anchor, proof, oursProblems }` (µs summaries).
 */
async function alternatingFigures({ files, file, texts, anchor, kind, rounds, batch, warmup }) {
  const workspace = new AlloyWorkspace(new MemoryHost(files, [ROOT]), [ROOT]);
  const ours = (i) => {
    workspace.setOverlay(file, texts[i % 2]);
    return workspace.check(file).diagnostics;
  };
  const oursProblems = ours(0).length + ours(1).length;
  const uri = fileUri(file);
  const proof = await proveAnchor(anchor, kind, uri, texts[0]);
  const timed = await alternate({
    ours,
    anchor: proof.validated ? (i) => anchor.validate(uri, texts[i % 2]) : undefined,
    rounds,
    batch,
    warmup,
  });
  return { ours: summary(timed.ours), anchor: summary(timed.anchor), anchorName: anchor.name, proof, oursProblems };
}

/** One request, its requested_at changed by one character (not a key input). */
function requestFigures({ schemaDir, rounds, batch, warmup }) {
  const brief = benchBrief(1);
  const request = benchRequest(1, brief);
  const briefPath = path.join(ROOT, '.alloy', 'briefs', brief.fileName);
  const requestPath = path.join(ROOT, '.alloy', 'requests', request.fileName);
  return alternatingFigures({
    files: { [briefPath]: brief.text, [requestPath]: request.text },
    file: requestPath,
    texts: [request.text, withRequestedSecond(request.text, 1)],
    anchor: createJsonAnchor(schemaDir),
    kind: 'request',
    rounds,
    batch,
    warmup,
  });
}

/** One brief, its objective changed by one character (and its digest with it). */
function briefFigures({ schemaDir, rounds, batch, warmup }) {
  const texts = [benchBrief(1).text, benchBrief(1, 'b').text];
  const briefPath = path.join(ROOT, '.alloy', 'briefs', benchBrief(1).fileName);
  return alternatingFigures({
    files: { [briefPath]: texts[0] },
    file: briefPath,
    texts,
    anchor: createYamlAnchor(schemaDir),
    kind: 'brief',
    rounds,
    batch,
    warmup,
  });
}

/** Both in-process figures. */
export async function benchInProcess({ schemaDir, rounds, warmup, log }) {
  log(`in process: one request (${rounds} rounds of 50 checks each, alternated with the anchor)`);
  const request = await requestFigures({ schemaDir, rounds, batch: 50, warmup });
  log(
    `  request: ours ${request.ours.median.toFixed(0)} µs, anchor ${request.anchor?.median.toFixed(0) ?? '—'} µs (${request.proof.reason})`,
  );
  log(`in process: one brief (${rounds} rounds of 20 checks each)`);
  const brief = await briefFigures({ schemaDir, rounds, batch: 20, warmup });
  log(`  brief: ours ${brief.ours.median.toFixed(0)} µs, anchor ${brief.anchor?.median.toFixed(0) ?? '—'} µs (${brief.proof.reason})`);
  return { request, brief };
}
