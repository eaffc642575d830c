// The VS Code entry point: `activate` starts Alloy (alloyExtension.ts wires it), `deactivate` stops
// the language server and the callback receiver. The extension also runs in Restricted Mode, where
// only submitting and the receiver are off.

import type { ExtensionContext } from 'vscode';
import { startAlloy, type RunningAlloy } from './alloyExtension';

let running: RunningAlloy | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  running = await startAlloy(context);
}

export async function deactivate(): Promise<void> {
  const current = running;
  running = undefined;
  await current?.stop();
}
