// The commit and branch a repository's HEAD names, read from its `.git` over the file-system port
// (no git program): HEAD → a branch ref → its loose ref file or `packed-refs`; a detached HEAD; a
// `.git` file naming the git folder (`gitdir:`, and `commondir` for a linked worktree). Nothing
// outside the repository root is read, also not through a symbolic link; each refusal says why.

import * as path from 'node:path';
import { isGitRefName } from '../schema/formats';
import { readProblemText, type FileSystemHost } from './fileSystemHost';
import { isInside } from './repositoryPaths';

export type GitProblemCode =
  /** No `.git` at the repository root. */
  | 'git-not-found'
  /** `.git` (a `gitdir:` line, `commondir`, a symbolic link) leads outside the repository root. */
  | 'git-outside-root'
  /** A git file cannot be read, or does not hold what git writes there. */
  | 'git-unreadable'
  /** The refs are in a format this reader does not know (reftable). */
  | 'git-unsupported'
  /** HEAD names a branch with no commit yet. */
  | 'git-no-commit';

export type GitHead =
  | {
      ok: true;
      /** The commit id HEAD resolves to (40 or, in a SHA-256 repository, 64 lowercase hex digits). */
      revision: string;
      /** The branch HEAD is on (`refs/heads/` taken off); undefined when HEAD is detached. */
      branch: string | undefined;
      /** The git folder that holds HEAD. */
      gitDir: string;
    }
  | { ok: false; code: GitProblemCode; message: string };

type Problem = { ok: false; code: GitProblemCode; message: string };

const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const SYMBOLIC = /^ref:[ \t]*(\S+)[ \t]*$/;
/** Symbolic refs pointing at symbolic refs: git gives up after 5 levels too. */
const MAX_SYMBOLIC_DEPTH = 5;
/** Refs kept per worktree (in the worktree's own git folder), the rest are shared (the common folder). */
const PER_WORKTREE = /^refs\/(?:worktree|bisect|rewritten)\//;

function problem(code: GitProblemCode, message: string): Problem {
  return { ok: false, code, message };
}

/** Reads files of one repository, only inside its root (the real root, once symbolic links are resolved). */
class RootedReader {
  private readonly realRoot: string;

  constructor(
    readonly root: string,
    private readonly host: FileSystemHost,
  ) {
    this.realRoot = host.realpath(root) ?? root;
  }

  /** Why a path may not be read, or undefined when it lies inside the root (also once resolved). */
  outside(p: string): string | undefined {
    if (!isInside(this.root, p)) return `"${p}" is outside the repository root ${this.root}`;
    const real = this.host.realpath(p);
    if (real !== undefined && !isInside(this.realRoot, real)) {
      return `"${p}" leads through a symbolic link to "${real}", outside the repository root ${this.root}`;
    }
    return undefined;
  }

  exists(p: string): boolean {
    return this.host.realpath(p) !== undefined;
  }

  isDirectory(p: string): boolean {
    return this.host.isDirectory(p);
  }

  /** The file's text; undefined when there is no such file; a problem when it may not or cannot be read. */
  read(p: string): string | undefined | Problem {
    const away = this.outside(p);
    if (away !== undefined) return problem('git-outside-root', `${away}; Alloy never reads outside it.`);
    const read = this.host.readFile(p);
    if (read.ok) return read.text;
    if (read.problem === 'missing') return undefined;
    return problem('git-unreadable', `${p}: ${readProblemText(read)}.`);
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && (value as Problem).ok === false;
}

/** The git folder (`.git`, or the one a `.git` file names) and the common folder holding the shared refs. */
function gitFolders(reader: RootedReader): { gitDir: string; commonDir: string } | Problem {
  const dotGit = path.join(reader.root, '.git');
  if (!reader.exists(dotGit)) {
    return problem(
      'git-not-found',
      `There is no .git at the repository root ${reader.root}, so repo.revision and repo.branch cannot be read.`,
    );
  }
  const away = reader.outside(dotGit);
  if (away !== undefined) return problem('git-outside-root', `${away}; Alloy never reads outside it.`);
  let gitDir = dotGit;
  if (!reader.isDirectory(dotGit)) {
    const text = reader.read(dotGit);
    if (isProblem(text)) return text;
    const named = /^gitdir:[ \t]*(.+?)[ \t]*\r?$/m.exec(text ?? '')?.[1];
    if (named === undefined) return problem('git-unreadable', `${dotGit} is a file without a "gitdir:" line.`);
    gitDir = path.resolve(reader.root, named);
    const outside = reader.outside(gitDir);
    if (outside !== undefined) {
      return problem(
        'git-outside-root',
        `${dotGit} names the git folder "${named}" (a linked worktree or a submodule), but ${outside}; Alloy never reads outside it.`,
      );
    }
  }
  let commonDir = gitDir;
  const common = reader.read(path.join(gitDir, 'commondir'));
  if (isProblem(common)) return common;
  if (common !== undefined) {
    const named = common.trim();
    commonDir = path.resolve(gitDir, named);
    const outside = reader.outside(commonDir);
    if (outside !== undefined) {
      return problem(
        'git-outside-root',
        `${path.join(gitDir, 'commondir')} names "${named}", but ${outside}; Alloy never reads outside it.`,
      );
    }
  }
  return { gitDir, commonDir };
}

/** The commit a ref names: its loose file (which may itself be symbolic), else its `packed-refs` line; undefined when neither. */
function resolveRef(
  reader: RootedReader,
  folders: { gitDir: string; commonDir: string },
  ref: string,
  depth: number,
): string | undefined | Problem {
  if (!ref.startsWith('refs/') || !isGitRefName(ref)) {
    return problem('git-unreadable', `HEAD names "${ref}", which is not a ref name git writes.`);
  }
  const folder = PER_WORKTREE.test(ref) ? folders.gitDir : folders.commonDir;
  const loose = reader.read(path.join(folder, ...ref.split('/')));
  if (isProblem(loose)) return loose;
  if (loose !== undefined) {
    const content = loose.trim();
    if (COMMIT_ID.test(content)) return content;
    const target = SYMBOLIC.exec(content)?.[1];
    if (target === undefined) return problem('git-unreadable', `The ref file of ${ref} holds neither a commit id nor "ref: …".`);
    if (depth >= MAX_SYMBOLIC_DEPTH)
      return problem('git-unreadable', `${ref} is a chain of more than ${MAX_SYMBOLIC_DEPTH} symbolic refs.`);
    return resolveRef(reader, folders, target, depth + 1);
  }
  const packed = reader.read(path.join(folders.commonDir, 'packed-refs'));
  if (isProblem(packed) || packed === undefined) return packed;
  for (const line of packed.split('\n')) {
    // `# pack-refs with: …` is the header; `^<id>` the peeled commit of the annotated tag above it.
    if (line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space !== -1 && line.slice(space + 1).trimEnd() === ref) {
      const id = line.slice(0, space);
      if (!COMMIT_ID.test(id)) return problem('git-unreadable', `packed-refs gives ${ref} as "${id}", which is not a commit id.`);
      return id;
    }
  }
  return undefined;
}

/** What the repository's HEAD names, read under `root` only (the repository root of SPEC §1). */
export function readGitHead(root: string, host: FileSystemHost): GitHead {
  const reader = new RootedReader(path.resolve(root), host);
  const folders = gitFolders(reader);
  if (isProblem(folders)) return folders;
  if (reader.isDirectory(path.join(folders.commonDir, 'reftable'))) {
    return problem('git-unsupported', `The repository keeps its refs in the reftable format, which Alloy does not read.`);
  }
  const headFile = path.join(folders.gitDir, 'HEAD');
  const head = reader.read(headFile);
  if (isProblem(head)) return head;
  if (head === undefined) return problem('git-unreadable', `${headFile} is missing: ${folders.gitDir} is not a git folder.`);
  const content = head.trim();
  if (COMMIT_ID.test(content)) return { ok: true, revision: content, branch: undefined, gitDir: folders.gitDir };
  const ref = SYMBOLIC.exec(content)?.[1];
  if (ref === undefined) return problem('git-unreadable', `${headFile} holds neither a commit id nor "ref: …".`);
  const revision = resolveRef(reader, folders, ref, 0);
  if (isProblem(revision)) return revision;
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  if (revision === undefined) {
    return problem(
      'git-no-commit',
      `HEAD is on ${branch === undefined ? ref : `branch "${branch}"`}, which has no commit yet: commit first.`,
    );
  }
  return { ok: true, revision, branch, gitDir: folders.gitDir };
}
