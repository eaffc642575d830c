// The rows of the CodeLens above a request ("digest ✓" / "digest ✗ (brief changed)", "key ✓/✗") and
// above a brief ("N requests name this brief", and "digest ✓/stale" when it has its own digest),
// in the core's own types: a title, one sentence of detail, and for a ✗ row the quick fix that
// makes it ✓ (the same fix as the diagnostic's). Which rows a file has is cheap to know
// (`lensRowIds`); a row's content is computed on demand (`lensRowOf`), as CodeLens resolve asks.

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { AlloyDiagnostic } from '../document/diagnostic';
import type { DiagnosticCode } from '../document/diagnosticCodes';
import type { Range } from '../document/lineIndex';
import { nodeAtPath, stringValueAt, valueAtPath, type JsonPath } from '../document/syntaxTree';
import type { FileAnalysis } from '../rules/fileAnalysis';
import { requestsNaming } from './briefReferences';
import { quickFixesFor, type QuickFix } from './quickFixes';

/** `digest` and `key` above a request; `requests` and `own-digest` above a brief. */
export type LensRowId = 'digest' | 'key' | 'requests' | 'own-digest';

export const LENS_ROW_IDS: readonly LensRowId[] = ['digest', 'key', 'requests', 'own-digest'];

export interface LensRow {
  id: LensRowId;
  title: string;
  /** One sentence (or two) saying what the row means; shown when an informational row is clicked. */
  detail: string;
  /** `info`: the brief's count of requests. */
  state: 'ok' | 'wrong' | 'unknown' | 'info';
  /** A `wrong` row: the fix that makes it right, when one can be made (else `detail` says why not). */
  fix?: QuickFix;
  /** The `requests` row: the requests naming the brief, sorted by path. */
  requests?: string[];
}

/** A request that names a brief, at its `brief.local_path` value. */
export interface NamingRequest {
  file: string;
  range: Range;
}

/** The rows a file has, in display order: none for a file that is neither a request nor a brief. */
export function lensRowIds(workspace: AlloyWorkspace, file: string): LensRowId[] {
  const analysis = workspace.analysisOf(file);
  if (analysis?.kind === 'request') return ['digest', 'key'];
  if (analysis?.kind !== 'brief') return [];
  return valueAtPath(analysis.value, ['digest']) === undefined ? ['requests'] : ['requests', 'own-digest'];
}

/** Every row of a file, computed. */
export function lensRowsOf(workspace: AlloyWorkspace, file: string): LensRow[] {
  return lensRowIds(workspace, file).flatMap((id) => lensRowOf(workspace, file, id) ?? []);
}

/** One row, computed from the workspace as it is now; undefined when the file no longer has it. */
export function lensRowOf(workspace: AlloyWorkspace, file: string, id: LensRowId): LensRow | undefined {
  if (!lensRowIds(workspace, file).includes(id)) return undefined;
  const analysis = workspace.analysisOf(file);
  if (!analysis) return undefined;
  switch (id) {
    case 'digest':
      return requestDigestRow(workspace, analysis);
    case 'key':
      return keyRow(workspace, analysis);
    case 'requests':
      return requestsRow(workspace, analysis);
    case 'own-digest':
      return ownDigestRow(workspace, analysis);
  }
}

/**
 * The requests whose `brief.local_path` names this brief, each at that value (the same list as
 * `textDocument/references` gives, from briefReferences.ts); `candidates`: the open documents.
 */
export function namingRequests(workspace: AlloyWorkspace, briefFile: string, candidates: Iterable<string> = []): NamingRequest[] {
  return requestsNaming(workspace, briefFile, candidates).map(({ file, range }) => ({ file, range }));
}

function unknown(id: LensRowId, name: string, why: string): LensRow {
  return { id, title: `${name} ?`, detail: `This cannot be checked: ${why}.`, state: 'unknown' };
}

function short(hash: string): string {
  return hash.length > 19 ? `${hash.slice(0, 19)}…` : hash;
}

/**
 * The quick fix of the diagnostic on the value at `path`: one of `codes`, or a `placeholder` on that
 * very value. The fix is the diagnostic's own, so a lens and a code action always write the same.
 */
function fixAt(workspace: AlloyWorkspace, analysis: FileAnalysis, path: JsonPath, codes: DiagnosticCode[]): QuickFix | undefined {
  const span = nodeAtPath(analysis.root, path)?.span;
  const diagnostics = workspace.check(analysis.path).diagnostics;
  const matches = (d: AlloyDiagnostic) =>
    codes.includes(d.code) || (d.code === 'placeholder' && span !== undefined && d.span.offset === span.offset);
  const diagnostic = diagnostics.find(matches);
  if (!diagnostic) return undefined;
  return quickFixesFor(workspace, analysis.path, diagnostic).find((fix) => fix.edits.length > 0);
}

function isPlaceholderAt(workspace: AlloyWorkspace, analysis: FileAnalysis, path: JsonPath): boolean {
  const span = nodeAtPath(analysis.root, path)?.span;
  return (
    span !== undefined && workspace.check(analysis.path).diagnostics.some((d) => d.code === 'placeholder' && d.span.offset === span.offset)
  );
}

const NO_FIX = ' No automatic fix can be made here (the value lies inside a YAML alias to a collection): edit it by hand.';

function wrongRow(id: LensRowId, title: string, detail: string, fix: QuickFix | undefined): LensRow {
  return fix ? { id, title, detail, state: 'wrong', fix } : { id, title, detail: detail + NO_FIX, state: 'wrong' };
}

function requestDigestRow(workspace: AlloyWorkspace, request: FileAnalysis): LensRow {
  const localPath = stringValueAt(request.value, ['brief', 'local_path']);
  if (localPath === undefined || localPath.length === 0) return unknown('digest', 'digest', 'brief.local_path is missing');
  const lookup = workspace.lookupBrief(request);
  if (!lookup || lookup.kind === 'escapes') return unknown('digest', 'digest', 'brief.local_path leads outside the repository');
  if (lookup.kind === 'not-found') {
    const why = lookup.unreadable
      ? `the brief at "${localPath}" cannot be used: ${lookup.unreadable.problem}`
      : `there is no brief file at "${localPath}"`;
    return unknown('digest', 'digest', why);
  }
  const brief = lookup.brief;
  if (brief.kind !== 'brief') return unknown('digest', 'digest', 'the file at brief.local_path is not a Formation Brief');
  const written = stringValueAt(request.value, ['brief', 'digest']);
  if (written === undefined) return unknown('digest', 'digest', 'brief.digest is missing');
  if (brief.digest === undefined) return unknown('digest', 'digest', 'the brief cannot be digested (see its problems)');
  if (written === brief.digest) {
    return { id: 'digest', title: 'digest ✓', detail: `brief.digest matches the brief's content (${short(brief.digest)}).`, state: 'ok' };
  }
  const placeholder = isPlaceholderAt(workspace, request, ['brief', 'digest']);
  const fix = fixAt(workspace, request, ['brief', 'digest'], ['digest-mismatch']);
  return wrongRow(
    'digest',
    placeholder ? 'digest ✗ (placeholder)' : 'digest ✗ (brief changed)',
    `brief.digest is ${placeholder ? 'a placeholder' : 'not the digest of the brief as it is now'}: its content hashes to ${brief.digest}. ` +
      'The fix writes it and updates the idempotency key.',
    fix,
  );
}

function keyRow(workspace: AlloyWorkspace, request: FileAnalysis): LensRow {
  const key = stringValueAt(request.value, ['idempotency_key']);
  if (key === undefined) return unknown('key', 'key', 'idempotency_key is missing');
  const derived = request.derivedKey;
  if (derived === undefined) return unknown('key', 'key', 'an input of the key is missing or not valid');
  if (key === derived) return { id: 'key', title: 'key ✓', detail: 'idempotency_key matches its seven inputs.', state: 'ok' };
  const placeholder = isPlaceholderAt(workspace, request, ['idempotency_key']);
  return wrongRow(
    'key',
    placeholder ? 'key ✗ (placeholder)' : 'key ✗',
    `idempotency_key ${placeholder ? 'is a placeholder' : 'does not match the request'}: its seven inputs hash to ${derived}. ` +
      'The fix writes that key.',
    fixAt(workspace, request, ['idempotency_key'], ['idempotency-key-mismatch']),
  );
}

function requestsRow(workspace: AlloyWorkspace, brief: FileAnalysis): LensRow {
  // The reverse index holds requests only; their analyses are not read here (that is for resolving).
  const requests = workspace.dependentsOf(brief.path).sort();
  const n = requests.length;
  const title = n === 0 ? 'no request names this brief' : n === 1 ? '1 request names this brief' : `${n} requests name this brief`;
  const detail =
    n === 0
      ? 'No request known in this workspace has this file as its brief.local_path.'
      : `${n === 1 ? 'One request has' : `${n} requests have`} this file as their brief.local_path.`;
  return { id: 'requests', title, detail, state: 'info', requests };
}

function ownDigestRow(workspace: AlloyWorkspace, brief: FileAnalysis): LensRow {
  const own = stringValueAt(brief.value, ['digest']);
  if (own === undefined) return unknown('own-digest', 'digest', "the brief's own digest is not a string");
  if (brief.digest === undefined) return unknown('own-digest', 'digest', 'the brief cannot be digested (see its problems)');
  if (own === brief.digest) {
    return { id: 'own-digest', title: 'digest ✓', detail: `The brief's own digest matches its content (${short(own)}).`, state: 'ok' };
  }
  return wrongRow(
    'own-digest',
    'digest stale',
    `The brief's own digest is stale: its content hashes to ${brief.digest}. The fix writes it.`,
    fixAt(workspace, brief, ['digest'], ['brief-digest-stale']),
  );
}
