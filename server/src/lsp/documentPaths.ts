// Converting between LSP document URIs and the file-system paths the analysis core works with.

import * as path from 'node:path';
import { URI } from 'vscode-uri';

/** The absolute path of a `file:` URI; undefined for other schemes (untitled, git, …). */
export function pathOfUri(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? path.resolve(parsed.fsPath) : undefined;
}

export function uriOfPath(file: string): string {
  return URI.file(file).toString();
}
