// The workspace the editor opens: a copy of examples/checkout-service in a temp folder (the repository
// never changes), plus what the CLI reports for it, so the suites compare the editor against the CLI.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const EXAMPLE = path.join('examples', 'checkout-service');
const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
const PAYMENT = '.alloy/requests/checkout-payment.json';

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
    return execFileSync(process.execPath, [path.join(repositoryDir, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 30000 });
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

/**
 * Copies the example to `<home>/workspace/checkout-service` and writes `<stateDir>/expected.json`
 * (the CLI's reports before and after each edit, and the brief's digest); returns both paths.
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
  };
  fs.mkdirSync(stateDir, { recursive: true });
  const expectedFile = path.join(stateDir, 'expected.json');
  fs.writeFileSync(expectedFile, JSON.stringify(expected, null, 2));
  return { workspace, expectedFile };
}
