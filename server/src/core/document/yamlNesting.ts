// Keeps the `yaml` package's CST parser (and then its composer) from nesting a hostile text deep
// enough to overflow the call stack. The parser recurses once per level when it closes block
// collections (2,200 compact `- - - … x` levels and then a dedent overflow it, before any tree
// exists), so the depth is bounded while it reads, lexeme by lexeme, on its own stack of open
// collections; the finished tree is then checked exactly (without recursion) before the composer,
// which also recurses once per level, reads it.

import { Lexer, Parser, type CST } from 'yaml';
import { MAX_NESTING_DEPTH } from './nestingLimit';
import type { TextSpan } from './syntaxTree';

export type ConcreteTree = { tokens: CST.Token[]; tooDeep?: undefined } | { tokens?: undefined; tooDeep: TextSpan };

function isCollection(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

function collectionSpan(token: CST.BlockMap | CST.BlockSequence | CST.FlowCollection): TextSpan {
  return { offset: token.type === 'flow-collection' ? token.start.offset : token.offset, length: 1 };
}

/**
 * The collection the parser holds open at level MAX_NESTING_DEPTH + 1, if any. Each open
 * collection on the parser's stack becomes a child of the one below it, so the tree nests at least
 * as deep as this count.
 */
function openBeyondLimit(stack: readonly CST.Token[]): TextSpan | undefined {
  let level = 0;
  for (const token of stack) {
    if (!isCollection(token)) continue;
    if (++level > MAX_NESTING_DEPTH) return collectionSpan(token);
  }
  return undefined;
}

/** The CST of a YAML text, or where it nests deeper than the limit. */
export function yamlConcreteTree(source: string): ConcreteTree {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(source)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the document, the open collections and at most a scalar or two being read.
    if (parser.stack.length > MAX_NESTING_DEPTH + 1) {
      const tooDeep = openBeyondLimit(parser.stack);
      if (tooDeep) return { tooDeep };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  const tooDeep = yamlNestingTooDeep(tokens);
  return tooDeep ? { tooDeep } : { tokens };
}

/** The first block or flow collection, in text order, that opens a level deeper than the limit. */
export function yamlNestingTooDeep(tokens: readonly CST.Token[]): TextSpan | undefined {
  const pending: { token: CST.Token; depth: number }[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) pending.push({ token: tokens[i], depth: 0 });
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
    } else if (isCollection(token)) {
      const level = depth + 1;
      if (level > MAX_NESTING_DEPTH) return collectionSpan(token);
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i];
        if (item.value) pending.push({ token: item.value, depth: level });
        if (item.key) pending.push({ token: item.key, depth: level });
      }
    }
  }
  return undefined;
}
