// What `parseJson` gave before it built its tree from visitor events: jsonc-parser's `parseTree`,
// then a conversion of that tree (repeated keys and overflowing numbers reported in a walk of it).
// The differential test holds the visitor-built tree, data and diagnostics to this, exactly.

import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { blankByteOrderMark } from '../../server/src/core/document/byteOrderMark';
import type { PendingDiagnostic } from '../../server/src/core/document/diagnostic';
import { duplicateKey, overflowingNumber } from '../../server/src/core/document/jsonDataProblems';
import { jsonNestingTooDeep } from '../../server/src/core/document/jsonNesting';
import { nestingTooDeep } from '../../server/src/core/document/nestingLimit';
import { syntaxProblems, type ParseOutcome } from '../../server/src/core/document/parseJson';
import { capSyntaxProblems } from '../../server/src/core/document/syntaxCap';
import type { PropertyNode, SyntaxNode } from '../../server/src/core/document/syntaxTree';

export function parseJsonThroughParseTree(source: string): ParseOutcome {
  const text = blankByteOrderMark(source);
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep) return { root: undefined, problems: [nestingTooDeep(tooDeep)] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const problems = syntaxProblems(text, errors);
  const root = tree ? convert(tree, problems) : undefined;
  return { root, problems: capSyntaxProblems(problems) };
}

function convert(node: Node, problems: PendingDiagnostic[]): SyntaxNode {
  const span = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object': {
      const properties: PropertyNode[] = [];
      const seen = new Set<string>();
      for (const child of node.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const keySpan = { offset: keyNode.offset, length: keyNode.length };
        if (seen.has(key)) problems.push(duplicateKey(key, keySpan));
        seen.add(key);
        properties.push({ key, keySpan, value: valueNode ? convert(valueNode, problems) : undefined });
      }
      return { kind: 'object', span, properties };
    }
    case 'array':
      return { kind: 'array', span, items: (node.children ?? []).map((c) => convert(c, problems)) };
    case 'number':
      if (!Number.isFinite(node.value)) {
        problems.push(overflowingNumber(span));
        return { kind: 'scalar', span, value: null };
      }
      return { kind: 'scalar', span, value: node.value as number };
    case 'string':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', span, value: node.value as string | number | boolean | null };
    default:
      return { kind: 'scalar', span, value: null };
  }
}
