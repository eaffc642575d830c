// The workspace the editor opens: a copy of examples/checkout-service in a temp folder (the repository
// never changes), plus what the CLI reports for it, so the suite compares the editor against the CLI.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const EXAMPLE = path.join('examples', 'checkout-service');
const BRIEF = '.alloy/briefs/brief_01HZ_CHECKOUT_PAYMENT.yaml';
/** The edit check 5 makes to the brief's mission objective in the editor. */
const BRIEF_EDIT = { find: 'submit a card payment', replace: 'submit a card or wallet payment' };

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

/**
 * Copies the example to `<tmp>/workspace/checkout-service`, writes `<tmp>/expected.json` and returns both
 * paths. A second, throw-away copy with the brief edit applied on disk gives the diagnostics expected
 * after check 5 edits the brief in the editor.
 */
export function prepareWorkspace(repositoryDir, tmp) {
  if (!fs.existsSync(path.join(repositoryDir, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  const workspace = copyExample(repositoryDir, path.join(tmp, 'workspace', 'checkout-service'));
  const edited = copyExample(repositoryDir, path.join(tmp, 'edited', 'checkout-service'));
  const editedBrief = path.join(edited, BRIEF);
  const briefText = fs.readFileSync(editedBrief, 'utf8');
  if (!briefText.includes(BRIEF_EDIT.find)) throw new Error(`${BRIEF} no longer contains "${BRIEF_EDIT.find}"`);
  fs.writeFileSync(editedBrief, briefText.replace(BRIEF_EDIT.find, BRIEF_EDIT.replace));

  const expected = {
    workspace,
    briefEdit: BRIEF_EDIT,
    briefDigestBefore: cli(repositoryDir, workspace, ['digest', BRIEF]).trim(),
    before: JSON.parse(cli(repositoryDir, workspace, ['check', '--format', 'json', '.'])),
    afterBriefEdit: JSON.parse(cli(repositoryDir, edited, ['check', '--format', 'json', '.'])),
  };
  const expectedFile = path.join(tmp, 'expected.json');
  fs.writeFileSync(expectedFile, JSON.stringify(expected, null, 2));
  fs.rmSync(path.join(tmp, 'edited'), { recursive: true, force: true });
  return { workspace, expectedFile };
}
