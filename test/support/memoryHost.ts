// An in-memory FileSystemHost for the unit tests: files in a Map, the folders that hold them, and
// a log of every read (so tests can count how often a file was read).

import * as path from 'node:path';
import type { FileRead, FileSystemHost } from '../../server/src/core/workspace/fileSystemHost';

/** Files in a Map; every folder holding a file exists, and so does `<root>/.alloy` for each root. */
export class MemoryHost implements FileSystemHost {
  readonly files = new Map<string, string>();
  readonly directories = new Set<string>();
  /** Every path passed to readFile, in order. */
  readonly reads: string[] = [];
  /** Paths that are there but whose read fails, with how (set by `failRead`). */
  private readonly failures = new Map<string, Exclude<FileRead, { ok: true }>>();

  constructor(files: Record<string, string> = {}, roots: string[] = ['/repo']) {
    for (const root of roots) this.directories.add(path.join(root, '.alloy'));
    for (const [p, text] of Object.entries(files)) this.write(p, text);
  }

  write(p: string, text: string): void {
    const abs = path.resolve(p);
    this.files.set(abs, text);
    for (let dir = path.dirname(abs); dir !== path.dirname(dir); dir = path.dirname(dir)) this.directories.add(dir);
  }

  /** A file that is there (its folders too) but whose every read fails the given way (too large, not UTF-8, …). */
  failRead(p: string, read: Exclude<FileRead, { ok: true }>): void {
    this.write(p, '');
    this.failures.set(path.resolve(p), read);
  }

  remove(p: string): void {
    this.files.delete(path.resolve(p));
    this.failures.delete(path.resolve(p));
  }

  readCount(p: string): number {
    const abs = path.resolve(p);
    return this.reads.filter((r) => r === abs).length;
  }

  readFile(p: string): FileRead {
    this.reads.push(path.resolve(p));
    const failure = this.failures.get(path.resolve(p));
    if (failure) return failure;
    const text = this.files.get(path.resolve(p));
    return text === undefined ? { ok: false, problem: 'missing' } : { ok: true, text };
  }

  realpath(p: string): string | undefined {
    const abs = path.resolve(p);
    return this.files.has(abs) || this.directories.has(abs) ? abs : undefined;
  }

  isDirectory(p: string): boolean {
    return this.directories.has(path.resolve(p));
  }
}
