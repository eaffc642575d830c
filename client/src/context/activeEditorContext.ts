// Sets the `alloy.activeFileKind`, `alloy.activeHasErrors` and `alloy.activeSubmitted` context keys
// for the active editor (contextKeys.ts computes them), calling `setContext` only for keys whose
// value changed.

import { commands } from 'vscode';
import { changedKeys, type ContextKeys } from './contextKeys';

export class ActiveEditorContext {
  private last: ContextKeys | undefined;

  constructor(private readonly compute: () => ContextKeys) {}

  refresh(): void {
    const next = this.compute();
    for (const key of changedKeys(this.last, next)) void commands.executeCommand('setContext', key, next[key]);
    this.last = next;
  }
}
