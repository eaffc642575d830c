// The workspace the editor opens: a copy of examples/checkout-service in a temp folder (the repository
// never changes), plus what the CLI reports for it, so the suites compare the editor against the CLI.
// Also, outside the workspace, a small clean git repository (a brief and two requests naming it) that
// the navigation suite copies into the workspace for its rename, file-rename and new-request checks.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

const EXAMPLE = path.join('examples', 'checkout-service');
const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const PAYMENT = '.alloy/requests/checkout-payment.json';
const PRE_V1 = '.alloy/briefs/pre-v1-checkout-payment.yaml';

/**
 * The edits the suites make in the editor (never saved). For each, the CLI checks a throw-away copy
 * with the edit applied on disk, which gives the diagnostics the editor must show after the edit.
 */
const EDITS = {
  /** The brief's mission objective: every request naming the brief gets digest-mismatch. */
  brief: { file: BRIEF, find: 'submit a card payment', replace: 'submit a card or wallet payment' },
  /** A throttle the schema does not allow: the request itself turns red. */
  request: { file: PAYMENT, find: '"throttle": "dry_run"', replace: '"throttle": "dry-run"' },
};

function cli(repositoryDir, cwd, args) {
  try {
    return execFileSync(process.execPath, [path.join(repositoryDir, 'dist', 'cli.js'), ...args], {
      cwd,
      encoding: 'utf8',
      timeout: 30000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    if (error.status === 1 && error.stdout) return error.stdout; // exit 1 = errors found, output is still the report
    throw new Error(`alloy ${args.join(' ')} failed in ${cwd}: ${error.message}\n${error.stderr ?? ''}`, { cause: error });
  }
}

function copyExample(repositoryDir, into) {
  fs.cpSync(path.join(repositoryDir, EXAMPLE), into, { recursive: true });
  return into;
}

function checkWithEdit(repositoryDir, home, name, edit) {
  const copy = copyExample(repositoryDir, path.join(home, `edited-${name}`, 'checkout-service'));
  const file = path.join(copy, edit.file);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(edit.find)) throw new Error(`${edit.file} no longer contains ${JSON.stringify(edit.find)}`);
  fs.writeFileSync(file, text.replace(edit.find, edit.replace));
  const report = JSON.parse(cli(repositoryDir, copy, ['check', '--format', 'json', '.']));
  fs.rmSync(path.join(home, `edited-${name}`), { recursive: true, force: true });
  return report;
}

/** git with no user or system configuration and a fixed author, so HEAD's commit is the same every run. */
function git(cwd, ...args) {
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Alloy E2E',
    GIT_AUTHOR_EMAIL: 'e2e@alloy.invalid',
    GIT_COMMITTER_NAME: 'Alloy E2E',
    GIT_COMMITTER_EMAIL: 'e2e@alloy.invalid',
    GIT_AUTHOR_DATE: '2026-06-06T10:00:00Z',
    GIT_COMMITTER_DATE: '2026-06-06T10:00:00Z',
  };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const NAV = {
  brief: '.alloy/briefs/navigation.yaml',
  briefId: 'brief_01HZ_NAVIGATION',
  requests: ['.alloy/requests/nav-a.json', '.alloy/requests/nav-b.json'],
  branch: 'alloy/navigation',
};

/**
 * `<home>/nav-template`: the example's valid brief (its id made brief_01HZ_NAVIGATION) and two copies
 * of its valid request naming it, their digests and keys written by `alloy fix`, checked clean by
 * `alloy check`, committed on branch alloy/navigation. Returns what the suite needs to know of it.
 */
function prepareNavigationTemplate(repositoryDir, home) {
  const dir = path.join(home, 'nav-template');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, '.alloy', 'briefs'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.alloy', 'requests'), { recursive: true });
  const example = path.join(repositoryDir, EXAMPLE);
  const brief = fs.readFileSync(path.join(example, BRIEF), 'utf8');
  if (!/^id: brief_01HZ_CHECKOUT_PAYMENT$/m.test(brief))
    throw new Error(`${BRIEF} no longer has the line "id: brief_01HZ_CHECKOUT_PAYMENT"`);
  fs.writeFileSync(path.join(dir, NAV.brief), brief.replace(/^id: brief_01HZ_CHECKOUT_PAYMENT$/m, `id: ${NAV.briefId}`));
  const request = fs.readFileSync(path.join(example, PAYMENT), 'utf8');
  NAV.requests.forEach((file, i) => {
    const id = `runreq_01HZ_NAVIGATION_${'AB'[i]}`;
    const text = request
      .replaceAll('runreq_01HZ_CHECKOUT_PAYMENT', id)
      .replace('"brief_01HZ_CHECKOUT_PAYMENT"', `"${NAV.briefId}"`)
      .replace(`"${BRIEF}"`, `"${NAV.brief}"`);
    fs.writeFileSync(path.join(dir, file), text);
  });
  cli(repositoryDir, dir, ['fix', NAV.brief, ...NAV.requests]);
  const check = spawnSync(process.execPath, [path.join(repositoryDir, 'dist', 'cli.js'), 'check', '.'], { cwd: dir, encoding: 'utf8' });
  if (check.status !== 0 || check.stdout !== '')
    throw new Error(`the navigation template does not check clean: ${check.stdout}${check.stderr}`);
  git(dir, 'init', '-q', '-b', NAV.branch);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'navigation fixture');
  return { template: dir, ...NAV, revision: git(dir, 'rev-parse', 'HEAD') };
}

/** The pre-v1 brief of the example: `alloy migrate`'s text, and what `alloy check` reports once the file holds it. */
function migrationExpectations(repositoryDir, home) {
  const copy = copyExample(repositoryDir, path.join(home, 'migrated', 'checkout-service'));
  const migrated = cli(repositoryDir, copy, ['migrate', PRE_V1]);
  fs.writeFileSync(path.join(copy, PRE_V1), migrated);
  const after = JSON.parse(cli(repositoryDir, copy, ['check', '--format', 'json', '.']));
  fs.rmSync(path.join(home, 'migrated'), { recursive: true, force: true });
  return { file: PRE_V1, migrated, after };
}

/**
 * Copies the example to `<home>/workspace/checkout-service` and writes `<stateDir>/expected.json`
 * (the CLI's reports before and after each edit, the brief's digest, the navigation template and the
 * migration's expectations); returns both paths.
 */
export function prepareWorkspace(repositoryDir, home, stateDir) {
  if (!fs.existsSync(path.join(repositoryDir, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  const workspace = copyExample(repositoryDir, path.join(home, 'workspace', 'checkout-service'));
  const expected = {
    workspace,
    edits: EDITS,
    briefDigestBefore: cli(repositoryDir, workspace, ['digest', BRIEF]).trim(),
    before: JSON.parse(cli(repositoryDir, workspace, ['check', '--format', 'json', '.'])),
    afterEdit: Object.fromEntries(Object.entries(EDITS).map(([name, edit]) => [name, checkWithEdit(repositoryDir, home, name, edit)])),
    navigation: prepareNavigationTemplate(repositoryDir, home),
    migration: migrationExpectations(repositoryDir, home),
  };
  fs.mkdirSync(stateDir, { recursive: true });
  const expectedFile = path.join(stateDir, 'expected.json');
  fs.writeFileSync(expectedFile, JSON.stringify(expected, null, 2));
  return { workspace, expectedFile };
}
