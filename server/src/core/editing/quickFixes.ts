// Quick fixes for diagnostics, and the automatic fixes behind `alloy fix`: the request's
// brief.digest, the brief's own digest, the idempotency key, and unknown property names.

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { AlloyDiagnostic } from '../document/diagnostic';
import type { FileAnalysis } from '../rules/fileAnalysis';
import { idempotencyKey, keyInputs } from '../hashing/idempotencyKey';
import { nodeAtPath, type JsonValue } from '../document/syntaxTree';
import { renameKey, replaceStringValue, type FileEdit } from './textEdit';

export interface QuickFix {
  title: string;
  edits: FileEdit[];
  isPreferred: boolean;
}

/** The key the request would have once its brief.digest is `digest`. */
function keyWithDigest(request: FileAnalysis, digest: string): string | undefined {
  const value = request.value as { brief?: Record<string, JsonValue> } | undefined;
  if (!value || typeof value !== 'object' || !value.brief || typeof value.brief !== 'object') return undefined;
  const inputs = keyInputs({ ...(value as Record<string, JsonValue>), brief: { ...value.brief, digest } });
  return inputs ? idempotencyKey(inputs) : undefined;
}

/** Edits that write the right digest into a request, and the key that follows from it. */
function digestEdits(request: FileAnalysis, digest: string): FileEdit[] {
  const edits: FileEdit[] = [];
  const digestNode = nodeAtPath(request.root, ['brief', 'digest']);
  if (digestNode?.kind === 'scalar') edits.push(replaceStringValue(request, digestNode.span, digest));
  const key = keyWithDigest(request, digest);
  const keyNode = nodeAtPath(request.root, ['idempotency_key']);
  if (key && keyNode?.kind === 'scalar' && keyNode.value !== key) edits.push(replaceStringValue(request, keyNode.span, key));
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
    case 'digest-mismatch':
      return expected
        ? [
            {
              title: `Write the brief's digest (${expected.slice(0, 19)}…) and update the idempotency key`,
              edits: digestEdits(analysis, expected),
              isPreferred: true,
            },
          ]
        : [];
    case 'brief-digest-stale':
      return expected
        ? [{ title: "Update the brief's own digest", edits: [replaceStringValue(analysis, diagnostic.span, expected)], isPreferred: true }]
        : [];
    case 'idempotency-key-mismatch':
      return expected
        ? [{ title: 'Recompute the idempotency key', edits: [replaceStringValue(analysis, diagnostic.span, expected)], isPreferred: true }]
        : [];
    case 'unknown-property':
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
    const n = nodeAtPath(analysis.root, path);
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
    return digest
      ? [{ title: "Write the brief's digest and update the idempotency key", edits: digestEdits(analysis, digest), isPreferred: true }]
      : [];
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
 * then its idempotency key (the key depends on the digest). Nothing else is touched.
 */
export function automaticFixes(workspace: AlloyWorkspace, file: string): FileEdit[] {
  const analysis = workspace.analysisOf(file);
  if (!analysis) return [];
  if (analysis.kind === 'brief') {
    const own = nodeAtPath(analysis.root, ['digest']);
    if (analysis.digest && own?.kind === 'scalar' && own.value !== analysis.digest)
      return [replaceStringValue(analysis, own.span, analysis.digest)];
    return [];
  }
  if (analysis.kind !== 'request') return [];
  const lookup = workspace.lookupBrief(analysis);
  const briefDigest = lookup?.kind === 'found' ? lookup.brief.digest : undefined;
  const current = nodeAtPath(analysis.root, ['brief', 'digest']);
  if (briefDigest && current?.kind === 'scalar' && current.value !== briefDigest) return digestEdits(analysis, briefDigest);
  const keyNode = nodeAtPath(analysis.root, ['idempotency_key']);
  if (analysis.derivedKey && keyNode?.kind === 'scalar' && keyNode.value !== analysis.derivedKey) {
    return [replaceStringValue(analysis, keyNode.span, analysis.derivedKey)];
  }
  return [];
}
