// Where a scalar's text is without its quotes: the part of a JSON string or a quoted YAML scalar
// an editor selects, links or lists.

import { spanEnd, type TextSpan } from '../document/syntaxTree';

export function unquotedSpan(text: string, span: TextSpan): TextSpan {
  const first = text.charAt(span.offset);
  const last = text.charAt(spanEnd(span) - 1);
  if (span.length >= 2 && (first === '"' || first === "'") && last === first) return { offset: span.offset + 1, length: span.length - 2 };
  return span;
}
