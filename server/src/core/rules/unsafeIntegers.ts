// Integers past ±(2^53 − 1) in a request or a brief (`unsafe-integer`). Digests and keys hash the
// RFC 8785 form of the data, whose numbers are IEEE 754 doubles: 9007199254740993 reads and
// hashes as 9007199254740992. I-JSON (RFC 7493 §2.2) calls such integers not interoperable, and a
// reader that keeps integers exact (Python's, Rust's with arbitrary precision) hashes other bytes,
// so the key or digest would depend on who computes it. Only integers written as integers count
// (`1e300` is a double by its own spelling).

import type { PendingDiagnostic } from '../document/diagnostic';
import { scalarsWhere, spanAtPath, type JsonScalar, type JsonValue, type SyntaxNode } from '../document/syntaxTree';

const isUnsafeInteger = (scalar: JsonScalar): scalar is number => Number.isInteger(scalar) && !Number.isSafeInteger(scalar);

/** An integer as written in JSON or YAML 1.2 (decimal, `0x`, `0o`, with `_` allowed in YAML). */
const INTEGER_TOKEN = /^[-+]?(?:\d[\d_]*|0x[0-9a-fA-F_]+|0o[0-7_]+)$/;

/** One `unsafe-integer` warning per such integer in the data, on the number, in text order. */
export function unsafeIntegerDiagnostics(text: string, value: JsonValue, tree: () => SyntaxNode): PendingDiagnostic[] {
  // The clean case, nearly every file: one walk of the data that builds no path (a scan of the text
  // for 16 digits in a row cost more, 2 µs a file).
  const found = scalarsWhere(value, isUnsafeInteger);
  if (found.length === 0) return [];
  const root = tree();
  const out: PendingDiagnostic[] = [];
  for (const { path, value: double } of found) {
    const span = spanAtPath(root, path);
    const written = text.slice(span.offset, span.offset + span.length);
    if (!INTEGER_TOKEN.test(written)) continue;
    out.push({
      code: 'unsafe-integer',
      message:
        `${written} is past ±(2^53 − 1): as an IEEE 754 double (what RFC 8785 digests and keys hash, and what many JSON ` +
        `readers keep) it is ${String(double)}, so readers and hashes can disagree on it. ` +
        'Write it as a string, or as a smaller number.',
      span,
    });
  }
  return out.sort((a, b) => a.span.offset - b.span.offset);
}
