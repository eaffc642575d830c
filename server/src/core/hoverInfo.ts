// Hover content: field docs from the schemas, plus computed facts (digest, key, brief summary).

import type { AlloyWorkspace } from './alloyWorkspace';
import type { TextSpan } from './syntaxTree';

export interface HoverInfo {
  /** Markdown text. */
  markdown: string;
  /** What the hover covers (a key or a value). */
  span: TextSpan;
}

export function hoverAt(_workspace: AlloyWorkspace, _file: string, _offset: number): HoverInfo | undefined {
  return undefined;
}
