// Second-editor check of the language server: a real headless Neovim (0.7 or later, built-in
// vim.lsp client) runs test/nvim/init.lua against dist/server.js on a temp copy of
// examples/checkout-service, and what Neovim saw is compared with `alloy check --format json`.
//
//   npm run build && node test/nvim/run.mjs
//
// Then the editing features of issue 15 that Neovim 0.7's client can drive: references from the
// request's brief.id, document and workspace symbols, the server's CodeLens (before and after the
// quick fix), a brief rename in a small clean repository copied into the workspace (applied, written,
// then the buffer's diagnostics and `alloy check`), and the migration quick fix on the example's
// pre-v1 brief (the text must be `alloy migrate`'s, the diagnostics the CLI's for that text), and
// "Create an execution request from this brief" in a small git repository (the action's command run
// through workspace/executeCommand; the file it writes checked against git and `alloy check`).
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
const BRIEF_FILE = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const PRE_V1_FILE = '.alloy/briefs/pre-v1-checkout-payment.yaml';
const NAV = {
  dir: 'nav',
  brief: '.alloy/briefs/navigation.yaml',
  briefId: 'brief_01HZ_NAVIGATION',
  requests: ['.alloy/requests/nav-a.json', '.alloy/requests/nav-b.json'],
  newName: 'brief_01HZ_RENAMED',
  badName: 'brief-renamed',
};
// `<workspace>/newreq`: a git repository (branch alloy/checkout, one commit) holding one clean brief,
// for "Create an execution request from this brief".
const NEWREQ = {
  dir: 'newreq',
  brief: '.alloy/briefs/new-request.yaml',
  briefId: 'brief_01HZ_NEW_REQUEST',
  branch: 'alloy/checkout',
  title: 'Create an execution request from this brief',
  kind: 'source.alloy.newRequest',
  command: 'alloy.newRequestFromBrief',
};

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

/** The range of the first `"key": "value"` (or `key: value`) value on one line, without quotes, 0-based. */
function valueRange(text, key) {
  const lines = text.split('\n');
  const pattern = new RegExp(`^(\\s*"?${key}"?\\s*:\\s*"?)([^"\\s,]+)`);
  for (let line = 0; line < lines.length; line++) {
    const match = pattern.exec(lines[line]);
    if (match) return { line, start: match[1].length, end: match[1].length + match[2].length, value: match[2] };
  }
  return undefined;
}

const rangeText = (r) => `${r[0]}:${r[1]}-${r[2]}:${r[3]}`;
const valueRangeText = (r) => `${r.line}:${r.start}-${r.line}:${r.end}`;

/** `<path relative to root> l:c-l:c` for the brief's id and every request whose local_path names it, sorted. */
function expectedReferences(root, briefFile) {
  const rows = [`${briefFile} ${valueRangeText(valueRange(fs.readFileSync(path.join(root, briefFile), 'utf8'), 'id'))}`];
  const dir = path.join(root, '.alloy', 'requests');
  for (const name of fs.readdirSync(dir)) {
    const range = valueRange(fs.readFileSync(path.join(dir, name), 'utf8'), 'local_path');
    if (range && range.value === briefFile) rows.push(`.alloy/requests/${name} ${valueRangeText(range)}`);
  }
  return rows.sort();
}

function cliIn(cwd, args) {
  return spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: 'utf8', timeout: 30000 });
}

/**
 * `<workspace>/nav`: a small clean repository of its own (its own .alloy): the example's valid brief
 * with its id made brief_01HZ_NAVIGATION and two copies of the valid request naming it, digests and
 * keys written by `alloy fix`.
 */
function writeNavigationRepository(workspace) {
  const root = path.join(workspace, NAV.dir);
  fs.mkdirSync(path.join(root, '.alloy', 'briefs'), { recursive: true });
  fs.mkdirSync(path.join(root, '.alloy', 'requests'), { recursive: true });
  const brief = fs.readFileSync(path.join(workspace, BRIEF_FILE), 'utf8');
  precondition(/^id: brief_01HZ_CHECKOUT_PAYMENT$/m.test(brief), `${BRIEF_FILE} has no line "id: brief_01HZ_CHECKOUT_PAYMENT"`);
  fs.writeFileSync(path.join(root, NAV.brief), brief.replace(/^id: brief_01HZ_CHECKOUT_PAYMENT$/m, `id: ${NAV.briefId}`));
  const request = fs.readFileSync(path.join(workspace, '.alloy', 'requests', 'checkout-payment.json'), 'utf8');
  NAV.requests.forEach((file, i) => {
    const text = request
      .replaceAll('runreq_01HZ_CHECKOUT_PAYMENT', `runreq_01HZ_NAVIGATION_${'AB'[i]}`)
      .replace('"brief_01HZ_CHECKOUT_PAYMENT"', `"${NAV.briefId}"`)
      .replace(`"${BRIEF_FILE}"`, `"${NAV.brief}"`);
    fs.writeFileSync(path.join(root, file), text);
  });
  const fix = cliIn(root, ['fix', NAV.brief, ...NAV.requests]);
  const check = cliIn(root, ['check', '.']);
  precondition(
    fix.status === 0 && check.status === 0 && check.stdout === '',
    `the navigation repository is not clean: ${fix.stdout}${check.stdout}${check.stderr}`,
  );
  return root;
}

function gitIn(cwd, args) {
  const run = spawnSync(
    'git',
    ['-c', 'user.name=Alloy Test', '-c', 'user.email=alloy-test@example.test', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', timeout: 30000 },
  );
  precondition(run.status === 0, `git ${args.join(' ')} failed (exit ${run.status}): ${run.stderr}`);
  return run.stdout.trim();
}

/**
 * `<workspace>/newreq`: the example's valid brief with its id made brief_01HZ_NEW_REQUEST (digest
 * written by `alloy fix`), checked clean, committed by the real git on branch alloy/checkout.
 * It has no `.alloy/requests/`: the server's command makes the folder.
 */
function writeNewRequestRepository(workspace) {
  const root = path.join(workspace, NEWREQ.dir);
  fs.mkdirSync(path.join(root, '.alloy', 'briefs'), { recursive: true });
  const brief = fs.readFileSync(path.join(workspace, BRIEF_FILE), 'utf8');
  fs.writeFileSync(path.join(root, NEWREQ.brief), brief.replace(/^id: brief_01HZ_CHECKOUT_PAYMENT$/m, `id: ${NEWREQ.briefId}`));
  const fix = cliIn(root, ['fix', NEWREQ.brief]);
  const check = cliIn(root, ['check', '.']);
  precondition(
    fix.status === 0 && check.status === 0 && check.stdout === '',
    `the new-request repository is not clean: ${fix.stdout}${fix.stderr}${check.stdout}${check.stderr}`,
  );
  gitIn(root, ['init', '-q', '-b', NEWREQ.branch]);
  gitIn(root, ['add', '-A']);
  gitIn(root, ['commit', '-q', '-m', 'new-request fixture']);
  return { root, revision: gitIn(root, ['rev-parse', 'HEAD']) };
}

/** `alloy migrate` of the pre-v1 brief, and what `alloy check` says of that file once it holds the result. */
function migrationExpectations(workspace, tmp) {
  const migrated = cliIn(workspace, ['migrate', PRE_V1_FILE]);
  precondition(migrated.status === 0, `alloy migrate ${PRE_V1_FILE} failed (exit ${migrated.status}): ${migrated.stderr}`);
  const copy = path.join(tmp, 'migrated');
  fs.cpSync(path.join(repo, 'examples', 'checkout-service'), copy, { recursive: true });
  fs.writeFileSync(path.join(copy, PRE_V1_FILE), migrated.stdout);
  const after = JSON.parse(cliIn(copy, ['check', '--format', 'json', PRE_V1_FILE]).stdout);
  const before = JSON.parse(cliIn(workspace, ['check', '--format', 'json', PRE_V1_FILE]).stdout);
  fs.rmSync(copy, { recursive: true, force: true });
  return { text: migrated.stdout, before, after };
}

/** The plan init.lua follows (positions 0-based), and what run.mjs expects of each step. */
function navigationPlan(workspace, tmp) {
  const requestText = fs.readFileSync(path.join(workspace, REQUEST_FILE), 'utf8');
  // The request's first "id" member is brief.id.
  const briefId = valueRange(requestText, 'id');
  precondition(briefId?.value === 'brief_01HZ_CHECKOUT_PAYMENT', `${REQUEST_FILE}'s brief.id is not brief_01HZ_CHECKOUT_PAYMENT`);
  const navRoot = writeNavigationRepository(workspace);
  const navRequest = path.join(navRoot, NAV.requests[0]);
  const navId = valueRange(fs.readFileSync(navRequest, 'utf8'), 'id');
  const newRequest = writeNewRequestRepository(workspace);
  const plan = {
    briefIdAt: [briefId.line, briefId.start + 2],
    symbolQuery: 'brief_01HZ',
    rename: { file: navRequest, at: [navId.line, navId.start + 2], newName: NAV.newName, badName: NAV.badName },
    migrate: { file: path.join(workspace, PRE_V1_FILE) },
    newRequest: { file: path.join(newRequest.root, NEWREQ.brief), command: NEWREQ.command },
  };
  const briefIds = [];
  for (const root of [workspace, navRoot, newRequest.root]) {
    const dir = path.join(root, '.alloy', 'briefs');
    for (const name of fs.readdirSync(dir)) {
      const id = valueRange(fs.readFileSync(path.join(dir, name), 'utf8'), 'id');
      if (id?.value.startsWith('brief_01HZ'))
        briefIds.push(`${id.value} ${path.relative(workspace, path.join(dir, name))} ${valueRangeText(id)}`);
    }
  }
  const expected = {
    references: expectedReferences(workspace, BRIEF_FILE),
    requestKeys: Object.keys(JSON.parse(requestText)),
    briefIds: briefIds.sort(),
    navRoot,
    navId: [navId.line, navId.start, navId.line, navId.end],
    migration: migrationExpectations(workspace, tmp),
    newRequest,
  };
  return { plan, expected };
}

function checkNavigation(result, expected, workspace) {
  const nav = result.navigation ?? {};
  for (const [name, error] of Object.entries(result.phaseErrors ?? {})) check(`the ${name} step ran without a Lua error`, false, error);
  const rel = (file) => path.relative(workspace, file);
  check(
    'the start-up scan ended (its $/progress end) before the navigation requests',
    nav.scanEnded === true,
    JSON.stringify(nav.scanEnded),
  );

  // references
  const references = (nav.references ?? []).map((l) => `${rel(l.path)} ${rangeText(l.range)}`).sort();
  check(
    `references from the request's brief.id: the brief's id and the ${expected.references.length - 1} requests naming it`,
    JSON.stringify(references) === JSON.stringify(expected.references),
    `neovim: ${JSON.stringify(references)}\n     files:  ${JSON.stringify(expected.references)}`,
  );

  // document symbols
  const symbols = nav.documentSymbols ?? [];
  const briefSymbol = symbols.find((sym) => sym.name === 'brief');
  check(
    "document symbols: the request's top-level members in order, brief with id, version, digest, local_path",
    JSON.stringify(symbols.map((sym) => sym.name)) === JSON.stringify(expected.requestKeys) &&
      JSON.stringify((briefSymbol?.children ?? []).map((c) => c.name)) === JSON.stringify(['id', 'version', 'digest', 'local_path']),
    `neovim: ${JSON.stringify(symbols.map((sym) => [sym.name, (sym.children ?? []).map((c) => c.name)]))}`,
  );

  // workspace symbols
  const briefIds = (nav.workspaceSymbols ?? [])
    .filter((sym) => sym.name.startsWith('brief_'))
    .map((sym) => `${sym.name} ${rel(sym.path)} ${rangeText(sym.range)}`)
    .sort();
  check(
    'workspace symbols "brief_01HZ": every brief id with its location (unopened files)',
    JSON.stringify(briefIds) === JSON.stringify(expected.briefIds),
    `neovim: ${JSON.stringify(briefIds)}\n     files:  ${JSON.stringify(expected.briefIds)}`,
  );

  // CodeLens
  check(
    'CodeLens before the quick fix: "digest ✗ (brief changed)"',
    (nav.lensesBeforeFix ?? []).includes('digest ✗ (brief changed)'),
    JSON.stringify(nav.lensesBeforeFix),
  );
  check(
    'CodeLens after the quick fix: "digest ✓" and "key ✓"',
    ['digest ✓', 'key ✓'].every((t) => (nav.lensesAfterFix ?? []).includes(t)),
    JSON.stringify(nav.lensesAfterFix),
  );

  // rename
  const renamed = nav.rename ?? {};
  check(
    'prepareRename on brief.id: the id value and its text',
    JSON.stringify(renamed.prepare?.range) === JSON.stringify(expected.navId) && renamed.prepare?.placeholder === NAV.briefId,
    `${JSON.stringify(renamed.prepare)} ${renamed.prepareError ?? ''}`,
  );
  check(
    `rename to "${NAV.badName}" is refused: "is not a brief id"`,
    typeof renamed.refused === 'string' && renamed.refused.startsWith(`"${NAV.badName}" is not a brief id`),
    JSON.stringify(renamed.refused),
  );
  const touched = (renamed.files ?? []).map((f) => path.relative(expected.navRoot, f)).sort();
  check(
    'rename edits the brief and both requests (one of them unopened)',
    JSON.stringify(touched) === JSON.stringify([NAV.brief, ...NAV.requests].sort()),
    JSON.stringify(touched),
  );
  check(
    "after the rename is applied and written, the buffer's diagnostics are empty (a new publish)",
    renamed.applied === true && renamed.newDiagnosticsArrived === true && (renamed.diagnostics ?? []).length === 0,
    `arrived ${renamed.newDiagnosticsArrived}; ${JSON.stringify(renamed.diagnostics)}`,
  );
  check(
    'after the rename the server CodeLens says "digest ✓" and "key ✓"',
    ['digest ✓', 'key ✓'].every((t) => (renamed.lenses ?? []).includes(t)),
    JSON.stringify(renamed.lenses),
  );
  if (renamed.applied === true) {
    const after = cliIn(expected.navRoot, ['check', '.']);
    const ids = [NAV.brief, ...NAV.requests].map((f) => fs.readFileSync(path.join(expected.navRoot, f), 'utf8').includes(NAV.newName));
    check(
      '`alloy check` finds the renamed repository clean, the new id in every file',
      after.status === 0 && after.stdout === '' && ids.every(Boolean),
      `exit ${after.status}: ${after.stdout}${after.stderr}; new id in ${JSON.stringify(ids)}`,
    );
  }

  // migration
  const migration = nav.migration ?? {};
  const { before, after, text } = expected.migration;
  check(
    "the pre-v1 brief has exactly the CLI's diagnostics (one pre-v1-brief)",
    JSON.stringify((migration.diagnosticsBefore ?? []).map(asCliRecord).map(comparable)) === JSON.stringify(before.map(comparable)) &&
      before.length === 1 &&
      before[0].code === 'pre-v1-brief',
    `neovim: ${JSON.stringify(migration.diagnosticsBefore)}\n     cli:    ${JSON.stringify(before)}`,
  );
  check(
    'one quick fix: the migration, preferred',
    JSON.stringify((migration.actions ?? []).map((a) => [a.title, a.kind, a.isPreferred])) ===
      JSON.stringify([['Migrate to alloy.formation_brief.v1 (placeholders mark what is left to fill in)', 'quickfix', true]]),
    JSON.stringify(migration.actions),
  );
  check(
    'the migrated buffer is exactly what `alloy migrate` prints',
    migration.applied === true && `${(migration.lines ?? []).join('\n')}\n` === text,
    migration.applied
      ? `first difference at line ${(migration.lines ?? []).findIndex((l, i) => l !== text.split('\n')[i]) + 1}`
      : 'not applied',
  );
  const seen = (migration.diagnostics ?? []).map(asCliRecord);
  check(
    "after the migration only its placeholders remain: the CLI's diagnostics for the migrated text",
    migration.newDiagnosticsArrived === true &&
      after.length > 0 &&
      after.every((d) => d.code === 'placeholder') &&
      JSON.stringify(seen.map(comparable).sort()) === JSON.stringify(after.map(comparable).sort()),
    `neovim: ${JSON.stringify(seen)}\n     cli:    ${JSON.stringify(after)}`,
  );
  checkNewRequest(nav.newRequest ?? {}, expected.newRequest);
}

/** A request file the new-request step made: named after its request_id, on HEAD of alloy/checkout. */
function checkCreatedRequest(label, file, expected) {
  const dir = path.join(expected.root, '.alloy', 'requests');
  const name = typeof file === 'string' ? path.relative(dir, file) : '';
  let request;
  try {
    request = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  } catch (error) {
    request = { error: String(error) };
  }
  check(
    `${label}: .alloy/requests/<request_id>.json, on HEAD (git rev-parse) of ${NEWREQ.branch}, naming the brief`,
    /^runreq_[0-9A-HJKMNP-TV-Z]{26}\.json$/.test(name) &&
      request.request_id === name.replace(/\.json$/, '') &&
      JSON.stringify(request.repo) === JSON.stringify({ path: expected.root, revision: expected.revision, branch: NEWREQ.branch }) &&
      request.brief?.id === NEWREQ.briefId &&
      request.brief?.local_path === NEWREQ.brief,
    `${file}: ${JSON.stringify({ request_id: request.request_id, repo: request.repo, brief: request.brief, error: request.error })}; HEAD ${expected.revision}`,
  );
}

function checkNewRequest(made, expected) {
  // Neovim 0.7 announces workspace.workspaceEdit.resourceOperations but not documentChanges, so the
  // server cannot send it a CreateFile edit: the action carries the server's command instead.
  const actions = made.actions ?? [];
  const action = actions[0] ?? {};
  check(
    `code actions only=source on the brief: exactly one, "${NEWREQ.title}" (${NEWREQ.kind}), with the command ${NEWREQ.command} [briefUri] and no edit`,
    actions.length === 1 &&
      action.title === NEWREQ.title &&
      action.kind === NEWREQ.kind &&
      action.hasEdit === false &&
      action.disabled === false &&
      Object.keys(action.command ?? {}).length === 3 &&
      action.command.title === NEWREQ.title &&
      action.command.command === NEWREQ.command &&
      JSON.stringify(action.command.arguments) === JSON.stringify([made.briefUri]),
    `${JSON.stringify(actions)} ${made.error ?? ''}`,
  );
  check(
    `the server announces the command ${NEWREQ.command}`,
    (made.announcedCommands ?? []).includes(NEWREQ.command),
    JSON.stringify(made.announcedCommands),
  );
  const executed = made.executed ?? {};
  const requestsDir = path.join(expected.root, '.alloy', 'requests');
  check(
    `workspace/executeCommand of the action's command returns {uri, requestId}: .alloy/requests/<requestId>.json`,
    /^runreq_[0-9A-HJKMNP-TV-Z]{26}$/.test(executed.requestId ?? '') &&
      executed.path === path.join(requestsDir, `${executed.requestId}.json`),
    `${JSON.stringify(executed)} ${made.executeError ?? ''}`,
  );
  const files = fs.existsSync(requestsDir) ? fs.readdirSync(requestsDir).sort() : [];
  check(
    'the command wrote exactly that one file',
    JSON.stringify(files) === JSON.stringify([`${executed.requestId}.json`]),
    JSON.stringify(files),
  );
  if (typeof executed.path === 'string') checkCreatedRequest('the written request', executed.path, expected);
  const after = cliIn(expected.root, ['check', '.']);
  check(
    '`alloy check .` exits 0 on the repository with the new request',
    files.length === 1 && after.status === 0 && after.stdout === '',
    `exit ${after.status}: ${after.stdout}${after.stderr}`,
  );
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

  const { plan, expected: navigationExpected } = navigationPlan(workspace, tmp);

  const out = path.join(tmp, 'result.json');
  const xdg = path.join(tmp, 'xdg');
  const env = {
    ...process.env,
    ALLOY_NVIM_SERVER: serverJs,
    ALLOY_NVIM_ROOT: workspace,
    ALLOY_NVIM_OUT: out,
    ALLOY_NVIM_HOVER_LINE: String(hoverAt.line),
    ALLOY_NVIM_HOVER_CHARACTER: String(hoverAt.character),
    ALLOY_NVIM_PLAN: JSON.stringify(plan),
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
  checkNavigation(result, navigationExpected, workspace);
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
