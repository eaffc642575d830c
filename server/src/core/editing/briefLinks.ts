// Where a request's `brief.local_path` and `brief.id` values lead: the brief file they name.
// A link exists only when the path stays inside the repository root and the brief exists.

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { FileAnalysis } from '../rules/fileAnalysis';
import type { Range } from '../document/lineIndex';
import { nodeAtPath, spanEnd, type TextSpan } from '../document/syntaxTree';

export interface BriefLink {
  /** The linked text in the request: the value without its quotes. */
  span: TextSpan;
  range: Range;
  /** Absolute path of the brief file. */
  target: string;
  /** The whole brief file. */
  targetRange: Range;
  /** The part of the brief to reveal: its `id` value, or its start. */
  targetSelectionRange: Range;
}

/** The value's text without surrounding quotes (JSON strings, quoted YAML scalars). */
function unquotedSpan(analysis: FileAnalysis, span: TextSpan): TextSpan {
  const first = analysis.text.charAt(span.offset);
  const last = analysis.text.charAt(spanEnd(span) - 1);
  if (span.length >= 2 && (first === '"' || first === "'") && last === first) return { offset: span.offset + 1, length: span.length - 2 };
  return span;
}

export function briefLinksOf(workspace: AlloyWorkspace, file: string): BriefLink[] {
  const request = workspace.analysisOf(file);
  if (!request || request.kind !== 'request') return [];
  const lookup = workspace.lookupBrief(request);
  if (lookup?.kind !== 'found') return [];
  const brief = lookup.brief;
  const idNode = nodeAtPath(brief.root, ['id']);
  const start = { line: 0, character: 0 };
  const targetRange = brief.lines.rangeOf(0, brief.text.length);
  const targetSelectionRange = idNode ? brief.lines.rangeOf(idNode.span.offset, idNode.span.length) : { start, end: start };
  const links: BriefLink[] = [];
  for (const member of ['local_path', 'id']) {
    const node = nodeAtPath(request.root, ['brief', member]);
    if (node?.kind !== 'scalar' || typeof node.value !== 'string') continue;
    const span = unquotedSpan(request, node.span);
    links.push({ span, range: request.lines.rangeOf(span.offset, span.length), target: lookup.path, targetRange, targetSelectionRange });
  }
  return links;
}

/** The link under an offset of the request, if any. */
export function briefLinkAt(workspace: AlloyWorkspace, file: string, offset: number): BriefLink | undefined {
  return briefLinksOf(workspace, file).find((l) => offset >= l.span.offset && offset <= spanEnd(l.span));
}
