// Runs a program's bundle (the language server's, the CLI's) with a code cache, so that a start
// does not compile the bundle again: V8 bytecode kept from an earlier run (about 70 ms of the
// ≈ 250 ms from spawn to the first diagnostics on the bench machine). On Node 22.1+ (and an Electron built on it) this is
// Node's own `module.enableCompileCache`. On older Node it is a V8 code cache made with
// `vm.Script#createCachedData` when the process exits, after the first checks, so their functions
// are in it too. V8 checks only a header (its version, its flags, the length of the source): it
// takes a cache made for another text of the same length (and runs the old code), and a damaged
// one can crash the process. So our file starts with the SHA-256 of the bundle file and of the
// bytecode, and is used only when both match; it is written through a rename, so no reader sees
// half of one. The cache lives in a folder beside the bundle, as trusted as the bundle itself;
// when it cannot be written (a read-only install) the program runs as it would without it.
// `NODE_DISABLE_COMPILE_CACHE=1`, Node's own switch, turns both caches off.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** How the bundle was run. */
export type CodeCacheUse =
  /** With no cache: it is switched off. */
  | 'off'
  /** Node's own compile cache (Node 22.1+). */
  | 'node'
  /** Our cache held bytecode for this very text and V8 took it. */
  | 'accepted'
  /** There was no cache for this text (none yet, another text's, or V8 refused it); one is written at exit. */
  | 'written-at-exit';

/** `module.enableCompileCache` as Node 22.1+ has it (absent from Node 20's typings); `directory` is set when the cache is on. */
type EnableCompileCache = (directory: string) => { directory?: string };

export interface CodeCacheOptions {
  /** No cache at all (the launcher passes `NODE_DISABLE_COMPILE_CACHE=1`). */
  disabled?: boolean;
  /** Node's compile cache, when the runtime has one (default: the `node:module` export, if any). */
  enableCompileCache?: EnableCompileCache;
  /** Registers work to run when the process exits (default: `process.once('exit')`). */
  atExit?: (work: () => void) => void;
}

const HASH_BYTES = 32;

function sha256(data: Buffer): Buffer {
  return crypto.createHash('sha256').update(data).digest();
}

/** The file of our cache for `bundle` in `directory`. */
export function codeCacheFile(bundle: string, directory: string): string {
  return path.join(directory, `${path.basename(bundle)}.v8cache`);
}

function nodeCompileCache(): EnableCompileCache | undefined {
  const candidate = (nodeModule as unknown as { enableCompileCache?: unknown }).enableCompileCache;
  return typeof candidate === 'function' ? (candidate as EnableCompileCache) : undefined;
}

/** The bytecode kept for this exact text, if the file holds it whole. */
function readCache(file: string, sourceHash: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= 2 * HASH_BYTES || !data.subarray(0, HASH_BYTES).equals(sourceHash)) return undefined;
  const bytecode = data.subarray(2 * HASH_BYTES);
  return data.subarray(HASH_BYTES, 2 * HASH_BYTES).equals(sha256(bytecode)) ? bytecode : undefined;
}

/** Writes the cache through a temporary file and a rename, so that a reader never sees half of one. */
function writeCache(file: string, sourceHash: Buffer, bytecode: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, Buffer.concat([sourceHash, sha256(bytecode), bytecode]));
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed either: the next start writes again.
    }
  }
}

/** Runs the CommonJS bundle at `bundle` as `require` would, with its code cache in `directory`. */
export function runWithCodeCache(bundle: string, directory: string, options: CodeCacheOptions = {}): CodeCacheUse {
  const requireBundle = nodeModule.createRequire(bundle);
  if (options.disabled) {
    requireBundle(bundle);
    return 'off';
  }
  const enable = 'enableCompileCache' in options ? options.enableCompileCache : nodeCompileCache();
  if (enable) {
    let on: boolean;
    try {
      on = enable(directory).directory !== undefined;
    } catch {
      on = false;
    }
    if (on) {
      requireBundle(bundle);
      return 'node';
    }
  }
  const bytes = fs.readFileSync(bundle);
  const sourceHash = sha256(bytes);
  // A `#!` line is allowed only at the very start of a script: it becomes an empty line here.
  const source = bytes.toString('utf8').replace(/^#!.*/, '');
  const file = codeCacheFile(bundle, directory);
  const cachedData = readCache(file, sourceHash);
  // The wrapper's first line is its own, so that lines and columns of the bundle stay exact.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: bundle,
    lineOffset: -1,
    cachedData,
  });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const bundleModule = { exports: {}, filename: bundle, id: bundle, loaded: false, require: requireBundle };
  wrapper.call(bundleModule.exports, bundleModule.exports, requireBundle, bundleModule, bundle, path.dirname(bundle));
  bundleModule.loaded = true;
  if (accepted) return 'accepted';
  const atExit = options.atExit ?? ((work: () => void) => process.once('exit', work));
  atExit(() => writeCache(file, sourceHash, script.createCachedData()));
  return 'written-at-exit';
}
