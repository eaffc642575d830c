// What the analysis needs from a file system; the server, the CLI and tests supply one. A read
// says why it failed, so that a file too large, unreadable, not UTF-8 (in its bytes or its name) or
// reached through a link leading outside its repository root gets a diagnostic, never silence
// (bytes that are not UTF-8 are never read as U+FFFD: that would hash and rewrite other bytes).

import type { PathHost } from './repositoryPaths';

/** Files larger than this are not read (hostile or accidental huge files). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export type FileRead =
  | { ok: true; text: string }
  | { ok: false; problem: 'missing' }
  | { ok: false; problem: 'too-large'; size: number }
  /** `entry` says when the name is there but is not a regular file: a folder, or a FIFO, device or socket. */
  | { ok: false; problem: 'unreadable'; reason: string; entry?: 'folder' | 'special' }
  /**
   * The file opened is not inside the repository root of the path read (a symbolic link on the
   * way, perhaps swapped after the path was checked, leads out): its content is never read.
   */
  | { ok: false; problem: 'outside-root' }
  /**
   * The name of the file (or of a folder on its way) is not UTF-8: `name` as listed (U+FFFD for
   * the bad bytes), `offset` the first bad byte's 0-based offset in the name, `byte` its value.
   */
  | { ok: false; problem: 'name-not-utf8'; name: string; offset: number; byte: number }
  | NotUtf8Read;

/**
 * The bytes are not UTF-8. `offset` is the 0-based byte offset of the first byte that is not part of
 * a UTF-8 character; `line` and `character` its 0-based position (UTF-16 code units, a leading byte
 * order mark takes no column); `textOffset` where an editor's lossy decoding shows it (UTF-16 units).
 */
export interface NotUtf8Read {
  ok: false;
  problem: 'not-utf8';
  offset: number;
  line: number;
  character: number;
  textOffset: number;
}

export interface FileSystemHost extends PathHost {
  /** The file's text, or why it cannot be had. */
  readFile(p: string): FileRead;
}

/** A host that can also write files back (`alloy fix`). */
export interface WritableFileSystemHost extends FileSystemHost {
  /** Replaces the file's content; a reason in words when that fails. */
  writeFile(p: string, text: string): { ok: true } | { ok: false; reason: string };
}

/** "9.0 MiB", "812 KiB": a size as the messages show it. */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** Why a file could not be read, as a clause the CLI and the editor both use ("the file is too large (…)"). */
export function readProblemText(read: Exclude<FileRead, { ok: true }>): string {
  switch (read.problem) {
    case 'missing':
      return 'no such file';
    case 'too-large':
      return `the file is too large (${sizeInWords(read.size)}; the limit is ${MAX_FILE_BYTES / (1024 * 1024)} MiB)`;
    case 'unreadable':
      return `the file cannot be read (${read.reason})`;
    case 'outside-root':
      return 'the file leads through a symbolic link to a place outside its repository root';
    case 'name-not-utf8': {
      const byte = `0x${read.byte.toString(16).padStart(2, '0')}`;
      return `the name "${read.name}" is not valid UTF-8 (byte ${read.offset} of the name, ${byte}, is not part of a UTF-8 character; rename it)`;
    }
    case 'not-utf8':
      return `the file is not valid UTF-8 (byte ${read.offset} on line ${read.line + 1} is not part of a UTF-8 character)`;
  }
}
