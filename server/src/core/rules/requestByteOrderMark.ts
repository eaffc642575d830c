// A request file that starts with a UTF-8 byte order mark (`request-byte-order-mark`). Submitting
// sends a request's saved bytes as they are (SPEC §7.1), Foundry reads them as strict JSON, and RFC
// 8259 §8.1 lets a JSON parser reject the mark, so the submission engine refuses such a file. This
// says so when the file is checked, not only when it is sent. Editors keep the mark out of the
// document text (VS Code and Neovim alike), so for an open request the saved file's first
// character decides (alloyWorkspace.ts). `alloy fix` removes the mark; an editor's quick fix could
// not, since the mark is not in its text.

import { byteOrderMarkLength } from '../document/byteOrderMark';
import type { PendingDiagnostic } from '../document/diagnostic';

/** Whether the text (as read from disk, or as a client sent it) starts with the mark. */
export const startsWithByteOrderMark = (text: string): boolean => byteOrderMarkLength(text) === 1;

/**
 * The diagnostic, at the start of the file. One message whether the text or only the saved file
 * has the mark, so that the editor and `alloy check` say the same.
 */
export function requestByteOrderMarkDiagnostic(): PendingDiagnostic {
  return {
    code: 'request-byte-order-mark',
    message:
      'The file starts with a UTF-8 byte order mark (U+FEFF), which editors do not show. Foundry reads a ' +
      "request's bytes as strict JSON, which rejects the mark, so Alloy will not send it: save the file as " +
      'UTF-8 without BOM, or run "alloy fix".',
    span: { offset: 0, length: 0 },
  };
}

/** What `alloy fix` writes for a request: the text without a leading mark. */
export function withoutByteOrderMark(text: string): string {
  return text.slice(byteOrderMarkLength(text));
}
