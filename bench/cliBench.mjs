// The whole-process figures of `alloy check` (CPU time, wall time, peak RSS, from
// childUsage.mjs): on generated workspaces of distinct valid briefs and requests spread over
// them, alternated run by run (ABAB…) with the same walk on the anchors' engines
// (anchors/anchorWalk.mjs); and the 1-file check, alternated with a bare `node -e 0`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeProof, planted } from './anchors/anchorProof.mjs';
import { benchBrief, createBenchWorkspace, removeWorkspace, spread } from './benchWorkspace.mjs';
import { runMeasured } from './childUsage.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const WALK = fileURLToPath(new URL('./anchors/anchorWalk.mjs', import.meta.url));

const oursArgs = (root) => [CLI, 'check', root, '--format', 'json'];
const walkArgs = (schemaDir, root, perFile = false) => [WALK, '--schemas', schemaDir, ...(perFile ? ['--per-file'] : []), root];

/** Runs the anchor walk on a workspace with one planted request and one planted brief: both must be found, the clean ones must not. */
export async function proveAnchorWalk({ schemaDir, timeoutMs }) {
  const ws = createBenchWorkspace({ requestsPerBrief: [2], label: 'walk-proof' });
  try {
    const [cleanRequest, plantedRequest] = ws.requestPaths;
    fs.writeFileSync(plantedRequest, planted('request', fs.readFileSync(plantedRequest, 'utf8')));
    const plantedBrief = path.join(path.dirname(ws.briefPaths[0]), 'planted.yaml');
    fs.writeFileSync(plantedBrief, planted('brief', benchBrief(2).text));
    const run = await runMeasured(walkArgs(schemaDir, ws.root, true), { cwd: ws.root, timeoutMs });
    const { perFile, swallowed } = JSON.parse(run.stdout);
    const of = (file) => perFile[path.basename(file)] ?? [];
    const requests = judgeProof({ clean: of(cleanRequest), planted: of(plantedRequest) });
    const briefs = judgeProof({ clean: of(ws.briefPaths[0]), planted: of(plantedBrief), swallowed });
    if (!requests.validated) return { validated: false, reason: `requests: ${requests.reason}` };
    if (!briefs.validated) return { validated: false, reason: `briefs: ${briefs.reason}` };
    return { validated: true, reason: 'planted request and brief errors found, clean files 0 problems' };
  } catch (error) {
    return { validated: false, reason: `could not run it: ${error.message}` };
  } finally {
    removeWorkspace(ws.root);
  }
}

/** What a run of ours says about a workspace where every file is valid. */
function oursVerdict(run) {
  if (run.code !== 0) return `exit ${run.code}: ${run.stderr.trim().slice(-200)}`;
  return run.stdout.trim() === '[]' ? undefined : `output is not []: ${run.stdout.slice(0, 200)}`;
}

function anchorVerdict(run, files) {
  let summary;
  try {
    summary = JSON.parse(run.stdout);
  } catch {
    return `no summary (exit ${run.code}): ${run.stderr.trim().slice(-200)}`;
  }
  if (summary.files !== files || summary.requests + summary.briefs !== files) return `walked ${summary.files} files, expected ${files}`;
  if (summary.problems !== 0) return `${summary.problems} problems, first: ${summary.firstProblems[0]}`;
  if (summary.swallowed.length > 0) return `the YAML service failed: ${summary.swallowed[0]}`;
  return undefined;
}

/**
 * `alloy check` of `requests` requests over `briefs` briefs, `pairs` times, alternated with the
 * anchor walk (when `schemaDir` is given, i.e. the walk was proven). Returns the runs and any
 * verdict against the output (undefined when every file was reported valid).
 */
export async function benchWholeCheck({ requests, briefs, pairs, schemaDir, timeoutMs, log }) {
  const ws = createBenchWorkspace({ requestsPerBrief: spread(requests, briefs), label: `cli-${requests}` });
  const files = requests + briefs;
  try {
    const ours = [];
    const anchor = [];
    const problems = { ours: undefined, anchor: undefined };
    for (let pair = 0; pair < pairs; pair++) {
      const order = pair % 2 === 0 ? ['ours', 'anchor'] : ['anchor', 'ours'];
      for (const who of order) {
        if (who === 'anchor' && !schemaDir) continue;
        const run = await runMeasured(who === 'ours' ? oursArgs(ws.root) : walkArgs(schemaDir, ws.root), { cwd: ws.root, timeoutMs });
        const verdict = who === 'ours' ? oursVerdict(run) : anchorVerdict(run, files);
        problems[who] ??= verdict;
        (who === 'ours' ? ours : anchor).push(run);
        log(
          `  ${files} files, ${who.padEnd(6)}: cpu ${Math.round(run.cpuMs)} ms, wall ${Math.round(run.wallMs)} ms, ` +
            `rss ${Math.round(run.rssMB)} MB${verdict ? ` — ${verdict}` : ''}`,
        );
      }
    }
    return { files, ours, anchor, problems };
  } finally {
    removeWorkspace(ws.root);
  }
}

/** `alloy check <one request>` (its brief read too) in a 1-brief workspace, alternated with `node -e 0`. */
export async function benchOneFileCheck({ runs, timeoutMs, log }) {
  const ws = createBenchWorkspace({ requestsPerBrief: [1], label: 'one' });
  try {
    const file = path.relative(ws.root, ws.requestPaths[0]);
    const ours = [];
    const node = [];
    let problem;
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? ['ours', 'node'] : ['node', 'ours'];
      for (const who of order) {
        const args = who === 'ours' ? [CLI, 'check', file, '--format', 'json'] : ['-e', '0'];
        const result = await runMeasured(args, { cwd: ws.root, timeoutMs });
        if (who === 'ours') {
          problem ??= oursVerdict(result);
          ours.push(result);
        } else node.push(result);
      }
    }
    log(
      `  1-file check: ${ours.map((r) => Math.round(r.wallMs)).join(', ')} ms; node -e 0: ${node.map((r) => Math.round(r.wallMs)).join(', ')} ms`,
    );
    return { ours, node, problem };
  } finally {
    removeWorkspace(ws.root);
  }
}
