// Second-editor check of the language server: a real headless Neovim (0.7 or later, built-in
// vim.lsp client) runs test/nvim/init.lua against dist/server.js on a temp copy of
// examples/checkout-service, and what Neovim saw is compared with `alloy check --format json`.
//
//   npm run build && node test/nvim/run.mjs
//
// Exit code 0 when every check passed, 1 otherwise. Env: ALLOY_NVIM_TIMEOUT_MS (bound on the
// Neovim run, default 60000), ALLOY_NVIM_BIN (Neovim binary, default `nvim`), ALLOY_NVIM_KEEP_TMP=1
// (keep the temp folder: workspace copy, result.json, Neovim's LSP log).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const serverJs = path.join(repo, 'dist', 'server.js');
const cliJs = path.join(repo, 'dist', 'cli.js');
const initLua = path.join(here, 'init.lua');
const nvimBin = process.env.ALLOY_NVIM_BIN || 'nvim';
const TIMEOUT_MS = Number(process.env.ALLOY_NVIM_TIMEOUT_MS || 60000);
const REQUEST_FILE = path.join('.alloy', 'requests', 'broken-digest-mismatch.json');
const SEVERITY_NAMES = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

const failures = [];
function check(name, ok, detail) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${!ok && detail ? `\n     ${detail}` : ''}`);
  if (!ok) failures.push(name);
}

class PreconditionFailed extends Error {}

/** Stops the run (the temp folder is still removed) when something the checks need is missing. */
function precondition(ok, message) {
  if (!ok) throw new PreconditionFailed(message);
}

/** Neovim's 0-based, end-exclusive diagnostic as the CLI's 1-based record. */
function asCliRecord(d) {
  return {
    line: d.lnum + 1,
    column: d.col + 1,
    endLine: d.end_lnum + 1,
    endColumn: d.end_col + 1,
    severity: SEVERITY_NAMES[d.severity] ?? String(d.severity),
    code: d.code,
    message: d.message,
  };
}

function comparable(record) {
  const { line, column, endLine, endColumn, severity, code, message } = record;
  return JSON.stringify({ line, column, endLine, endColumn, severity, code, message });
}

/** 0-based position inside the value of the `"digest"` key (the request has exactly one). */
function digestValuePosition(text) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /"digest"\s*:\s*"/.test(l));
  precondition(line >= 0, `no "digest" key in ${REQUEST_FILE}`);
  const match = /"digest"\s*:\s*"/.exec(lines[line]);
  return { line, character: match.index + match[0].length + 3 };
}

function runNeovim(args, env) {
  return new Promise((resolve) => {
    // Own process group, so a timeout can end Neovim together with the server it started.
    const child = spawn(nvimBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output });
    });
  });
}

async function main(tmp) {
  precondition(fs.existsSync(serverJs) && fs.existsSync(cliJs), 'dist/server.js or dist/cli.js is missing: run `npm run build` first');
  const version = spawnSync(nvimBin, ['--version'], { encoding: 'utf8' });
  precondition(version.status === 0, `\`${nvimBin} --version\` failed: install Neovim (Debian: apt-get install -y neovim)`);
  console.log(`neovim: ${version.stdout.split('\n')[0]}`);

  const workspace = path.join(tmp, 'checkout-service');
  fs.cpSync(path.join(repo, 'examples', 'checkout-service'), workspace, { recursive: true });
  const requestPath = path.join(workspace, REQUEST_FILE);
  const hoverAt = digestValuePosition(fs.readFileSync(requestPath, 'utf8'));

  const cli = spawnSync(process.execPath, [cliJs, 'check', '--format', 'json', REQUEST_FILE], { cwd: workspace, encoding: 'utf8' });
  let expected;
  try {
    expected = JSON.parse(cli.stdout);
  } catch {
    precondition(false, `alloy check --format json did not print JSON (exit ${cli.status}): ${cli.stdout}${cli.stderr}`);
  }
  const expectedMismatch = expected.find((d) => d.code === 'digest-mismatch');
  precondition(expectedMismatch !== undefined, `alloy check reports no digest-mismatch for ${REQUEST_FILE}`);
  const realDigest = /sha256:[0-9a-f]{64}/.exec(expectedMismatch.message)?.[0];
  precondition(realDigest !== undefined, `the digest-mismatch message names no digest: ${expectedMismatch.message}`);

  const out = path.join(tmp, 'result.json');
  const xdg = path.join(tmp, 'xdg');
  const env = {
    ...process.env,
    ALLOY_NVIM_SERVER: serverJs,
    ALLOY_NVIM_ROOT: workspace,
    ALLOY_NVIM_OUT: out,
    ALLOY_NVIM_HOVER_LINE: String(hoverAt.line),
    ALLOY_NVIM_HOVER_CHARACTER: String(hoverAt.character),
    // Keep Neovim's state, cache (lsp.log) and any shada away from the user's home.
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
  };
  const run = await runNeovim(['--headless', '--clean', '-u', initLua, requestPath], env);
  check(
    `neovim exited by itself within ${TIMEOUT_MS} ms`,
    !run.timedOut && run.code === 0,
    `exit ${run.code}${run.timedOut ? ' (killed on timeout)' : ''}\n${run.output}`,
  );
  if (!fs.existsSync(out)) {
    check('neovim wrote its result file', false, run.output.trim());
    return;
  }
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  console.log(`client: ${result.neovim} via ${result.startedWith}, offset encoding ${result.offsetEncoding}`);
  console.log(`server-to-client methods: ${JSON.stringify(result.serverMethods)}`);
  check('the driver ran without a Lua error', !result.error, result.error);

  // 1. diagnostics
  const seen = (result.diagnostics ?? []).map(asCliRecord);
  const mismatch = seen.find((d) => d.code === 'digest-mismatch');
  check(
    'digest-mismatch: range, severity and message equal `alloy check --format json`',
    mismatch !== undefined && comparable(mismatch) === comparable(expectedMismatch),
    `neovim: ${mismatch ? comparable(mismatch) : '(none)'}\n     cli:    ${comparable(expectedMismatch)}`,
  );
  const sortKey = (d) => `${String(d.line).padStart(6, '0')}:${String(d.column).padStart(6, '0')}:${d.code}`;
  const bySort = (a, b) => sortKey(a).localeCompare(sortKey(b));
  check(
    'the buffer has exactly the diagnostics the CLI reports',
    JSON.stringify(seen.map(comparable).sort()) === JSON.stringify(expected.map(comparable).sort()),
    `neovim: ${JSON.stringify(seen.sort(bySort))}\n     cli:    ${JSON.stringify(expected.map((d) => JSON.parse(comparable(d))).sort(bySort))}`,
  );

  // 2. hover
  const hover = typeof result.hover === 'string' ? result.hover : '';
  check(
    'hover on brief.digest contains sha256:',
    hover.includes('sha256:'),
    `hover: ${JSON.stringify(result.hover)} ${result.hoverError ?? ''}`,
  );
  check(
    `hover on brief.digest names the brief's real digest ${realDigest}`,
    hover.includes(realDigest),
    `hover: ${JSON.stringify(result.hover)}`,
  );

  // 3. quick fix
  const fix = result.fix ?? {};
  console.log(`code actions offered: ${JSON.stringify(fix.titles ?? [])}`);
  check('a quick fix edit was applied', fix.applied === true, fix.skipped ?? fix.error ?? JSON.stringify(fix));
  check(
    'after the quick fix the server republished without digest-mismatch',
    fix.applied === true && fix.newDiagnosticsArrived === true && !(fix.diagnostics ?? []).some((d) => d.code === 'digest-mismatch'),
    `publishes after the edit: ${fix.publishesAfterEdit}; diagnostics: ${JSON.stringify(fix.diagnostics)}`,
  );
  const fixedLine = (fix.lines ?? [])[hoverAt.line] ?? '';
  check(
    `the fixed buffer's brief.digest is ${realDigest}`,
    fixedLine.includes(`"${realDigest}"`),
    `line ${hoverAt.line + 1}: ${fixedLine}`,
  );
  // The buffer was never saved: write its text to disk and let the CLI judge the fixed request.
  if (fix.applied === true) {
    fs.writeFileSync(requestPath, `${fix.lines.join('\n')}\n`);
    const after = spawnSync(process.execPath, [cliJs, 'check', '--format', 'json', REQUEST_FILE], { cwd: workspace, encoding: 'utf8' });
    check(
      '`alloy check` finds nothing wrong in the fixed buffer text',
      after.status === 0 && after.stdout.trim() === '[]',
      `exit ${after.status}: ${after.stdout}${after.stderr}`,
    );
  }
  if (result.serverLog?.length) console.log(`server log:\n  ${result.serverLog.join('\n  ')}`);
}

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-nvim-')));
try {
  await main(tmp);
} catch (error) {
  if (error instanceof PreconditionFailed) check('precondition', false, error.message);
  else check('the runner itself', false, error instanceof Error ? error.stack : String(error));
} finally {
  if (process.env.ALLOY_NVIM_KEEP_TMP) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(failures.length === 0 ? 'PASSED' : `FAILED (${failures.length} check${failures.length === 1 ? '' : 's'})`);
process.exit(failures.length === 0 ? 0 : 1);
