// `alloy new-request BRIEF` (dist/cli.js) on repositories built by the real git: the file it writes
// under .alloy/requests/ checks clean with `alloy check` at once, with HEAD's revision and branch
// (loose or packed refs); --dry-run writes nothing; --out never overwrites; a brief that cannot run,
// a detached HEAD and a worktree whose git folder is outside the root are refused with exit 1.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { createNodeCliRuntime } from '../../server/src/cli/nodeCliRuntime';
import { runInProcess, spawnCli } from './cliHarness';
import { git, initRepo, tempDir } from '../support/gitRepo';
import { BRIEF_DIGEST, BRIEF_YAML } from '../lsp/fixtureWorkspace';

const BRIEF = '.alloy/briefs/checkout.yaml';
const base = tempDir('alloy-new-request-');
after(() => fs.rmSync(base, { recursive: true, force: true }));

let count = 0;
/** A repository with the fixture brief committed on `branch`. */
function repo(options: { branch?: string; brief?: string } = {}): string {
  const root = path.join(base, `repo-${++count}`);
  initRepo(root, { branch: options.branch ?? 'alloy/checkout', files: { [BRIEF]: options.brief ?? BRIEF_YAML } });
  return root;
}

/** The command in process (the same code as dist/cli.js; the first test runs the built program). */
function newRequest(args: string[], cwd: string) {
  return runInProcess(args, cwd);
}

function requestFiles(root: string): string[] {
  const folder = path.join(root, '.alloy', 'requests');
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
}

/** `alloy check` over the whole repository: exit 0 and no diagnostic at all. */
function assertChecksClean(root: string, files: number): void {
  const check = spawnCli(['check', '.'], root);
  assert.deepEqual(check, { code: 0, stdout: '', stderr: `0 errors, 0 warnings in ${files} files\n` });
}

describe('alloy new-request', () => {
  test('writes .alloy/requests/<request_id>.json with HEAD, the brief and the key; the workspace checks clean', () => {
    const root = repo();
    const run = spawnCli(['new-request', BRIEF], root);
    assert.equal(run.code, 0, run.stderr);
    const [name] = requestFiles(root);
    assert.match(name, /^runreq_[0-9A-HJKMNP-TV-Z]{26}\.json$/);
    const requestId = name.slice(0, -'.json'.length);
    const revision = git(root, 'rev-parse', 'HEAD');
    assert.equal(run.stdout, `created .alloy/requests/${name}\n`);
    assert.equal(run.stderr, `alloy: ${requestId} from ${BRIEF} at ${revision.slice(0, 12)} on alloy/checkout\n`);
    const request = JSON.parse(fs.readFileSync(path.join(root, '.alloy/requests', name), 'utf8'));
    assert.equal(request.request_id, requestId);
    assert.deepEqual(request.repo, { path: root, revision, branch: 'alloy/checkout' });
    assert.deepEqual(request.brief, { id: 'brief_CHECKOUT', version: 2, digest: BRIEF_DIGEST, local_path: BRIEF });
    assert.equal(request.reporting.callback_url, `http://127.0.0.1:47311/api/run-requests/${requestId}/completed`);
    assertChecksClean(root, 2);
    // The key the CLI derives on its own agrees.
    assert.deepEqual(spawnCli(['key', `.alloy/requests/${name}`], root), { code: 0, stdout: `${request.idempotency_key}\n`, stderr: '' });
  });

  test('with packed refs (git pack-refs --all) the revision is still HEAD', async () => {
    const root = repo({ branch: 'alloy/packed' });
    git(root, 'commit', '-q', '--allow-empty', '-m', 'second');
    git(root, 'pack-refs', '--all');
    assert.equal((await newRequest(['new-request', BRIEF], root)).code, 0);
    const request = JSON.parse(fs.readFileSync(path.join(root, '.alloy/requests', requestFiles(root)[0]), 'utf8'));
    assert.deepEqual([request.repo.revision, request.repo.branch], [git(root, 'rev-parse', 'HEAD'), 'alloy/packed']);
    assertChecksClean(root, 2);
  });

  test('two runs make two requests with different ids; neither file is touched by the other', async () => {
    const root = repo();
    assert.equal((await newRequest(['new-request', BRIEF], root)).code, 0);
    const [first] = requestFiles(root);
    const before = fs.readFileSync(path.join(root, '.alloy/requests', first), 'utf8');
    assert.equal((await newRequest(['new-request', BRIEF], root)).code, 0);
    const files = requestFiles(root);
    assert.equal(files.length, 2);
    assert.equal(fs.readFileSync(path.join(root, '.alloy/requests', first), 'utf8'), before);
    assertChecksClean(root, 3);
  });

  test('--dry-run prints the request and writes nothing', async () => {
    const root = repo();
    const run = await newRequest(['new-request', BRIEF, '--dry-run'], root);
    assert.equal(run.code, 0);
    const request = JSON.parse(run.stdout);
    assert.equal(run.stdout, `${JSON.stringify(request, null, 2)}\n`);
    assert.equal(run.stderr, `alloy: dry run: .alloy/requests/${request.request_id}.json would be created (nothing written)\n`);
    assert.deepEqual(requestFiles(root), []);
  });

  test('--out names the file; an existing one is never overwritten (exit 2, bytes unchanged)', async () => {
    const root = repo();
    assert.equal((await newRequest(['new-request', BRIEF, '--out', '.alloy/requests/mine.json'], root)).code, 0);
    assert.deepEqual(requestFiles(root), ['mine.json']);
    const before = fs.readFileSync(path.join(root, '.alloy/requests/mine.json'));
    const again = await newRequest(['new-request', BRIEF, '--out=.alloy/requests/mine.json'], root);
    assert.equal(again.code, 2);
    assert.equal(
      again.stderr,
      `alloy: no request made from ${BRIEF} (request-file-exists): ${path.join(root, '.alloy/requests/mine.json')} already exists; it is not overwritten.\n`,
    );
    assert.deepEqual(fs.readFileSync(path.join(root, '.alloy/requests/mine.json')), before);
    assertChecksClean(root, 2);
  });

  test('a draft brief is refused with its status (exit 1), nothing written', async () => {
    const root = repo({ brief: BRIEF_YAML.replace('status: compiled', 'status: draft') });
    assert.deepEqual(await newRequest(['new-request', BRIEF], root), {
      code: 1,
      stdout: '',
      stderr:
        `alloy: no request made from ${BRIEF} (brief-not-executable): The brief's status is "draft": ` +
        'only a compiled brief (or a later state other than archived) can run.\n',
    });
    assert.deepEqual(requestFiles(root), []);
  });

  test('a brief with errors is refused, listing them (exit 1)', async () => {
    const root = repo({ brief: BRIEF_YAML.replace('version: 2', 'version: 0') });
    const run = await newRequest(['new-request', BRIEF], root);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^alloy: no request made from \.alloy\/briefs\/checkout\.yaml \(brief-has-errors\): The brief has 1 error, so a request made from it could not run: line 3: schema: .*\.\n$/,
    );
    assert.deepEqual(requestFiles(root), []);
  });

  test('a detached HEAD is refused (exit 1); --branch names the branch, and the file checks clean', async () => {
    const root = repo();
    git(root, 'checkout', '-q', '--detach');
    const refused = await newRequest(['new-request', BRIEF], root);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\(detached-head\): HEAD is detached at [0-9a-f]{12}, so the request has no branch/);
    assert.deepEqual(requestFiles(root), []);
    assert.equal((await newRequest(['new-request', BRIEF, '--branch', 'alloy/detached'], root)).code, 0);
    const request = JSON.parse(fs.readFileSync(path.join(root, '.alloy/requests', requestFiles(root)[0]), 'utf8'));
    assert.deepEqual([request.repo.revision, request.repo.branch], [git(root, 'rev-parse', 'HEAD'), 'alloy/detached']);
    assertChecksClean(root, 2);
  });

  test('a linked worktree whose git folder is outside the root is refused (exit 1); --revision and --branch do without .git', async () => {
    const main = repo();
    const worktree = path.join(base, `worktree-${++count}`);
    git(main, 'worktree', 'add', '-q', '-b', 'alloy/wt', worktree);
    const refused = await newRequest(['new-request', BRIEF], worktree);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /\(git-outside-root\): .*\.git names the git folder ".*" \(a linked worktree or a submodule\), but .* is outside the repository root/,
    );
    const revision = git(worktree, 'rev-parse', 'HEAD');
    assert.equal((await newRequest(['new-request', BRIEF, '--revision', revision, '--branch', 'alloy/wt'], worktree)).code, 0);
    assertChecksClean(worktree, 2);
  });

  test('an empty repository and a folder without .git are refused (exit 1)', async () => {
    const empty = path.join(base, `empty-${++count}`);
    initRepo(empty, { commit: false, files: { [BRIEF]: BRIEF_YAML } });
    const noCommit = await newRequest(['new-request', BRIEF], empty);
    assert.deepEqual(
      [noCommit.code, noCommit.stderr],
      [1, `alloy: no request made from ${BRIEF} (git-no-commit): HEAD is on branch "main", which has no commit yet: commit first.\n`],
    );
    const plain = path.join(base, `plain-${++count}`);
    fs.mkdirSync(path.join(plain, '.alloy/briefs'), { recursive: true });
    fs.writeFileSync(path.join(plain, BRIEF), BRIEF_YAML);
    const noGit = await newRequest(['new-request', BRIEF], plain);
    assert.deepEqual(
      [noGit.code, noGit.stderr],
      [
        1,
        `alloy: no request made from ${BRIEF} (git-not-found): There is no .git at the repository root ${plain}, so repo.revision and repo.branch cannot be read.\n`,
      ],
    );
  });

  test('the callback URL: --callback-url, else ALLOY_CALLBACK_URL; one without {request_id} is a usage problem', async () => {
    const root = repo();
    const runtime = createNodeCliRuntime({
      env: { ALLOY_CALLBACK_URL: 'https://alloy.example.test/api/run-requests/{request_id}/completed' },
      home: '',
    });
    const fromEnv = await runInProcess(['new-request', BRIEF, '--dry-run'], root, runtime);
    const envRequest = JSON.parse(fromEnv.stdout);
    assert.equal(envRequest.reporting.callback_url, `https://alloy.example.test/api/run-requests/${envRequest.request_id}/completed`);
    const fromOption = await runInProcess(
      ['new-request', BRIEF, '--dry-run', '--callback-url', 'http://localhost:9000/api/run-requests/{request_id}/completed'],
      root,
      runtime,
    );
    const optionRequest = JSON.parse(fromOption.stdout);
    assert.equal(optionRequest.reporting.callback_url, `http://localhost:9000/api/run-requests/${optionRequest.request_id}/completed`);
    const bad = await runInProcess(['new-request', BRIEF, '--callback-url', 'https://alloy.example.test/cb'], root, runtime);
    assert.deepEqual(bad, {
      code: 2,
      stdout: '',
      stderr: `alloy: no request made from ${BRIEF} (bad-callback-url): The callback URL "https://alloy.example.test/cb" has no {request_id}, so it cannot name the new request.\n`,
    });
    assert.deepEqual(requestFiles(root), []);
  });

  test('usage: one brief, options with values, known options only; a missing brief is exit 2', async () => {
    const root = repo();
    const hint = 'Run "alloy --help" for usage.\n';
    assert.deepEqual(await newRequest(['new-request'], root), {
      code: 2,
      stdout: '',
      stderr: `alloy: "new-request" needs exactly one brief file\n${hint}`,
    });
    assert.deepEqual(await newRequest(['new-request', BRIEF, '--out='], root), {
      code: 2,
      stdout: '',
      stderr: `alloy: --out needs a value\n${hint}`,
    });
    assert.deepEqual(await newRequest(['new-request', BRIEF, '--yes'], root), {
      code: 2,
      stdout: '',
      stderr: `alloy: "new-request" does not take --yes\n${hint}`,
    });
    assert.deepEqual(await newRequest(['new-request', 'nope.yaml'], root), {
      code: 2,
      stdout: '',
      stderr: 'alloy: nope.yaml: no such file\n',
    });
  });
});
