// Converts offsets to zero-based line/character positions (UTF-16 code units, as in LSP).
// A leading byte order mark takes no column, as in editors (see byteOrderMark.ts); no position
// falls between the \r and \n of a line break, and no range splits a surrogate pair.

import { byteOrderMarkLength } from './byteOrderMark';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private readonly bom: number;

  constructor(readonly text: string) {
    this.bom = byteOrderMarkLength(text);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the \r and the \n of a line break is no position of its own: the line's end.
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    const start = low === 0 ? Math.min(this.bom, clamped) : this.lineStarts[low];
    return { line: low, character: clamped - start };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = position.line === 0 ? this.bom : this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  /** The range of a span, widened to whole characters: a surrogate pair is never split. */
  rangeOf(offset: number, length: number): Range {
    let start = offset;
    let end = offset + length;
    if (isLowSurrogate(this.text.charCodeAt(start)) && isHighSurrogate(this.text.charCodeAt(start - 1))) start--;
    if (isLowSurrogate(this.text.charCodeAt(end)) && isHighSurrogate(this.text.charCodeAt(end - 1))) end++;
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
