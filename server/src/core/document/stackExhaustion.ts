// The last line of defence of the parsers: a parse that runs out of call stack (a hostile text
// nested in a way no depth bound foresaw, or a caller that was already deep) becomes one `syntax`
// diagnostic at the start of the file instead of an exception that takes the CLI or the server down.

import type { PendingDiagnostic } from './diagnostic';
import type { ParseOutcome } from './parseJson';

/** V8's "Maximum call stack size exceeded"; any other RangeError is a bug and is not hidden. */
export function isStackExhaustion(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

export const STACK_EXHAUSTED_MESSAGE = 'This file is structured too deeply to be read (the parser ran out of stack space)';

export function stackExhausted(text: string): PendingDiagnostic {
  return { code: 'syntax', message: STACK_EXHAUSTED_MESSAGE, span: { offset: 0, length: text.length > 0 ? 1 : 0 } };
}

/**
 * `parse(text)`, or one `stackExhausted` diagnostic when it runs out of stack (the parsers bound
 * nesting first; this is for a caller that was already deep in its stack). The handler is
 * here, next to what it calls, and both are called once at load: V8 compiles a function on its
 * first call (a module's export getter too), and compiling needs tens of KB of free stack, so a
 * first call made just after the stack ran out would fail right then. A lean parser leaves
 * little stack when it runs out.
 */
export function guardStack(text: string, parse: (text: string) => ParseOutcome): ParseOutcome {
  try {
    return parse(text);
  } catch (error) {
    if (isStackExhaustion(error)) return { root: undefined, problems: [stackExhausted(text)] };
    throw error;
  }
}

guardStack('', () => {
  throw new RangeError('Maximum call stack size exceeded');
});
