// Following a brief file that is renamed or moved (or a folder holding briefs, or a request moved
// to another repository root): every request whose `brief.local_path` led to a moved file gets the
// path from its repository root (after the move) to the file's new place, `/`-separated. The key is
// recomputed when it covered the changed text and was right (SPEC §5's inputs do not include
// local_path today, so it stays; the rule lives in one place). Paths that cannot be written are
// reported, never silently dropped.

import * as path from 'node:path';
import { formatOfPath } from '../document/fileKind';
import { nodeAtPath, stringValueAt } from '../document/syntaxTree';
import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import { isInside, repositoryRoot, type PathHost } from '../workspace/repositoryPaths';
import { rewriteValues } from './requestRewrite';
import type { FileEdit } from './textEdit';

/** One file or folder about to be renamed: absolute paths before and after. */
export interface FileMove {
  from: string;
  to: string;
}

export interface LocalPathUpdate {
  edits: FileEdit[];
  /** The requests rewritten. */
  rewritten: string[];
  /** Requests that name a moved file but could not be updated, with the reason. */
  skipped: { file: string; code: string; reason: string }[];
}

/** Where a path is after the moves (the first move holding it wins). */
function after(moves: readonly FileMove[], p: string): string {
  const move = moves.find((m) => isInside(m.from, p));
  return move ? path.join(move.to, path.relative(move.from, p)) : p;
}

/** What is at `p` once the moves are done, as a path of today; undefined when it will be gone. */
function before(moves: readonly FileMove[], p: string): string | undefined {
  const into = moves.find((m) => isInside(m.to, p));
  if (into) return path.join(into.from, path.relative(into.to, p));
  return moves.some((m) => isInside(m.from, p)) ? undefined : p;
}

/** The folder structure as it will be after the moves, read from today's. */
function hostAfter(moves: readonly FileMove[], host: PathHost): PathHost {
  return {
    isDirectory: (p) => {
      const old = before(moves, p);
      return old !== undefined && host.isDirectory(old);
    },
    realpath: (p) => {
      const old = before(moves, p);
      const real = old === undefined ? undefined : host.realpath(old);
      return real === undefined ? undefined : after(moves, real);
    },
  };
}

function relativeText(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * The edits that keep each request's `brief.local_path` naming its brief after `moves`.
 * `candidates`: the files that may be requests (the server passes every Alloy file of the
 * workspace and the open ones); the brief → requests index of each moved file is added.
 * `host` and `workspaceFolders` answer where repository roots are (today's folders).
 */
export function localPathEdits(
  workspace: AlloyWorkspace,
  moveList: readonly FileMove[],
  candidates: Iterable<string>,
  host: PathHost,
  workspaceFolders: readonly string[],
): LocalPathUpdate {
  const moves = moveList.map((m) => ({ from: path.resolve(m.from), to: path.resolve(m.to) })).filter((m) => m.from !== m.to);
  const result: LocalPathUpdate = { edits: [], rewritten: [], skipped: [] };
  if (moves.length === 0) return result;
  const movedHost = hostAfter(moves, host);
  const foldersAfter = workspaceFolders.map((f) => after(moves, path.resolve(f)));
  const all = [...candidates, ...moves.flatMap((m) => workspace.dependentsOf(m.from))].map((f) => path.resolve(f));
  for (const file of [...new Set(all)].sort()) {
    const request = workspace.analysisOf(file);
    if (request?.kind !== 'request') continue;
    const localPath = stringValueAt(request.value, ['brief', 'local_path']);
    const lookup = workspace.lookupBrief(request);
    if (localPath === undefined || lookup === undefined || lookup.kind === 'escapes') continue;
    const briefNow = lookup.path;
    const briefThen = after(moves, briefNow);
    const requestThen = after(moves, file);
    if (briefThen === briefNow && requestThen === file) continue;
    const rootNow = workspace.rootOf(file);
    const rootThen = repositoryRoot(requestThen, foldersAfter, movedHost);
    if (briefThen === briefNow && rootThen === rootNow) continue;
    const label = relativeText(rootNow, file);
    const skip = (code: string, reason: string) => result.skipped.push({ file, code, reason: `${label}: ${reason}` });
    if (!isInside(rootThen, briefThen)) {
      skip(
        'local-path-outside-root',
        `its brief would be at ${briefThen}, outside the request's repository root ${rootThen}; update brief.local_path by hand.`,
      );
      continue;
    }
    if (formatOfPath(briefThen) === undefined) {
      skip(
        'local-path-not-data-file',
        `its brief's new name ${path.basename(briefThen)} does not end in .yaml, .yml or .json, so brief.local_path cannot name it.`,
      );
      continue;
    }
    const newLocalPath = relativeText(rootThen, briefThen);
    if (newLocalPath === path.posix.normalize(localPath)) continue;
    if (nodeAtPath(request.root, ['brief', 'local_path'])?.kind !== 'scalar') continue;
    const edits = rewriteValues(request, [{ path: ['brief', 'local_path'], value: newLocalPath }], label);
    if (!edits.ok) {
      result.skipped.push({ file, code: edits.refusal.code, reason: edits.refusal.message });
      continue;
    }
    if (edits.value.length === 0) continue;
    result.edits.push(...edits.value);
    result.rewritten.push(file);
  }
  return result;
}
