// Where bytes stop being UTF-8: the first bad byte's offset and its line/character, for the read
// that refuses such a file. The UTF-8 rules themselves are the platform decoder's (WHATWG).

import { LineIndex } from '../document/lineIndex';
import type { NotUtf8Read } from './fileSystemHost';

/** Keeps a leading byte order mark in the text, so that the line index gives it no column. */
const LOSSY = new TextDecoder('utf-8', { ignoreBOM: true });

const REPLACEMENT = 0xfffd;

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * The first byte that is not part of a UTF-8 character, for bytes known not to be UTF-8. The lossy
 * decoding replaces each bad sequence by U+FFFD; walking it while counting bytes finds the first
 * replacement that is not a real U+FFFD (bytes EF BF BD) in the file.
 */
export function notUtf8Read(bytes: Uint8Array): NotUtf8Read {
  const text = LOSSY.decode(bytes);
  let offset = 0;
  let i = 0;
  while (i < text.length) {
    const codePoint = text.codePointAt(i)!;
    if (codePoint === REPLACEMENT && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    offset += utf8Length(codePoint);
    i += codePoint > 0xffff ? 2 : 1;
  }
  // Bytes the caller found invalid always stop the walk; past the end only if the two disagreed.
  const position = new LineIndex(text.slice(0, i)).positionAt(i);
  return { ok: false, problem: 'not-utf8', offset: Math.min(offset, bytes.length), ...position, textOffset: i };
}
