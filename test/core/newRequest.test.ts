// A new request from a brief (newRequestFromBrief) on an in-memory host with a hand-written
// `.git`: the exact bytes for a fixed clock and random source, the digest and key computed
// independently, the file checking clean; and each refusal (brief errors, status, HEAD, output
// path, callback URL) with its code and message. The ULID encoder against known values, and the
// Node create that never overwrites.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { AlloyWorkspace } from '../../server/src/core/workspace/alloyWorkspace';
import { newRequestFromBrief, type NewRequestOptions } from '../../server/src/core/editing/newRequest';
import { ulid } from '../../server/src/core/editing/requestId';
import { readGitHead } from '../../server/src/core/workspace/gitRevision';
import { nodeRequestPorts } from '../../server/src/core/workspace/nodeRequestPorts';
import { canonicalText, sha256Of } from '../support/independentHash';
import { MemoryHost } from '../support/memoryHost';
import { BRIEF_DIGEST, BRIEF_YAML } from '../lsp/fixtureWorkspace';

const COMMIT = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const NOW = Date.parse('2026-06-06T14:05:00.250Z');
const RANDOM = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const PORTS = { now: () => NOW, randomBytes: (count: number) => RANDOM.slice(0, count) };
/** ulid(NOW, RANDOM), worked out independently (Python: 48 bits of time, then 80 of randomness, 5 bits a character). */
const REQUEST_ID = 'runreq_01KTEM0NYT041061050R3GG28A';
const BRIEF = '/repo/.alloy/briefs/x.yaml';

function repoHost(files: Record<string, string> = {}): MemoryHost {
  return new MemoryHost({
    [BRIEF]: BRIEF_YAML,
    '/repo/.git/HEAD': 'ref: refs/heads/alloy/checkout\n',
    '/repo/.git/refs/heads/alloy/checkout': `${COMMIT}\n`,
    ...files,
  });
}

function make(host: MemoryHost, options: NewRequestOptions = {}, brief = BRIEF) {
  const workspace = new AlloyWorkspace(host, ['/repo']);
  return { workspace, result: newRequestFromBrief(workspace, host, brief, PORTS, options) };
}

function keyOf(
  digest: string,
  revision: string,
  foundry = { entry_event: 'iteration_requested', payload: { max_iterations: 3 }, throttle: 'dry_run' },
) {
  return sha256Of(
    canonicalText({
      brief_digest: digest,
      entry_event: foundry.entry_event,
      payload: foundry.payload,
      project_id: 'checkout-service',
      repo_revision: revision,
      requested_by: null,
      throttle: foundry.throttle,
    }),
  );
}

describe('ulid', () => {
  test('known values: the ulid spec time vector, all-zero and all-one randomness, the largest time', () => {
    assert.equal(ulid(1469918176385, new Uint8Array(10)), '01ARYZ6S410000000000000000');
    assert.equal(ulid(0, new Uint8Array(10).fill(255)), '0000000000ZZZZZZZZZZZZZZZZ');
    assert.equal(ulid(2 ** 48 - 1, new Uint8Array(10)), '7ZZZZZZZZZ0000000000000000');
    assert.equal(ulid(NOW, RANDOM), REQUEST_ID.slice('runreq_'.length));
  });

  test('a time outside 48 bits, or other than 10 random bytes, is refused', () => {
    assert.throws(() => ulid(2 ** 48, new Uint8Array(10)), /0 to 2\^48 - 1 ms/);
    assert.throws(() => ulid(-1, new Uint8Array(10)), RangeError);
    assert.throws(() => ulid(0, new Uint8Array(9)), /takes 10 random bytes, not 9/);
  });
});

describe('newRequestFromBrief', () => {
  test('every field from the brief and HEAD: the exact bytes, with the digest and key computed independently', () => {
    const { result } = make(repoHost());
    assert.ok(result.ok, JSON.stringify(result));
    const expected = {
      schema_version: 'alloy.foundry_execution_request.v1',
      request_id: REQUEST_ID,
      idempotency_key: keyOf(BRIEF_DIGEST, COMMIT),
      project_id: 'checkout-service',
      requested_at: '2026-06-06T14:05:00Z',
      repo: { path: '/repo', revision: COMMIT, branch: 'alloy/checkout' },
      brief: { id: 'brief_CHECKOUT', version: 2, digest: BRIEF_DIGEST, local_path: '.alloy/briefs/x.yaml' },
      foundry: { entry_event: 'iteration_requested', throttle: 'dry_run', payload: { max_iterations: 3 } },
      reporting: {
        callback_url: `http://127.0.0.1:47311/api/run-requests/${REQUEST_ID}/completed`,
        trace_summary_required: true,
        evidence_observations_required: true,
      },
    };
    assert.equal(result.text, `${JSON.stringify(expected, null, 2)}\n`);
    assert.equal(result.file, `/repo/.alloy/requests/${REQUEST_ID}.json`);
    assert.deepEqual(
      [result.requestId, result.revision, result.branch, result.root, result.diagnostics],
      [REQUEST_ID, COMMIT, 'alloy/checkout', '/repo', []],
    );
  });

  test('the new file checks clean in a workspace that has it (no diagnostic at all)', () => {
    const host = repoHost();
    const { result } = make(host);
    assert.ok(result.ok);
    host.write(result.file, result.text);
    assert.deepEqual(new AlloyWorkspace(host, ['/repo']).check(result.file).diagnostics, []);
  });

  test('the brief as open in the editor counts: its digest is the overlay text digest', () => {
    const host = repoHost();
    const workspace = new AlloyWorkspace(host, ['/repo']);
    const edited = BRIEF_YAML.replace('Make checkout idempotent.', 'Make checkout idempotent and fast.');
    workspace.setOverlay(BRIEF, edited);
    const result = newRequestFromBrief(workspace, host, BRIEF, PORTS);
    assert.ok(result.ok);
    const digest = JSON.parse(result.text).brief.digest as string;
    assert.notEqual(digest, BRIEF_DIGEST);
    assert.equal(JSON.parse(result.text).idempotency_key, keyOf(digest, COMMIT));
  });

  test('a configured callback URL gets the new id in place of {request_id}', () => {
    const { result } = make(repoHost(), { callbackUrl: 'https://alloy.example.test/api/run-requests/{request_id}/completed' });
    assert.ok(result.ok);
    assert.equal(JSON.parse(result.text).reporting.callback_url, `https://alloy.example.test/api/run-requests/${REQUEST_ID}/completed`);
  });

  test('a callback URL without {request_id}, or plain http to another host, is refused', () => {
    assert.deepEqual(make(repoHost(), { callbackUrl: 'https://alloy.example.test/cb' }).result, {
      ok: false,
      code: 'bad-callback-url',
      message: 'The callback URL "https://alloy.example.test/cb" has no {request_id}, so it cannot name the new request.',
    });
    assert.deepEqual(make(repoHost(), { callbackUrl: 'http://example.test/api/run-requests/{request_id}/completed' }).result, {
      ok: false,
      code: 'bad-callback-url',
      message:
        'The callback URL "http://example.test/api/run-requests/{request_id}/completed" is not an absolute https URL, or an http URL to 127.0.0.1, localhost or [::1].',
    });
  });

  test('a brief whose foundry runs full on a shared branch: made, with its one warning', () => {
    const full = BRIEF_YAML.replace('throttle: dry_run', 'throttle: full');
    const { result } = make(
      repoHost({ [BRIEF]: full, '/repo/.git/HEAD': 'ref: refs/heads/main\n', '/repo/.git/refs/heads/main': `${COMMIT}\n` }),
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
      [['mutating-on-shared-branch', 'warning', 9]],
    );
    assert.equal(JSON.parse(result.text).foundry.throttle, 'full');
  });

  test('--out: another place under the root; the brief path is relative to that root', () => {
    const host = repoHost({ '/repo/svc/.alloy/briefs/y.yaml': BRIEF_YAML, '/repo/svc/.git/HEAD': `${COMMIT}\n` });
    const workspace = new AlloyWorkspace(host, ['/repo']);
    const result = newRequestFromBrief(workspace, host, '/repo/svc/.alloy/briefs/y.yaml', PORTS, {
      out: '/repo/svc/runs/first.json',
      branch: 'alloy/svc',
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(
      [result.file, result.root, JSON.parse(result.text).brief.local_path],
      ['/repo/svc/runs/first.json', '/repo/svc', '.alloy/briefs/y.yaml'],
    );
  });

  test('a detached HEAD is refused without a branch; with one given it is used', () => {
    const host = repoHost({ '/repo/.git/HEAD': `${COMMIT}\n` });
    assert.deepEqual(make(host).result, {
      ok: false,
      code: 'detached-head',
      message:
        'HEAD is detached at 9fceb02d0ae5, so the request has no branch: check out a branch (git switch), or name one (alloy new-request --branch).',
    });
    const given = make(host, { branch: 'alloy/from-detached' }).result;
    assert.ok(given.ok);
    assert.deepEqual([given.revision, given.branch], [COMMIT, 'alloy/from-detached']);
  });

  test('revision and branch both given: .git is not read at all', () => {
    const host = new MemoryHost({ [BRIEF]: BRIEF_YAML });
    const { result } = make(host, { revision: 'abc123', branch: 'alloy/x' });
    assert.ok(result.ok);
    assert.equal(JSON.parse(result.text).idempotency_key, keyOf(BRIEF_DIGEST, 'abc123'));
    assert.deepEqual(
      host.reads.filter((p) => p.includes('.git')),
      [],
    );
  });

  test('a bad revision or branch given is refused', () => {
    assert.deepEqual(make(repoHost(), { revision: 'HEAD' }).result, {
      ok: false,
      code: 'bad-revision',
      message: 'The revision "HEAD" is not a commit id (4 to 64 lowercase hex digits).',
    });
    assert.deepEqual(make(repoHost(), { branch: 'a..b' }).result, {
      ok: false,
      code: 'bad-branch',
      message: 'The branch "a..b" is not a valid git branch name.',
    });
  });

  test('no .git: git-not-found; an empty repository: git-no-commit', () => {
    assert.deepEqual(make(new MemoryHost({ [BRIEF]: BRIEF_YAML })).result, {
      ok: false,
      code: 'git-not-found',
      message: 'There is no .git at the repository root /repo, so repo.revision and repo.branch cannot be read.',
    });
    const empty = new MemoryHost({ [BRIEF]: BRIEF_YAML, '/repo/.git/HEAD': 'ref: refs/heads/main\n' });
    assert.deepEqual(make(empty).result, {
      ok: false,
      code: 'git-no-commit',
      message: 'HEAD is on branch "main", which has no commit yet: commit first.',
    });
  });

  test('a draft brief: brief-not-executable, with the status', () => {
    const { result } = make(repoHost({ [BRIEF]: BRIEF_YAML.replace('status: compiled', 'status: draft') }));
    assert.deepEqual(result, {
      ok: false,
      code: 'brief-not-executable',
      message: 'The brief\'s status is "draft": only a compiled brief (or a later state other than archived) can run.',
    });
  });

  test('a brief with errors: brief-has-errors, listing them with their lines', () => {
    const broken = BRIEF_YAML.replace('version: 2', 'version: 0').replace('project_id: checkout-service', 'project_id: Checkout Service');
    const { result } = make(repoHost({ [BRIEF]: broken }));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'brief-has-errors');
    assert.match(
      !result.ok ? result.message : '',
      /^The brief has 2 errors, so a request made from it could not run: line 3: schema: .*; line 4: schema: .*\.$/,
    );
  });

  test('a compiled brief without evidence (an upstream validation failure) is refused as having errors', () => {
    const { result } = make(repoHost({ [BRIEF]: BRIEF_YAML.replace(/evidence_plan:\n {2}required:\n {4}- payment_tests_pass\n/, '') }));
    assert.equal(!result.ok && result.code, 'brief-has-errors');
  });

  test('a request, a missing file and a file of another format are not briefs', () => {
    const host = repoHost({
      '/repo/.alloy/requests/r.json': '{"schema_version": "alloy.foundry_execution_request.v1"}',
      '/repo/notes.txt': 'x',
    });
    assert.deepEqual(make(host, {}, '/repo/.alloy/requests/r.json').result, {
      ok: false,
      code: 'not-a-brief',
      message: '/repo/.alloy/requests/r.json is not a Formation Brief (it reads as a request).',
    });
    assert.deepEqual(make(host, {}, '/repo/.alloy/briefs/none.yaml').result, {
      ok: false,
      code: 'brief-unreadable',
      message: '/repo/.alloy/briefs/none.yaml: no such file.',
    });
    assert.deepEqual(make(host, {}, '/repo/notes.txt').result, {
      ok: false,
      code: 'brief-unreadable',
      message: '/repo/notes.txt: not a .json, .yaml or .yml file.',
    });
  });

  test('an output that exists is never overwritten; one that is not .json, or whose root does not hold the brief, is refused', () => {
    const host = repoHost({ '/repo/.alloy/requests/taken.json': '{}' });
    assert.deepEqual(make(host, { out: '/repo/.alloy/requests/taken.json' }).result, {
      ok: false,
      code: 'request-file-exists',
      message: '/repo/.alloy/requests/taken.json already exists; it is not overwritten.',
    });
    assert.deepEqual(make(host, { out: '/repo/.alloy/requests/r.yaml' }).result, {
      ok: false,
      code: 'bad-output-path',
      message: '/repo/.alloy/requests/r.yaml: a request is a .json file.',
    });
    const other = new MemoryHost({ [BRIEF]: BRIEF_YAML }, ['/repo', '/elsewhere']);
    assert.deepEqual(make(other, { out: '/elsewhere/.alloy/requests/r.json', revision: 'abc123', branch: 'main' }).result, {
      ok: false,
      code: 'brief-outside-root',
      message: `The brief ${BRIEF} is outside the repository root /elsewhere of /elsewhere/.alloy/requests/r.json, so the request could not name it.`,
    });
  });
});

describe('readGitHead over the port alone', () => {
  test('an in-memory .git with packed refs and a worktree common folder reads as a real one does', () => {
    const host = new MemoryHost({
      '/repo/.git': 'gitdir: .store/worktrees/wt\n',
      '/repo/.store/worktrees/wt/HEAD': 'ref: refs/heads/alloy/wt\n',
      '/repo/.store/worktrees/wt/commondir': '../..\n',
      '/repo/.store/packed-refs': `# pack-refs with: peeled fully-peeled sorted \n${'1'.repeat(40)} refs/heads/alloy/other\n${COMMIT} refs/heads/alloy/wt\n^${'2'.repeat(40)}\n`,
    });
    host.directories.delete('/repo/.git');
    assert.deepEqual(readGitHead('/repo', host), { ok: true, revision: COMMIT, branch: 'alloy/wt', gitDir: '/repo/.store/worktrees/wt' });
  });
});

describe('nodeRequestPorts.createFile', () => {
  test('creates missing folders, never overwrites, and says why it failed', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-create-')));
    try {
      const file = path.join(dir, '.alloy', 'requests', 'r.json');
      assert.deepEqual(nodeRequestPorts.createFile(file, '{"a": 1}\n'), { ok: true });
      assert.equal(fs.readFileSync(file, 'utf8'), '{"a": 1}\n');
      assert.deepEqual(nodeRequestPorts.createFile(file, 'other\n'), { ok: false, problem: 'exists' });
      assert.equal(fs.readFileSync(file, 'utf8'), '{"a": 1}\n');
      assert.deepEqual(nodeRequestPorts.createFile(path.join(file, 'below.json'), 'x'), {
        ok: false,
        problem: 'failed',
        reason: 'a file is in the way of its folder (ENOTDIR)',
      });
      assert.equal(nodeRequestPorts.randomBytes(10).length, 10);
      assert.notDeepEqual(nodeRequestPorts.randomBytes(10), nodeRequestPorts.randomBytes(10));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
