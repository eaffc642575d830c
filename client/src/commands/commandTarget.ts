// Which file a command is about: the Uri it was given (Explorer, editor title, CodeLens), else the
// active editor's file. Only files on disk: an untitled or virtual document cannot be submitted.

import { Uri, window } from 'vscode';

export function targetFile(arg: unknown): string | undefined {
  if (arg instanceof Uri) return arg.scheme === 'file' ? arg.fsPath : undefined;
  const uri = window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri.fsPath : undefined;
}

/** The files of an Explorer multi-selection (the second argument), else the one target. */
export function targetFiles(arg: unknown, selection: unknown): string[] {
  if (Array.isArray(selection) && selection.length > 1 && selection.every((u) => u instanceof Uri)) {
    return (selection as Uri[]).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  }
  const one = targetFile(arg);
  return one === undefined ? [] : [one];
}
