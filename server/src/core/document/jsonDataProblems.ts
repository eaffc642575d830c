// The two problems valid JSON text can still have as data, in the words every JSON reader here
// uses: a key repeated in one object, and a number too large for a double.

import type { PendingDiagnostic } from './diagnostic';
import type { TextSpan } from './syntaxTree';

export function duplicateKey(key: string, span: TextSpan): PendingDiagnostic {
  return { code: 'syntax', message: `Duplicate key "${key}": JSON data must have unique keys`, span };
}

/** 1e400 is valid JSON text but no double: JSON.parse and RFC 8785 see Infinity. */
export function overflowingNumber(span: TextSpan): PendingDiagnostic {
  return {
    code: 'schema',
    message: 'This number is too large to be represented (it overflows to Infinity), so the file cannot be hashed',
    span,
  };
}
