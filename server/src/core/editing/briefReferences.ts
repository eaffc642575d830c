// Who names a brief. From a brief (anywhere in it) or from a request's `brief` member: the brief's
// `id` and every request whose `brief.local_path` resolves to that brief file, each at its value.
// The requests come from the workspace's brief → requests index (what the start-up scan and later
// checks saw) plus the candidates the caller adds (the open documents); each one is re-resolved,
// so a request edited since its last check is listed only if it still names the brief.

import type { Range } from '../document/lineIndex';
import type { FileAnalysis } from '../rules/fileAnalysis';
import { locate, nodeAtPath } from '../document/syntaxTree';
import { unquotedSpan } from './unquotedSpan';
import type { AlloyWorkspace } from '../workspace/alloyWorkspace';

export interface BriefReference {
  /** Absolute path of the file. */
  file: string;
  /** The value without its quotes: the brief's `id`, or the request's `brief.local_path`. */
  range: Range;
  /** `brief-id`: the brief's own `id` (the declaration); `request`: a request naming the brief. */
  role: 'brief-id' | 'request';
}

export interface ReferenceQuery {
  /** From a brief: whether its own `id` is listed. From a request the brief is always listed. */
  includeDeclaration: boolean;
  /** More files that may be requests naming the brief (the open documents). */
  candidates?: Iterable<string>;
}

/** The references of what lies at `offset` in `file`; empty when it is not a brief or a request's `brief` member. */
export function briefReferencesAt(workspace: AlloyWorkspace, file: string, offset: number, query: ReferenceQuery): BriefReference[] {
  const analysis = workspace.analysisOf(file);
  if (!analysis) return [];
  if (analysis.kind === 'brief') {
    const declaration = query.includeDeclaration ? briefIdReference(analysis) : undefined;
    return [...(declaration ? [declaration] : []), ...requestsNaming(workspace, analysis.path, query.candidates)];
  }
  if (analysis.kind !== 'request' || !onBriefMember(analysis, offset)) return [];
  const lookup = workspace.lookupBrief(analysis);
  if (!lookup || lookup.kind === 'escapes') return [];
  const declaration = lookup.kind === 'found' ? briefIdReference(lookup.brief) : undefined;
  const candidates = [analysis.path, ...(query.candidates ?? [])];
  return [...(declaration ? [declaration] : []), ...requestsNaming(workspace, lookup.path, candidates)];
}

/** Every request that names the brief at `briefPath` by its `brief.local_path`, sorted by path. */
export function requestsNaming(workspace: AlloyWorkspace, briefPath: string, candidates: Iterable<string> = []): BriefReference[] {
  const files = new Set([...workspace.dependentsOf(briefPath), ...candidates]);
  const references: BriefReference[] = [];
  for (const file of [...files].sort()) {
    const request = workspace.analysisOf(file);
    if (request?.kind !== 'request') continue;
    const lookup = workspace.lookupBrief(request);
    if (!lookup || lookup.kind === 'escapes' || lookup.path !== briefPath) continue;
    const range = valueRange(request, ['brief', 'local_path']);
    if (range) references.push({ file: request.path, range, role: 'request' });
  }
  return references;
}

function briefIdReference(brief: FileAnalysis): BriefReference | undefined {
  const range = valueRange(brief, ['id']);
  return range ? { file: brief.path, range, role: 'brief-id' } : undefined;
}

/** Whether the offset is on the request's `brief` key or inside its value. */
function onBriefMember(request: FileAnalysis, offset: number): boolean {
  return locate(request.root, offset).path[0] === 'brief';
}

/** The range of the string value at `path`, without surrounding quotes. */
function valueRange(analysis: FileAnalysis, path: string[]): Range | undefined {
  const node = nodeAtPath(analysis.root, path);
  if (node?.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
  const span = unquotedSpan(analysis.text, node.span);
  return analysis.lines.rangeOf(span.offset, span.length);
}
