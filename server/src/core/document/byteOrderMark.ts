// A UTF-8 byte order mark (U+FEFF) at the start of a file is not content. VS Code keeps it out of
// the document text, but the CLI and the server read unopened files from disk with it. The text is
// kept as read (offsets and edits index it, so `alloy fix` writes the mark back); parsers see a
// blank instead, and line/character positions do not count it, as editors do not show it. The
// server reads and writes every position with the file's line index (lineIndex.ts), hover and
// completion included, so an open document whose text starts with the mark gets one column count.

/** 1 when the text starts with a byte order mark, else 0. */
export function byteOrderMarkLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The text with a leading byte order mark replaced by a space: same length, same offsets. */
export function blankByteOrderMark(text: string): string {
  return byteOrderMarkLength(text) ? ' ' + text.slice(1) : text;
}
