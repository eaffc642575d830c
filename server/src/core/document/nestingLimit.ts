// The deepest nesting of arrays and objects the analysis reads. The parsers, validation,
// canonical JSON and the request/brief comparisons all recurse once per level, so a hostile file
// nested thousands of levels deep would overflow the stack (and take the server down). No real
// request or brief comes near this depth; a deeper file gets one `syntax` error instead.

import type { PendingDiagnostic } from './diagnostic';
import type { TextSpan } from './syntaxTree';

export const MAX_NESTING_DEPTH = 128;

export function nestingTooDeep(span: TextSpan): PendingDiagnostic {
  return { code: 'syntax', message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels: Alloy does not read data nested this deep`, span };
}
