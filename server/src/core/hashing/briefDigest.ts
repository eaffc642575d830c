// The brief digest (SPEC §4): the canonical hash of the brief's data without its top-level `digest`.

import { canonicallyEqual, canonicalSha256 } from './canonicalHash';
import type { JsonValue } from '../document/syntaxTree';

export function briefDigest(brief: JsonValue): string {
  if (brief === null || typeof brief !== 'object' || Array.isArray(brief)) return canonicalSha256(brief);
  const { digest: _ownDigest, ...content } = brief;
  return canonicalSha256(content);
}

/** Whether two briefs' data digest the same: canonically equal, their top-level `digest` aside. */
export function briefContentEqual(a: JsonValue, b: JsonValue): boolean {
  const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) return canonicallyEqual(a, b);
  const keys = Object.keys(a).filter((k) => k !== 'digest');
  if (keys.length !== Object.keys(b).filter((k) => k !== 'digest').length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && canonicallyEqual(a[k], b[k]));
}
