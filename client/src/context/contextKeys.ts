// The `when`-clause context keys for the active editor, computed from its file facts: which kind of
// Alloy file it is, whether submitting would be refused for errors, and whether the ledger has a
// submission of it (for "Compare with Submitted"). Pure.

import { hasBlockingErrors, type FileFacts } from '../state/fileFacts';

export interface ContextKeys {
  'alloy.activeFileKind': 'request' | 'brief' | '';
  'alloy.activeHasErrors': boolean;
  'alloy.activeSubmitted': boolean;
}

export const CONTEXT_KEY_NAMES = ['alloy.activeFileKind', 'alloy.activeHasErrors', 'alloy.activeSubmitted'] as const;

export function contextKeysOf(facts: FileFacts | undefined, submitted: boolean): ContextKeys {
  const kind = facts?.kind === 'request' || facts?.kind === 'brief' ? facts.kind : '';
  return {
    'alloy.activeFileKind': kind,
    'alloy.activeHasErrors': facts !== undefined && hasBlockingErrors(facts),
    'alloy.activeSubmitted': kind === 'request' && submitted,
  };
}

/** The keys whose value differs between two sets (to call `setContext` only for those). */
export function changedKeys(before: ContextKeys | undefined, after: ContextKeys): (keyof ContextKeys)[] {
  return CONTEXT_KEY_NAMES.filter((name) => before === undefined || before[name] !== after[name]);
}
