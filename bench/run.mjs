#!/usr/bin/env node
// Benchmarks the built server and CLI against their budgets; figures, not a test (always exits 0).
// Usage: npm run build && node --import tsx bench/run.mjs [--requests N] [--edits N]
//        [--brief-edits N] [--cli-files N] [--cli-runs N] [--skip-server] [--skip-cli]

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCli } from './cliBench.mjs';
import { formatTable, machineInfo, median, ms, percentile, row } from './figures.mjs';
import { benchServer } from './serverBench.mjs';

const BUDGET = { editP95: 10, fanOut: 300, cli: 4000 };
/** Longest any single wait may take (scan, one fan-out, one CLI run). */
const TIMEOUT_MS = 120_000;
/** The whole run is abandoned after this, whatever is still going. */
const OVERALL_LIMIT_MS = 15 * 60_000;

const log = (line) => process.stderr.write(line + '\n');

function options() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '1000' },
      edits: { type: 'string', default: '200' },
      'brief-edits': { type: 'string', default: '10' },
      'cli-files': { type: 'string', default: '10000' },
      'cli-runs': { type: 'string', default: '3' },
      'skip-server': { type: 'boolean', default: false },
      'skip-cli': { type: 'boolean', default: false },
    },
  });
  const count = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive whole number`);
    return n;
  };
  return {
    requests: count('requests'),
    edits: count('edits'),
    briefEdits: count('brief-edits'),
    cliFiles: Math.max(2, count('cli-files')),
    cliRuns: count('cli-runs'),
    server: !values['skip-server'],
    cli: !values['skip-cli'],
  };
}

async function serverRows(o) {
  log(`language server: 1 brief + ${o.requests} requests`);
  const { scan, latencies, fanOut } = await benchServer({
    requestCount: o.requests,
    edits: o.edits,
    warmup: 10,
    repeats: o.briefEdits,
    timeoutMs: TIMEOUT_MS,
    log,
  });
  const p95 = percentile(latencies, 95);
  const fanP95 = percentile(fanOut.times, 95);
  const maxDigests = Math.max(...fanOut.briefDigests);
  return [
    row(`start-up scan, ${scan.files} files (initialized → progress end)`, ms(scan.scanMs)),
    row('  files published by the scan', `${scan.published} of ${scan.files}`, `all`, scan.published === scan.files),
    row('  brief digests computed during the scan', String(scan.counters.briefDigests), '1', scan.counters.briefDigests === 1),
    row(`edit → diagnostics p50 (${latencies.length} request edits)`, ms(percentile(latencies, 50))),
    row('edit → diagnostics p95', ms(p95), `≤ ${BUDGET.editP95} ms`, p95 <= BUDGET.editP95),
    row('edit → diagnostics max', ms(Math.max(...latencies))),
    row(`brief edit → ${o.requests} requests re-published p50 (${fanOut.times.length} edits)`, ms(percentile(fanOut.times, 50))),
    row('brief edit → requests re-published p95', ms(fanP95), `≤ ${BUDGET.fanOut} ms`, fanP95 <= BUDGET.fanOut),
    row('brief digests computed per brief edit (max)', String(maxDigests), '1', maxDigests === 1),
  ];
}

async function cliRows(o) {
  log(`cli: 1 brief + ${o.cliFiles - 1} requests, ${o.cliRuns} runs`);
  const { times, exitCode, diagnostics } = await benchCli({ fileCount: o.cliFiles, runs: o.cliRuns, timeoutMs: TIMEOUT_MS, log });
  const mid = median(times);
  return [
    row(`alloy check, ${o.cliFiles} files, --format json: min`, ms(Math.min(...times))),
    row(`alloy check, ${o.cliFiles} files: median of ${times.length}`, ms(mid), `≤ ${BUDGET.cli} ms`, mid <= BUDGET.cli),
    row('  exit code and diagnostics (all files are valid)', `${exitCode}, ${diagnostics}`, '0, 0', exitCode === 0 && diagnostics === 0),
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
  const rows = [];
  const failures = [];
  if (o.server) {
    try {
      rows.push(...(await serverRows(o)));
    } catch (error) {
      failures.push(`language server: ${error.message}`);
    }
  }
  if (o.cli) {
    try {
      rows.push(...(await cliRows(o)));
    } catch (error) {
      failures.push(`cli: ${error.message}`);
    }
  }
  process.stdout.write(`\n${machineInfo()}\n\n${formatTable(rows)}`);
  for (const failure of failures) process.stdout.write(`could not measure — ${failure}\n`);
}

const limit = setTimeout(() => {
  log(`bench: gave up after ${OVERALL_LIMIT_MS / 60_000} minutes`);
  process.exit(0);
}, OVERALL_LIMIT_MS);
limit.unref();
process.once('SIGINT', () => process.exit(130)); // the exit handler still removes temp workspaces

main()
  .catch((error) => log(`bench: ${error?.stack ?? error}`))
  .finally(() => process.exit(0));
