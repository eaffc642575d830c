// How one request's result is printed: the engine's own sentence (the editor shows the same), led
// by the file it is about unless the sentence already names it, so that several requests in one
// `alloy submit` stay told apart.

import { submitResultText, type SubmitResult } from '../submission';

export function resultBlock(result: SubmitResult, shown: string, cwd: string): string {
  const text = submitResultText(result, { cwd });
  const firstLine = text.split('\n', 1)[0];
  return firstLine.includes(shown) ? text : `${shown}: ${text}`;
}
