// Quick fixes for diagnostics, and the automatic fixes behind `alloy fix`: the request's
// brief.digest, the brief's own digest, the idempotency key, and unknown property names.
// Through a YAML alias: an alias to the value itself is replaced by the right value; a value
// inside an alias to a collection is not edited (the edit would replace the whole collection).

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { AlloyDiagnostic } from '../document/diagnostic';
import type { FileAnalysis } from '../rules/fileAnalysis';
import { idempotencyKey, keyInputs } from '../hashing/idempotencyKey';
import { nodeAtPath, type JsonPath, type JsonValue, type ScalarNode } from '../document/syntaxTree';
import { isAliasAt, isSharedAnchorAt, renameKey, replaceStringValue, type FileEdit } from './textEdit';

export interface QuickFix {
  title: string;
  edits: FileEdit[];
  isPreferred: boolean;
}

/**
 * Why the scalar at `path` may not be rewritten by a fix, or undefined when replacing the text of
 * its span replaces exactly it: inside the expansion of an alias to a collection the span is the
 * alias's (its parent shares it), `alias`; a value anchored and used elsewhere through an alias,
 * `anchor` (the copies would change with it, and a digest or key written there would not be the
 * file's: a fix computes it from the file as it is, unlike a rename, which reads the edited text
 * again, requestRewrite.ts).
 */
function scalarRefusal(analysis: FileAnalysis, path: JsonPath, node: ScalarNode): 'alias' | 'anchor' | undefined {
  if (isAliasAt(analysis, node.span)) {
    const parent = nodeAtPath(analysis.root, path.slice(0, -1));
    if (parent && parent.span.offset === node.span.offset && parent.span.length === node.span.length) return 'alias';
  }
  return isSharedAnchorAt(analysis, node.span) ? 'anchor' : undefined;
}

/**
 * The scalar at `path`, when replacing the text of its span replaces exactly it. Inside the
 * expansion of an alias to a collection, the span is the alias's (its parent shares it): undefined.
 */
export function editableScalar(analysis: FileAnalysis, path: JsonPath): ScalarNode | undefined {
  const node = nodeAtPath(analysis.root, path);
  if (node?.kind !== 'scalar') return undefined;
  return scalarRefusal(analysis, path, node) === 'alias' ? undefined : node;
}

/** The scalar at `path` when a fix may write it: editable, and not an anchor an alias copies. */
function fixableScalar(analysis: FileAnalysis, path: JsonPath): ScalarNode | undefined {
  const node = nodeAtPath(analysis.root, path);
  if (node?.kind !== 'scalar') return undefined;
  return scalarRefusal(analysis, path, node) ? undefined : node;
}

/**
 * Says that a wrong value is not edited, and why: the value at `path` lies inside an alias to a
 * collection (`alias`), or is anchored and used elsewhere through an alias (`anchor`: writing it
 * would change those copies too), or the file has syntax errors (`syntax`; `path` is the value that would
 * have been written), so its data is the parser's guess and a digest or key written from it, or
 * over a broken token, could be wrong or lose text.
 */
export type RefusedFix = (path: string, why: 'alias' | 'anchor' | 'syntax') => void;

/** The key the request would have once its brief.digest is `digest`; none from data read out of a text with syntax errors. */
function keyWithDigest(request: FileAnalysis, digest: string): string | undefined {
  if (!request.isJsonData) return undefined;
  const value = request.value as { brief?: Record<string, JsonValue> } | undefined;
  if (!value || typeof value !== 'object' || !value.brief || typeof value.brief !== 'object') return undefined;
  const inputs = keyInputs({ ...(value as Record<string, JsonValue>), brief: { ...value.brief, digest } });
  return inputs ? idempotencyKey(inputs) : undefined;
}

/** Edits that write the right digest into a request, and the key that follows from it (both or neither). */
function digestEdits(request: FileAnalysis, digest: string, refused?: RefusedFix): FileEdit[] {
  const edits: FileEdit[] = [];
  const digestNode = nodeAtPath(request.root, ['brief', 'digest']);
  if (digestNode?.kind === 'scalar') {
    const why = scalarRefusal(request, ['brief', 'digest'], digestNode);
    if (why) {
      refused?.('brief.digest', why);
      return [];
    }
    edits.push(replaceStringValue(request, digestNode.span, digest));
  }
  const key = keyWithDigest(request, digest);
  const keyNode = nodeAtPath(request.root, ['idempotency_key']);
  if (key && keyNode?.kind === 'scalar' && keyNode.value !== key) {
    const why = scalarRefusal(request, ['idempotency_key'], keyNode);
    if (why) {
      refused?.('idempotency_key', why);
      return [];
    }
    edits.push(replaceStringValue(request, keyNode.span, key));
  }
  return edits;
}

export function quickFixesFor(
  workspace: AlloyWorkspace,
  file: string,
  diagnostic: Pick<AlloyDiagnostic, 'code' | 'span' | 'data'>,
): QuickFix[] {
  const analysis = workspace.analysisOf(file);
  if (!analysis) return [];
  const expected = diagnostic.data?.expected;
  switch (diagnostic.code) {
    case 'digest-mismatch': {
      if (!expected) return [];
      const edits = digestEdits(analysis, expected);
      return edits.length > 0
        ? [{ title: `Write the brief's digest (${expected.slice(0, 19)}…) and update the idempotency key`, edits, isPreferred: true }]
        : [];
    }
    // No fix for a value anchored and used elsewhere through an alias (writing it changes the copies too).
    case 'brief-digest-stale':
      return expected && !isSharedAnchorAt(analysis, diagnostic.span)
        ? [{ title: "Update the brief's own digest", edits: [replaceStringValue(analysis, diagnostic.span, expected)], isPreferred: true }]
        : [];
    case 'idempotency-key-mismatch':
      return expected && !isSharedAnchorAt(analysis, diagnostic.span)
        ? [{ title: 'Recompute the idempotency key', edits: [replaceStringValue(analysis, diagnostic.span, expected)], isPreferred: true }]
        : [];
    case 'unknown-property':
      // A key inside an alias's expansion is placed on the alias: renaming would replace the alias.
      if (isAliasAt(analysis, diagnostic.span)) return [];
      return (diagnostic.data?.replacementCandidates ?? []).map((name) => ({
        title: `Rename to "${name}"`,
        edits: [renameKey(analysis, diagnostic.span, name)],
        isPreferred: true,
      }));
    case 'placeholder':
      return placeholderFixes(workspace, analysis, diagnostic);
    default:
      return [];
  }
}

/** A placeholder digest or key can be filled in when the right value is known. */
function placeholderFixes(workspace: AlloyWorkspace, analysis: FileAnalysis, diagnostic: Pick<AlloyDiagnostic, 'span'>): QuickFix[] {
  const at = (path: string[]) => {
    const n = fixableScalar(analysis, path);
    return n !== undefined && n.span.offset === diagnostic.span.offset;
  };
  if (analysis.kind === 'brief' && at(['digest']) && analysis.digest) {
    return [
      { title: "Write the brief's digest", edits: [replaceStringValue(analysis, diagnostic.span, analysis.digest)], isPreferred: true },
    ];
  }
  if (analysis.kind === 'request' && at(['brief', 'digest'])) {
    const lookup = workspace.lookupBrief(analysis);
    const digest = lookup?.kind === 'found' ? lookup.brief.digest : undefined;
    const edits = digest ? digestEdits(analysis, digest) : [];
    return edits.length > 0 ? [{ title: "Write the brief's digest and update the idempotency key", edits, isPreferred: true }] : [];
  }
  if (analysis.kind === 'request' && at(['idempotency_key']) && analysis.derivedKey) {
    return [
      {
        title: 'Compute the idempotency key',
        edits: [replaceStringValue(analysis, diagnostic.span, analysis.derivedKey)],
        isPreferred: true,
      },
    ];
  }
  return [];
}

/**
 * The edits `alloy fix` makes to one file: a brief's own digest; a request's brief.digest and
 * then its idempotency key (the key depends on the digest). Nothing else is touched. A wrong value
 * inside an alias to a collection is not edited, nor anything in a file with syntax errors (a
 * brief's digest and a request's key are only known for JSON data); `refused` is told the path.
 */
export function automaticFixes(workspace: AlloyWorkspace, file: string, refused?: RefusedFix): FileEdit[] {
  const analysis = workspace.analysisOf(file);
  if (!analysis) return [];
  if (analysis.kind === 'brief') {
    const own = nodeAtPath(analysis.root, ['digest']);
    if (!analysis.digest || own?.kind !== 'scalar' || own.value === analysis.digest) return [];
    const why = scalarRefusal(analysis, ['digest'], own);
    if (!why) return [replaceStringValue(analysis, own.span, analysis.digest)];
    refused?.('digest', why);
    return [];
  }
  if (analysis.kind !== 'request') return [];
  const lookup = workspace.lookupBrief(analysis);
  const briefDigest = lookup?.kind === 'found' ? lookup.brief.digest : undefined;
  const current = nodeAtPath(analysis.root, ['brief', 'digest']);
  if (briefDigest && current?.kind === 'scalar' && current.value !== briefDigest) {
    if (!analysis.isJsonData) {
      refused?.('brief.digest', 'syntax');
      return [];
    }
    return digestEdits(analysis, briefDigest, refused);
  }
  const keyNode = nodeAtPath(analysis.root, ['idempotency_key']);
  if (analysis.derivedKey && keyNode?.kind === 'scalar' && keyNode.value !== analysis.derivedKey) {
    const why = scalarRefusal(analysis, ['idempotency_key'], keyNode);
    if (!why) return [replaceStringValue(analysis, keyNode.span, analysis.derivedKey)];
    refused?.('idempotency_key', why);
  }
  return [];
}
