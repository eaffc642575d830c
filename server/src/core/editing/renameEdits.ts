// Renaming a Formation Brief's id, started on the brief's `id` value or on a request's `brief.id`
// value. One set of edits rewrites the brief's `id` (and its own `digest`, which covers the id), and
// in every request whose `brief.local_path` leads to the brief: `brief.id`, `brief.digest` and the
// `idempotency_key` that follows from the digest. What was consistent stays consistent; a request
// that already disagreed with the brief keeps its disagreeing value. Refusals say why, with a code.

import * as path from 'node:path';
import { nodeAtPath, spanEnd, stringValueAt, type TextSpan } from '../document/syntaxTree';
import { analyzeFile, type FileAnalysis } from '../rules/fileAnalysis';
import { schemaAtPath } from '../schema/schemaRegistry';
import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import { rewriteValues, ownErrorCount, type EditOutcome, type EditRefusal, type ValueChange } from './requestRewrite';
import { applyEdits, type FileEdit } from './textEdit';
import { unquotedSpan } from './unquotedSpan';

/** Where a rename starts: the id's text (without quotes) in the file it was asked in, and the brief it renames. */
export interface BriefIdTarget {
  file: string;
  /** The id's text in `file`, without its quotes. */
  span: TextSpan;
  briefFile: string;
  /** The brief's id now. */
  id: string;
}

export interface BriefRename {
  /** Edits of the brief and of the requests, non-overlapping per file. */
  edits: FileEdit[];
  /** The requests that name the brief and were rewritten. */
  rewritten: string[];
  /** Requests that name the brief but keep a value that already disagreed with it (left for the user). */
  leftAlone: { file: string; reason: string }[];
}

const BRIEF_ID_PATTERN = new RegExp(String(schemaAtPath('brief', ['id'])?.pattern ?? '^brief_[0-9A-Za-z_]+$'));

function refuse<T>(code: string, message: string): EditOutcome<T> {
  return { ok: false, refusal: { code, message } };
}

function within(span: TextSpan, offset: number): boolean {
  return offset >= span.offset && offset <= spanEnd(span);
}

/** A path relative to the repository root of `file`, for messages. */
function shown(workspace: AlloyWorkspace, file: string): string {
  const relative = path.relative(workspace.rootOf(file), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/** The brief at `briefFile`, when it can be renamed: JSON data with a digest, an `id` string, no errors. */
function renamableBrief(workspace: AlloyWorkspace, briefFile: string): EditOutcome<FileAnalysis> {
  const brief = workspace.analysisOf(briefFile);
  const label = shown(workspace, briefFile);
  if (brief?.kind !== 'brief')
    return refuse('rename-brief-not-found', `${label} is not a Formation Brief (it has no readable brief data).`);
  const errors = workspace.check(briefFile).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !brief.isJsonData || brief.digest === undefined) {
    const first = errors[0];
    const detail = first ? ` (the first, ${first.code} at line ${first.range.start.line + 1}: ${first.message})` : '';
    return refuse(
      'rename-brief-has-errors',
      `The brief ${label} has ${errors.length || 'some'} error${errors.length === 1 ? '' : 's'}${detail}; fix ${errors.length === 1 ? 'it' : 'them'} first, so that its digest can be recomputed.`,
    );
  }
  const id = nodeAtPath(brief.root, ['id']);
  if (id?.kind !== 'scalar' || typeof id.value !== 'string')
    return refuse('rename-brief-has-errors', `The brief ${label} has no string id.`);
  return { ok: true, value: brief };
}

/**
 * What a rename at `offset` of `file` would rename. Undefined when the file is not a brief or a
 * request (not ours to answer); a refusal when it is one but there is no renamable id there.
 */
export function briefIdAt(workspace: AlloyWorkspace, file: string, offset: number): EditOutcome<BriefIdTarget> | undefined {
  const analysis = workspace.analysisOf(file);
  if (analysis?.kind !== 'brief' && analysis?.kind !== 'request') return undefined;
  const notOnId = () =>
    refuse<BriefIdTarget>(
      'rename-not-on-brief-id',
      "Only a Formation Brief's id can be renamed: put the cursor on the brief's `id` value, or on a request's `brief.id` value.",
    );
  if (!analysis.root) return notOnId();
  const idPath = analysis.kind === 'brief' ? ['id'] : ['brief', 'id'];
  const node = nodeAtPath(analysis.root, idPath);
  if (node?.kind !== 'scalar' || typeof node.value !== 'string' || !within(node.span, offset)) return notOnId();
  const span = unquotedSpan(analysis.text, node.span);
  if (analysis.kind === 'brief') {
    const brief = renamableBrief(workspace, analysis.path);
    return brief.ok ? { ok: true, value: { file: analysis.path, span, briefFile: analysis.path, id: node.value } } : brief;
  }
  const lookup = workspace.lookupBrief(analysis);
  if (lookup?.kind !== 'found') {
    const where = stringValueAt(analysis.value, ['brief', 'local_path']);
    return refuse(
      'rename-brief-not-found',
      where === undefined
        ? 'This request has no brief.local_path, so the brief to rename is not known.'
        : `brief.local_path "${where}" does not lead to a brief in this repository, so there is nothing to rename.`,
    );
  }
  const brief = renamableBrief(workspace, lookup.path);
  if (!brief.ok) return brief;
  const briefId = stringValueAt(brief.value.value, ['id']);
  if (briefId !== node.value) {
    return refuse(
      'rename-id-mismatch',
      `This request's brief.id "${node.value}" is not the id of the brief it names (${shown(workspace, lookup.path)} has "${briefId}"); fix the mismatch first.`,
    );
  }
  return { ok: true, value: { file: analysis.path, span, briefFile: lookup.path, id: node.value } };
}

/** Whether `newId` may replace an id: a different value matching the schema's pattern. */
export function checkNewBriefId(oldId: string, newId: string): EditRefusal | undefined {
  if (!BRIEF_ID_PATTERN.test(newId)) {
    return {
      code: 'rename-invalid-id',
      message: `"${newId}" is not a brief id: it must be brief_ followed by letters, digits or _ (pattern ${BRIEF_ID_PATTERN.source}).`,
    };
  }
  if (newId === oldId) return { code: 'rename-same-id', message: `The brief is already called "${newId}".` };
  return undefined;
}

/**
 * The edits that rename the brief of `target` to `newId`. `candidates`: the files that may be
 * requests naming it (the server passes every Alloy file of the workspace and the open ones); the
 * workspace's brief → requests index is added to them. Another brief among them with the id
 * `newId` refuses the rename (two briefs would share one id).
 */
export function briefRenameEdits(
  workspace: AlloyWorkspace,
  target: BriefIdTarget,
  newId: string,
  candidates: Iterable<string>,
): EditOutcome<BriefRename> {
  const invalid = checkNewBriefId(target.id, newId);
  if (invalid) return { ok: false, refusal: invalid };
  const briefResult = renamableBrief(workspace, target.briefFile);
  if (!briefResult.ok) return briefResult;
  const brief = briefResult.value;
  const briefFile = brief.path;
  const label = shown(workspace, briefFile);
  const oldDigest = brief.digest as string;
  if (stringValueAt(brief.value, ['id']) !== target.id) {
    return refuse('rename-inconsistent', `The brief ${label} is no longer called "${target.id}"; try the rename again.`);
  }

  // The brief: its id, then its own digest (the digest covers the id, never the digest member).
  const renamed = rewriteValues(brief, [{ path: ['id'], value: newId }], label);
  if (!renamed.ok) return renamed;
  const newDigest = digestAfter(brief, renamed.value);
  if (!newDigest) return refuse('rename-inconsistent', `The brief ${label} would have no digest after the rename.`);
  const briefChanges: ValueChange[] = [{ path: ['id'], value: newId }];
  if (typeof stringValueAt(brief.value, ['digest']) === 'string') briefChanges.push({ path: ['digest'], value: newDigest });
  const briefEdits = rewriteValues(brief, briefChanges, label);
  if (!briefEdits.ok) return briefEdits;
  if (digestAfter(brief, briefEdits.value) !== newDigest) {
    return refuse(
      'rename-inconsistent',
      `The brief ${label}'s digest would depend on its own digest member (a YAML alias); edit it by hand.`,
    );
  }

  // One pass over the files, each analysed once: a workspace larger than the file cache would
  // otherwise read and analyse every file twice. Another brief with the new id refuses the rename
  // wherever it comes in the order, before any request's refusal.
  const files = [...new Set([...candidates, ...workspace.dependentsOf(briefFile)].map((f) => path.resolve(f)))].sort();
  let taken: string | undefined;
  let refused: EditOutcome<BriefRename> | undefined;
  const result: BriefRename = { edits: [...briefEdits.value], rewritten: [], leftAlone: [] };
  for (const file of files) {
    if (file === briefFile) continue;
    const request = workspace.analysisOf(file);
    if (request?.kind === 'brief' && taken === undefined && stringValueAt(request.value, ['id']) === newId) taken = file;
    if (request?.kind !== 'request' || refused !== undefined) continue;
    const lookup = workspace.lookupBrief(request);
    if (lookup?.kind !== 'found' || lookup.path !== briefFile) continue;
    const requestLabel = shown(workspace, file);
    const changes: ValueChange[] = [];
    const reasons: string[] = [];
    const id = stringValueAt(request.value, ['brief', 'id']);
    if (id === target.id) changes.push({ path: ['brief', 'id'], value: newId });
    else reasons.push(`its brief.id ${id === undefined ? 'is missing' : `"${id}" was not the brief's id`}`);
    const digest = stringValueAt(request.value, ['brief', 'digest']);
    if (digest === oldDigest) changes.push({ path: ['brief', 'digest'], value: newDigest });
    else reasons.push(`its brief.digest ${digest === undefined ? 'is missing' : "was not the brief's digest"}`);
    if (changes.length > 0) {
      const edits = rewriteValues(request, changes, requestLabel);
      if (!edits.ok) {
        refused = edits;
        continue;
      }
      result.edits.push(...edits.value);
      result.rewritten.push(file);
    }
    if (reasons.length > 0) result.leftAlone.push({ file, reason: `${requestLabel}: ${reasons.join(' and ')}, so it is left as it was` });
  }
  if (taken) return refuse('rename-id-taken', `Another brief, ${shown(workspace, taken)}, already has the id "${newId}".`);
  return refused ?? { ok: true, value: result };
}

/** The digest of the brief after `edits`, when the edited brief still has no errors of its own. */
function digestAfter(brief: FileAnalysis, edits: FileEdit[]): string | undefined {
  const after = analyzeFile(brief.path, applyEdits(brief.text, edits));
  return after && ownErrorCount(after) === 0 ? after.digest : undefined;
}
