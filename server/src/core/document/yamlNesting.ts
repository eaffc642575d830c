// Finds the collection that nests a YAML text too deep, on the parser's concrete syntax tree (built
// without recursion) before the composer (which recurses once per level) reads it.

import type { CST } from 'yaml';
import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { TextSpan } from './syntaxTree';

/** The first block or flow collection, in text order, that opens a level deeper than the limit. */
export function yamlNestingTooDeep(tokens: readonly CST.Token[]): TextSpan | undefined {
  const pending: { token: CST.Token; depth: number }[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) pending.push({ token: tokens[i], depth: 0 });
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const level = depth + 1;
      if (level > MAX_NESTING_DEPTH) return { offset: token.type === 'flow-collection' ? token.start.offset : token.offset, length: 1 };
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i];
        if (item.value) pending.push({ token: item.value, depth: level });
        if (item.key) pending.push({ token: item.key, depth: level });
      }
    }
  }
  return undefined;
}
