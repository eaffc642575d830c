#!/usr/bin/env node
// `npm run bench`: every target of issue 13 measured next to its anchor in the same run (each
// anchor first shown to validate), printed as a table and written to bench/results/latest.json
// with the host, Node version and commit. Figures, not a test: it always exits 0.
// Usage: npm run build && node --import tsx bench/run.mjs [--quick] [--out FILE] [--only SECTIONS]
//        [--rounds N] [--pairs N] [--requests N] [--edits N] [--push-edits N] [--brief-edits N]
//        [--fan-out N] [--starts N] [--sizes R+B,R+B]   (see bench/README.md)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { anchorSchemaFolder } from './anchors/anchorSchemas.mjs';
import { bundleFigures } from './bundleFigures.mjs';
import { benchOneFileCheck, benchWholeCheck, proveAnchorWalk } from './cliBench.mjs';
import { figure, formatTable, median, percentile } from './figures.mjs';
import { benchInProcess } from './inProcessBench.mjs';
import { runProvenance } from './runProvenance.mjs';
import { benchFirstDiagnostics, benchServer } from './serverBench.mjs';

const LATEST = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const SECTIONS = ['in-process', 'cli', 'server', 'bundles'];
/** Longest any single wait may take (a scan, one fan-out, one whole-process run). */
const TIMEOUT_MS = 120_000;
/** The whole run is abandoned after this, whatever is still going. */
const OVERALL_LIMIT_MS = 20 * 60_000;
const WALK_NAME = "the same walk on both anchors' engines";

const log = (line) => process.stderr.write(line + '\n');

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      rounds: { type: 'string' },
      pairs: { type: 'string' },
      requests: { type: 'string' },
      edits: { type: 'string' },
      'push-edits': { type: 'string' },
      'brief-edits': { type: 'string' },
      'fan-out': { type: 'string' },
      starts: { type: 'string' },
      sizes: { type: 'string' },
    },
  });
  const quick = values.quick;
  const count = (name, full, short) => {
    if (values[name] === undefined) return quick ? short : full;
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive whole number`);
    return n;
  };
  const sizes = (values.sizes ?? '2000+200,10000+1000').split(',').map((size) => {
    const match = /^(\d+)\+(\d+)$/.exec(size.trim());
    if (!match || Number(match[2]) < 1) throw new Error(`--sizes takes REQUESTS+BRIEFS pairs, such as 2000+200 (got ${size})`);
    return { requests: Number(match[1]), briefs: Number(match[2]) };
  });
  const only = values.only ? values.only.split(',') : SECTIONS;
  const unknown = only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(', ')} (got ${unknown.join(', ')})`);
  return {
    quick,
    out: values.out ?? (quick || values.only ? undefined : LATEST),
    only,
    rounds: count('rounds', 60, 10),
    warmup: quick ? 500 : 5000,
    pairs: count('pairs', 5, 1),
    requests: count('requests', 1000, 1000),
    edits: count('edits', 200, 40),
    pushEdits: count('push-edits', 20, 4),
    briefEdits: count('brief-edits', 100, 20),
    fanOut: count('fan-out', 20, 3),
    starts: count('starts', 10, 3),
    sizes,
  };
}

/** Runs one section, recording a failure instead of stopping the run. */
async function section(name, failures, work) {
  try {
    return await work();
  } catch (error) {
    failures.push(`${name}: ${error?.message ?? error}`);
    log(`bench: ${name} failed: ${error?.stack ?? error}`);
    return undefined;
  }
}

const med = (runs, key) => (runs?.length ? median(runs.map((r) => r[key])) : undefined);
const p95 = (samples) => (samples?.length ? percentile(samples, 95) : undefined);
const plural = (n, word) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function inProcessFigures(r) {
  const row = (id, label, part, k, anchorId) =>
    figure({
      id,
      label,
      unit: 'µs',
      target: { text: `≤ anchor ÷ ${k}`, ratioAtLeast: k },
      ours: part?.ours?.median,
      anchor: part?.anchor?.median,
      anchorName: part?.anchorName ?? anchorId,
      anchorValidated: part ? part.proof.validated : undefined,
      note: part?.oursProblems ? `ours reported ${part.oursProblems} problem(s) on the valid texts` : undefined,
      detail: part && { ours: part.ours, anchor: part.anchor },
    });
  return [
    row(
      'request-in-process',
      'one request checked in process (all rules, cross-file), median',
      r?.request,
      3,
      'vscode-json-languageservice',
    ),
    row('brief-in-process', 'one brief checked in process, median', r?.brief, 5, 'yaml-language-server'),
  ];
}

function wholeCheckFigures(size, r, walkProof, last) {
  const name = `${size.requests.toLocaleString('en-US')} requests + ${size.briefs.toLocaleString('en-US')} briefs`;
  const runs = r ? ` (median of ${r.ours.length})` : '';
  const common = { anchorName: WALK_NAME, anchorValidated: walkProof?.validated ?? undefined };
  const note = r?.problems.ours ? `ours: ${r.problems.ours}` : r?.problems.anchor ? `anchor: ${r.problems.anchor}` : undefined;
  const id = `check-${size.requests}-${size.briefs}`;
  const runsOf = (list, key) => list?.map((run) => Math.round(run[key]));
  const detail = (key) => r && { ours: runsOf(r.ours, key), anchor: runsOf(r.anchor, key) };
  return [
    figure({
      id: `${id}-cpu`,
      label: `alloy check, ${name}: CPU (user + sys)${runs}`,
      unit: 'ms',
      target: { text: '≤ anchors ÷ 3', ratioAtLeast: 3 },
      ours: med(r?.ours, 'cpuMs'),
      anchor: med(r?.anchor, 'cpuMs'),
      ...common,
      note,
      detail: detail('cpuMs'),
    }),
    figure({
      id: `${id}-wall`,
      label: `alloy check, ${name}: wall`,
      unit: 'ms',
      target: last ? { text: '≤ 1.5 s', max: 1500 } : undefined,
      ours: med(r?.ours, 'wallMs'),
      anchor: med(r?.anchor, 'wallMs'),
      ...common,
      detail: detail('wallMs'),
    }),
    figure({
      id: `${id}-rss`,
      label: `alloy check, ${name}: peak RSS`,
      unit: 'MB',
      target: last ? { text: '≤ 150 MB', max: 150 } : undefined,
      ours: med(r?.ours, 'rssMB'),
      anchor: med(r?.anchor, 'rssMB'),
      ...common,
      detail: detail('rssMB'),
    }),
  ];
}

function startFigures(oneFile, first) {
  return [
    figure({
      id: 'one-file-check',
      label: `alloy check of 1 request (and its brief): wall${oneFile ? `, median of ${oneFile.ours.length}` : ''}`,
      unit: 'ms',
      target: { text: '≤ 150 ms', max: 150 },
      ours: med(oneFile?.ours, 'wallMs'),
      note: oneFile?.problem,
      detail: oneFile && { wallMs: oneFile.ours.map((r) => Math.round(r.wallMs)), cpuMs: oneFile.ours.map((r) => Math.round(r.cpuMs)) },
    }),
    figure({ id: 'node-start', label: '  node -e 0 in the same runs (the floor)', unit: 'ms', ours: med(oneFile?.node, 'wallMs') }),
    figure({
      id: 'first-diagnostics',
      label: `server spawn → first diagnostics of an opened request${first ? `, median of ${first.length}` : ''}`,
      unit: 'ms',
      target: { text: '≤ 150 ms', max: 150 },
      ours: first?.length ? median(first) : undefined,
      detail: first && { runs: first.map(Math.round) },
    }),
  ];
}

/** p50, p95 and max of latency samples (ms), for the results file. */
const spreadOf = (samples) =>
  samples?.length ? { p50: median(samples), p95: p95(samples), max: Math.max(...samples), n: samples.length } : undefined;

function serverFigures(s, o) {
  const push = s?.jsonServer.proofs.push;
  const pull = s?.jsonServer.proofs.pull;
  const jsonName = s?.jsonServer.name ?? 'vscode-langservers-extracted';
  const fanP95 = p95(s?.fanOut.times);
  return [
    figure({
      id: 'scan',
      label: `server start-up scan, ${s ? plural(s.scan.files, 'file') : 'N files'} (initialized → progress end)`,
      unit: 'ms',
      ours: s?.scan.scanMs,
      note: s && s.scan.published !== s.scan.files ? `only ${s.scan.published} of ${s.scan.files} files published` : undefined,
    }),
    figure({
      id: 'scan-brief-hashes',
      label: '  brief digests computed during the scan (2 briefs)',
      unit: 'count',
      target: { text: '2 (one per brief)', equals: 2 },
      ours: s?.scan.counters.briefDigests,
      detail: s && s.scan.counters,
    }),
    figure({
      id: 'request-edit-p95',
      label: `edit → diagnostics p95, request (${s ? s.latencies.ours.length : o.edits} edits; JSON server: ${s ? s.latencies.push.length : o.pushEdits}, push)`,
      unit: 'ms',
      target: { text: '≤ 5 ms', max: 5 },
      ours: p95(s?.latencies.ours),
      anchor: p95(s?.latencies.push),
      anchorName: `${jsonName}, push (built-in 500 ms delay)`,
      anchorValidated: push ? push.validated : undefined,
      detail: s && { ours: spreadOf(s.latencies.ours), anchor: spreadOf(s.latencies.push) },
    }),
    figure({
      id: 'request-edit-pull-p95',
      label: '  the same edits, JSON server asked by pull (no delay)',
      unit: 'ms',
      ours: p95(s?.latencies.ours),
      anchor: p95(s?.latencies.pull),
      anchorName: `${jsonName}, pull`,
      anchorValidated: pull ? pull.validated : undefined,
      detail: s && { anchor: spreadOf(s.latencies.pull) },
    }),
    figure({
      id: 'brief-edit-p95',
      label: `edit → diagnostics p95, brief (${s ? s.briefLatencies.length : o.briefEdits} edits)`,
      unit: 'ms',
      target: { text: '≤ 5 ms', max: 5 },
      ours: p95(s?.briefLatencies),
      detail: s && spreadOf(s.briefLatencies),
    }),
    figure({
      id: 'fan-out-p95',
      label: `brief edit → its ${(s?.requestCount ?? o.requests).toLocaleString('en-US')} requests re-published, p95 of ${s ? s.fanOut.times.length : o.fanOut}`,
      unit: 'ms',
      target: { text: '≤ 100 ms', max: 100 },
      ours: fanP95,
      detail: s && { times: s.fanOut.times.map(Math.round) },
    }),
    figure({
      id: 'fan-out-brief-hashes',
      label: '  brief digests computed per brief edit (max)',
      unit: 'count',
      target: { text: '1', equals: 1 },
      ours: s?.fanOut.briefDigests.length ? Math.max(...s.fanOut.briefDigests) : undefined,
    }),
  ];
}

function bundleRows(bundles) {
  // The language server is dist/server.js (a launcher) and dist/alloyServer.js (the server it runs).
  const serverParts = bundles?.filter((b) => b.name === 'server.js' || b.name === 'alloyServer.js');
  const serverBytes = serverParts && serverParts.length > 0 ? serverParts.reduce((sum, b) => sum + b.bytes, 0) : undefined;
  const minified = bundles?.filter((b) => b.minified);
  return [
    figure({
      id: 'server-bundle',
      label: 'language server size (dist/server.js + dist/alloyServer.js)',
      unit: 'KB',
      target: { text: '≤ 700 KB', max: 700 },
      ours: serverBytes === undefined ? undefined : serverBytes / 1000,
      detail: bundles && Object.fromEntries(bundles.map((b) => [b.name, { bytes: b.bytes, averageLine: Math.round(b.averageLine) }])),
    }),
    figure({
      id: 'bundles-minified',
      label: `bundles minified (${bundles ? bundles.map((b) => `${b.name} ${b.minified ? 'yes' : 'no'}`).join(', ') : 'dist/*.js'})`,
      unit: 'count',
      target: { text: `all ${bundles?.length ?? 5}`, equals: bundles?.length ?? 5 },
      ours: minified?.length,
    }),
  ];
}

async function main() {
  let o;
  try {
    o = options();
  } catch (error) {
    log(`bench: ${error.message}`);
    return;
  }
  for (const bundle of ['server.js', 'cli.js']) {
    if (!fs.existsSync(fileURLToPath(new URL(`../dist/${bundle}`, import.meta.url)))) {
      log(`bench: dist/${bundle} is missing; run \`npm run build\` first`);
      return;
    }
  }
  const provenance = runProvenance();
  const failures = [];
  const schemas = anchorSchemaFolder();
  log(`anchors load the schemas from ${schemas.note}`);
  const has = (name) => o.only.includes(name);
  const anchors = [];

  const inProcess = has('in-process')
    ? await section('in process', failures, () => benchInProcess({ schemaDir: schemas.dir, rounds: o.rounds, warmup: o.warmup, log }))
    : undefined;
  if (inProcess) {
    anchors.push({ anchor: inProcess.request.anchorName, where: 'in process, requests', ...inProcess.request.proof });
    anchors.push({ anchor: inProcess.brief.anchorName, where: 'in process, briefs', ...inProcess.brief.proof });
  }

  let walkProof;
  const whole = [];
  let oneFile;
  if (has('cli')) {
    walkProof = await section('anchor walk proof', failures, () => proveAnchorWalk({ schemaDir: schemas.dir, timeoutMs: TIMEOUT_MS }));
    if (walkProof) anchors.push({ anchor: WALK_NAME, where: 'bench/anchors/anchorWalk.mjs, one process', ...walkProof });
    for (const size of o.sizes) {
      log(`alloy check: ${size.requests} requests + ${size.briefs} briefs, ${o.pairs} alternated pair(s)`);
      whole.push(
        await section(`alloy check ${size.requests}+${size.briefs}`, failures, () =>
          benchWholeCheck({
            ...size,
            pairs: o.pairs,
            schemaDir: walkProof?.validated ? schemas.dir : undefined,
            timeoutMs: TIMEOUT_MS,
            log,
          }),
        ),
      );
    }
    log(`alloy check of one file: ${o.starts} runs, alternated with node -e 0`);
    oneFile = await section('1-file check', failures, () => benchOneFileCheck({ runs: o.starts, timeoutMs: TIMEOUT_MS, log }));
  }

  let first;
  let server;
  if (has('server')) {
    log(`language server: spawn → first diagnostics, ${o.starts} runs`);
    first = await section('first diagnostics', failures, () => benchFirstDiagnostics({ runs: o.starts, timeoutMs: 30_000, log }));
    log(`language server: 2 briefs + ${o.requests} + 10 requests`);
    server = await section('language server', failures, () =>
      benchServer({
        requestCount: o.requests,
        edits: o.edits,
        pushEdits: o.pushEdits,
        briefEditCount: o.briefEdits,
        repeats: o.fanOut,
        warmup: 10,
        timeoutMs: TIMEOUT_MS,
        schemaDir: schemas.dir,
        log,
      }),
    );
    if (server) {
      for (const mode of ['push', 'pull']) {
        anchors.push({
          anchor: server.jsonServer.name,
          where: `vscode-json-language-server --stdio, ${mode}`,
          ...server.jsonServer.proofs[mode],
        });
      }
    }
  }
  const bundles = has('bundles') ? bundleFigures() : undefined;

  const figures = [
    ...(has('in-process') ? inProcessFigures(inProcess) : []),
    ...(has('cli') ? o.sizes.flatMap((size, i) => wholeCheckFigures(size, whole[i], walkProof, i === o.sizes.length - 1)) : []),
    ...startFigures(oneFile, first).filter((f) => (f.id === 'first-diagnostics' ? has('server') : has('cli'))),
    ...(has('server') ? serverFigures(server, o) : []),
    ...(has('bundles') ? bundleRows(bundles) : []),
  ];
  const results = {
    format: 1,
    ...provenance,
    quick: o.quick,
    options: { ...o, out: undefined },
    schemas: schemas.note,
    anchors,
    figures,
    failures,
  };
  const { host } = provenance;
  process.stdout.write(
    `\n${host.cpu}, ${host.cores} cores, ${host.memoryGB} GB, ${host.platform}; node ${provenance.node}; ` +
      `commit ${provenance.commit.sha.slice(0, 12)}${provenance.commit.dirty ? ' + uncommitted changes' : ''}; ${provenance.date}\n\n`,
  );
  process.stdout.write(formatTable(figures));
  process.stdout.write('\nAnchors (each shown to validate before its times count):\n');
  for (const a of anchors)
    process.stdout.write(`  ${a.validated ? 'validated' : 'DID NOT VALIDATE'}: ${a.anchor} (${a.where}): ${a.reason}\n`);
  for (const f of figures.filter((f) => f.note)) process.stdout.write(`  note on "${f.label.trim()}": ${f.note}\n`);
  for (const failure of failures) process.stdout.write(`could not measure — ${failure}\n`);
  if (o.out) {
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), o.out)}; \`node bench/readmeTable.mjs --write\` puts it in the README\n`);
  }
}

const limit = setTimeout(() => {
  log(`bench: gave up after ${OVERALL_LIMIT_MS / 60_000} minutes`);
  process.exit(0);
}, OVERALL_LIMIT_MS);
limit.unref();
process.once('SIGINT', () => process.exit(130)); // the exit handlers still remove temp workspaces

main()
  .catch((error) => log(`bench: ${error?.stack ?? error}`))
  .finally(() => process.exit(0));
