// Related information pointing at one node of the brief, for diagnostics placed on the request.

import type { RelatedInformation } from '../document/diagnostic';
import { nodeAtPath } from '../document/syntaxTree';
import type { FileAnalysis } from './fileAnalysis';

export function relatedAt(brief: FileAnalysis, path: string[], message: string): RelatedInformation[] {
  const node = nodeAtPath(brief.root, path);
  return node ? [{ file: brief.path, range: brief.lines.rangeOf(node.span.offset, node.span.length), message }] : [];
}
