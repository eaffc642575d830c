// Completion proposals from the schemas: property names (snippets for required members) and enum values.

import type { AlloyWorkspace } from './alloyWorkspace';
import type { TextSpan } from './syntaxTree';

export interface CompletionProposal {
  label: string;
  kind: 'property' | 'value' | 'snippet';
  /** Text to insert; a VS Code snippet when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  /** Markdown documentation. */
  documentation?: string;
  detail?: string;
  /** The text the proposal replaces (e.g. a partly typed key); insert at the cursor when absent. */
  replaceSpan?: TextSpan;
  sortText?: string;
  filterText?: string;
}

export function completionsAt(_workspace: AlloyWorkspace, _file: string, _offset: number): CompletionProposal[] {
  return [];
}
