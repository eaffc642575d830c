// How a workspace symbol query matches an id: case-insensitively, as the whole id, its start, any
// part of it, or its characters in order with gaps ("fuzzy": `bchk` finds `brief_CHECKOUT`).
// Better matches sort first; an empty query matches everything.

import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import { fileSymbolOf, type FileSymbol } from './documentSymbols';

export type MatchQuality = 0 | 1 | 2 | 3;

/** 0 exact, 1 prefix, 2 substring, 3 in-order characters; undefined when the query does not match. */
export function matchQuality(query: string, name: string): MatchQuality | undefined {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (q.length === 0) return 3;
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  let at = 0;
  for (const c of q) {
    at = n.indexOf(c, at);
    if (at < 0) return undefined;
    at += c.length;
  }
  return 3;
}

export interface Searchable {
  name: string;
  file: string;
}

/** The items matching the query, best first, then by name and file; at most `limit` of them. */
export function searchSymbols<T extends Searchable>(items: Iterable<T>, query: string, limit: number): T[] {
  const scored: { item: T; quality: MatchQuality }[] = [];
  for (const item of items) {
    const quality = matchQuality(query, item.name);
    if (quality !== undefined) scored.push({ item, quality });
  }
  scored.sort((a, b) => a.quality - b.quality || compare(a.item.name, b.item.name) || compare(a.item.file, b.item.file));
  return scored.slice(0, limit).map((s) => s.item);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The brief and request ids among `candidates` (a file and the id it had when last seen) that match
 * the query, best first, at most `limit`; each match is read again for its range, and dropped when
 * its id has changed since and no longer matches.
 */
export function searchWorkspaceSymbols(
  workspace: AlloyWorkspace,
  candidates: Iterable<Searchable>,
  query: string,
  limit: number,
): FileSymbol[] {
  const symbols: FileSymbol[] = [];
  for (const match of searchSymbols(candidates, query, limit)) {
    const analysis = workspace.analysisOf(match.file);
    const symbol = analysis && fileSymbolOf(analysis);
    if (symbol && matchQuality(query, symbol.name) !== undefined) symbols.push(symbol);
  }
  return symbols;
}
