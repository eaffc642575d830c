// The brief digest (SPEC §4): the canonical hash of the brief's data without its top-level `digest`.

import { canonicalSha256 } from './canonicalHash';
import type { JsonValue } from '../document/syntaxTree';

export function briefDigest(brief: JsonValue): string {
  if (brief === null || typeof brief !== 'object' || Array.isArray(brief)) return canonicalSha256(brief);
  const { digest: _ownDigest, ...content } = brief;
  return canonicalSha256(content);
}
