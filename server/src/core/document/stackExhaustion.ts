// The last line of defence of the parsers: a parse that runs out of call stack (a hostile text
// nested in a way no depth bound foresaw, or a caller that was already deep) becomes one `syntax`
// diagnostic at the start of the file instead of an exception that takes the CLI or the server down.

import type { PendingDiagnostic } from './diagnostic';

/** V8's "Maximum call stack size exceeded"; any other RangeError is a bug and is not hidden. */
export function isStackExhaustion(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export const STACK_EXHAUSTED_MESSAGE = 'This file is structured too deeply to be read (the parser ran out of stack space)';

export function stackExhausted(text: string): PendingDiagnostic {
  return { code: 'syntax', message: STACK_EXHAUSTED_MESSAGE, span: { offset: 0, length: text.length > 0 ? 1 : 0 } };
}
