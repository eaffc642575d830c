// The analysed workspace: open-editor text over disk text, per-content caches, and the reverse
// index from each brief to the requests that name it. No editor or LSP types.
//
// Memory is bounded: what was read from disk and analysed is kept in one least-recently-used cache
// (FILE_CACHE_LIMITS), open-editor text only while it is open, and the analysis of a file that is
// not an Alloy file and lies outside the walked set (a package.json opened in the editor) is not
// kept at all. Open-editor text is held to the same size cap as a disk read (MAX_FILE_BYTES,
// counted in UTF-8 bytes), so a huge open document is refused as `file-too-large`, never parsed.

import type { AlloyDiagnostic, RelatedInformation } from '../document/diagnostic';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../document/diagnosticCodes';
import { formatOfPath } from '../document/fileKind';
import { analyzeFile, mayBeAlloyFile, type DocumentParser, type FileAnalysis } from '../rules/fileAnalysis';
import { BoundedCache, type CacheLimits } from './boundedCache';
import { MAX_FILE_BYTES, readProblemText, type FileRead, type FileSystemHost } from './fileSystemHost';
import { utf8ByteLength } from './utf8Length';
import { isScannedFile } from './workspaceScan';
import { finalizeDiagnostics } from '../rules/finalizeDiagnostics';
import { checkRequestAgainstBrief, type BriefLookup } from '../rules/requestBriefRules';
import { requestByteOrderMarkDiagnostic, startsWithByteOrderMark } from '../rules/requestByteOrderMark';
import { CachedPathHost } from './cachedPathHost';
import { resolvedPath } from './normalPaths';
import { escapedOnRead } from './repositoryPaths';
import { stringValueAt } from '../document/syntaxTree';
import { parseDocument } from '../document/parsedDocument';

export interface FileReport {
  path: string;
  analysis: FileAnalysis | undefined;
  diagnostics: AlloyDiagnostic[];
  /** Request only: where its brief is (or would be). */
  briefPath?: string;
}

/** How much the workspace keeps of files it read or analysed (open-editor text aside). */
export const FILE_CACHE_LIMITS: CacheLimits = { entries: 2048, weight: 8 * 1024 * 1024 };

/** What is kept of one file: its disk read (until invalidated) and its last analysis, with the text analysed. */
interface CachedFile {
  disk?: FileRead;
  analysed?: { text: string; analysis: FileAnalysis };
}

/** An open document's text, and the read it stands for (`too-large` past the cap). */
interface Overlay {
  text: string;
  read: FileRead;
  /** The text holds U+FFFD: it may be an editor's lossy decoding of bytes that are not UTF-8. */
  mayBeLossy: boolean;
  /** Whether the file on disk starts with a byte order mark, once asked (until the file changes). */
  savedByteOrderMark?: boolean;
}

/** A file's diagnostic as related information of another file's: its place, `code: message`. */
function relatedOf(file: string, d: AlloyDiagnostic): RelatedInformation {
  return { file, range: d.range, message: `${d.code}: ${d.message}` };
}

function weightOf(entry: CachedFile): number {
  const disk = entry.disk?.ok ? entry.disk.text : undefined;
  const analysed = entry.analysed?.text;
  return (disk?.length ?? 0) + (analysed !== undefined && analysed !== disk ? analysed.length : 0);
}

export class AlloyWorkspace {
  private readonly overlays = new Map<string, Overlay>();
  /** Disk reads and analyses by path, least recently used first. */
  private readonly files: BoundedCache<string, CachedFile>;
  /** brief path → requests naming it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** request path → the brief path it named at its last check. */
  private readonly briefOfRequest = new Map<string, string>();
  /** A brief analysis → its own errors as related information (computed once per brief text). */
  private readonly briefErrors = new WeakMap<FileAnalysis, RelatedInformation[]>();
  /** Folder-structure look-ups (stat, realpath), kept until any file event. */
  private readonly paths: CachedPathHost;

  /** `parse` reads a text as data; the differential tests pass the slow path only. */
  constructor(
    private readonly host: FileSystemHost,
    private readonly workspaceFolders: readonly string[] = [],
    private readonly parse: DocumentParser = parseDocument,
    limits: CacheLimits = FILE_CACHE_LIMITS,
  ) {
    this.paths = new CachedPathHost(host);
    this.files = new BoundedCache(limits, weightOf);
  }

  /** Open-editor text wins over disk text; past MAX_FILE_BYTES (UTF-8) it reads as too large, as on disk. */
  setOverlay(file: string, text: string): void {
    const size = text.length * 3 <= MAX_FILE_BYTES ? 0 : utf8ByteLength(text);
    const read: FileRead = size > MAX_FILE_BYTES ? { ok: false, problem: 'too-large', size } : { ok: true, text };
    const p = resolvedPath(file);
    const savedByteOrderMark = this.overlays.get(p)?.savedByteOrderMark;
    this.overlays.set(p, { text, read, mayBeLossy: read.ok && text.includes('\uFFFD'), savedByteOrderMark });
  }

  removeOverlay(file: string): void {
    this.overlays.delete(resolvedPath(file));
  }

  /** Forget what was read from disk (the file changed, appeared or disappeared). */
  invalidate(file: string): void {
    const p = resolvedPath(file);
    const overlay = this.overlays.get(p);
    if (overlay) overlay.savedByteOrderMark = undefined;
    const entry = this.files.peek(p);
    if (entry?.disk) {
      if (entry.analysed) this.files.set(p, { analysed: entry.analysed });
      else this.files.delete(p);
    }
    this.paths.clear();
  }

  /** Drop a file entirely (deleted, or moved away); the reverse index forgets its brief link. */
  forget(file: string): void {
    const p = resolvedPath(file);
    this.files.delete(p);
    this.paths.clear();
    this.unlink(p);
  }

  /**
   * Lets go of a file's text and analysis (a one-pass check keeps memory flat this way; so does a
   * closed editor document); folder caches and the brief links stay. A later look at the file
   * reads and analyses it again.
   */
  release(file: string): void {
    this.files.delete(resolvedPath(file));
  }

  /** How many files' reads or analyses are kept, and their total characters (memory bounds, for tests). */
  get cached(): { files: number; characters: number; overlays: number } {
    return { files: this.files.size, characters: this.files.weight, overlays: this.overlays.size };
  }

  /**
   * Whether the file is one Alloy reports on by itself: a data file of the walked set (the
   * `.alloy/` files the start-up scan and `alloy check <folder>` list: all of their diagnostics,
   * a broken non-Alloy JSON included), else a file `analyzeFile` gives an Alloy kind (by its
   * `schema_version`, its folder or its pre-v1 brief keys). Most other files cost a scan of their
   * text (`mayBeAlloyFile`) and are never parsed; none has its analysis kept.
   */
  isAlloyFile(file: string): boolean {
    const p = resolvedPath(file);
    if (formatOfPath(p) === undefined) return false;
    if (isScannedFile(p)) return true;
    const overlay = this.overlays.get(p);
    const read = overlay?.read ?? this.readResolved(p);
    // Unreadable (too large, not UTF-8): the read diagnostic is shown unless the text, when there
    // is one in memory, cannot be an Alloy file.
    if (!read.ok) return read.problem !== 'missing' && (overlay === undefined || mayBeAlloyFile(p, overlay.text));
    return mayBeAlloyFile(p, read.text) && this.analysisResolved(p)?.kind !== undefined;
  }

  textOf(file: string): string | undefined {
    const read = this.readResolved(resolvedPath(file));
    return read.ok ? read.text : undefined;
  }

  /** The file's text (open-editor text first), or why it cannot be had. */
  readOf(file: string): FileRead {
    return this.readResolved(resolvedPath(file));
  }

  private readResolved(p: string): FileRead {
    const overlay = this.overlays.get(p);
    if (overlay !== undefined) return overlay.mayBeLossy ? this.lossyOverlayRead(p, overlay) : overlay.read;
    return this.diskRead(p);
  }

  private diskRead(p: string): FileRead {
    const entry = this.files.get(p);
    if (entry?.disk) return entry.disk;
    const read = this.host.readFile(p);
    this.files.set(p, { ...entry, disk: read });
    return read;
  }

  /**
   * An editor shows a file whose bytes are not UTF-8 with U+FFFD in place of the bad bytes, and
   * that text is not the file: it would be hashed and fixed as other bytes. When the file on disk
   * is not UTF-8 and the open text has U+FFFD where the first bad byte is (one place earlier
   * when the editor dropped a byte order mark), the file reads as on disk: `file-not-utf8`, as
   * `alloy check` says. Once the editor's text no longer has it there, the text is analysed.
   */
  private lossyOverlayRead(p: string, overlay: Overlay): FileRead {
    const disk = this.diskRead(p);
    if (disk.ok || disk.problem !== 'not-utf8') return overlay.read;
    const at = disk.textOffset;
    const shown = overlay.text.charCodeAt(at) === 0xfffd || (at > 0 && overlay.text.charCodeAt(at - 1) === 0xfffd);
    return shown ? disk : overlay.read;
  }

  /** The file's own analysis, recomputed only when its text changed. */
  analysisOf(file: string): FileAnalysis | undefined {
    return this.analysisResolved(resolvedPath(file));
  }

  private analysisResolved(p: string): FileAnalysis | undefined {
    const read = this.readResolved(p);
    const entry = this.files.get(p);
    if (!read.ok) {
      // An analysis of text that is gone (a closed document over a missing file) is not kept.
      if (entry?.analysed && entry.disk) this.files.set(p, { disk: entry.disk });
      else if (entry?.analysed) this.files.delete(p);
      return undefined;
    }
    const text = read.text;
    if (entry?.analysed?.text === text) return entry.analysed.analysis;
    const analysis = analyzeFile(p, text, this.parse, entry?.analysed?.analysis);
    if (!analysis) return undefined;
    // Another file (not an Alloy kind, outside `.alloy/`) is analysed when asked, never kept.
    const kept = analysis.kind !== undefined || isScannedFile(p);
    const disk = entry?.disk;
    if (kept) this.files.set(p, { disk, analysed: { text, analysis } });
    else if (entry?.analysed && disk) this.files.set(p, { disk });
    else if (entry?.analysed) this.files.delete(p);
    return analysis;
  }

  /** Requests that named this brief path when they were last checked. */
  dependentsOf(briefFile: string): string[] {
    return [...(this.dependents.get(resolvedPath(briefFile)) ?? [])];
  }

  /** The repository root a file belongs to (SPEC §1). */
  rootOf(file: string): string {
    return this.paths.rootOf(resolvedPath(file), this.workspaceFolders);
  }

  /** Diagnostics of a file: its own, plus, for a request, those against its brief. */
  check(file: string): FileReport {
    const p = resolvedPath(file);
    const analysis = this.analysisResolved(p);
    if (!analysis) {
      this.unlink(p);
      return { path: p, analysis, diagnostics: this.readDiagnostics(p) };
    }
    const pending = [...analysis.diagnostics];
    if (analysis.kind === 'request' && this.onlySavedFileHasByteOrderMark(p, analysis)) pending.push(requestByteOrderMarkDiagnostic());
    let briefPath: string | undefined;
    if (analysis.kind === 'request') {
      const lookup = this.lookupBrief(analysis);
      if (lookup) {
        if (lookup.kind !== 'escapes') briefPath = lookup.path;
        pending.push(...checkRequestAgainstBrief(analysis, lookup));
      }
    }
    this.link(p, briefPath);
    return { path: p, analysis, diagnostics: finalizeDiagnostics(pending, analysis), briefPath };
  }

  /**
   * An open request whose editor text has no byte order mark while the file on disk starts with
   * one: editors keep the mark out of the text, and submitting sends the saved bytes.
   */
  private onlySavedFileHasByteOrderMark(p: string, analysis: FileAnalysis): boolean {
    const overlay = this.overlays.get(p);
    if (!overlay || startsWithByteOrderMark(analysis.text)) return false;
    // Read once per change of the file, and not kept as the file's disk text: an open request
    // costs no second copy in the cache.
    if (overlay.savedByteOrderMark === undefined) {
      const disk = this.files.peek(p)?.disk ?? this.host.readFile(p);
      overlay.savedByteOrderMark = disk.ok && startsWithByteOrderMark(disk.text);
    }
    return overlay.savedByteOrderMark;
  }

  /** Finds and analyses the brief a request (an analysis of this workspace) names, without ever reading outside its root. */
  lookupBrief(request: FileAnalysis): BriefLookup | undefined {
    const localPath = stringValueAt(request.value, ['brief', 'local_path']);
    if (localPath === undefined || localPath.length === 0) return undefined;
    const location = this.paths.briefLocation(this.paths.rootOf(request.path, this.workspaceFolders), localPath);
    if (location.kind === 'escapes') return location;
    const brief = this.analysisResolved(location.path);
    if (!brief) return escapedOnRead(localPath, this.readResolved(location.path)) ?? this.notFound(location.path);
    return { kind: 'found', path: location.path, brief, briefErrors: this.errorsOf(brief) };
  }

  /** No brief at `file`: when something is there but cannot be read, why, with the file's own diagnostic as related information. */
  private notFound(file: string): Extract<BriefLookup, { kind: 'not-found' }> {
    const read = this.readResolved(file);
    if (read.ok || read.problem === 'missing') return { kind: 'not-found', path: file };
    // A folder has no diagnostic of its own to point at (an editor cannot open it as a document).
    const own = read.problem === 'unreadable' && read.entry === 'folder' ? [] : this.readDiagnostics(file);
    return { kind: 'not-found', path: file, unreadable: { problem: readProblemText(read), related: own.map((d) => relatedOf(file, d)) } };
  }

  /**
   * A file that exists but cannot be analysed says why (SPEC: never silence): at its start, or on
   * the first byte that is not UTF-8 (one character: where an editor shows U+FFFD).
   */
  private readDiagnostics(file: string): AlloyDiagnostic[] {
    const read = this.readResolved(file);
    if (read.ok || read.problem === 'missing' || formatOfPath(file) === undefined) return [];
    const code: DiagnosticCode =
      read.problem === 'too-large' ? 'file-too-large' : read.problem === 'not-utf8' ? 'file-not-utf8' : 'file-unreadable';
    const message = `${capitalized(readProblemText(read))}, so it is not analysed.`;
    const diagnostic = { code, severity: DIAGNOSTIC_CODES[code].severity, message };
    if (read.problem === 'not-utf8') {
      const start = { line: read.line, character: read.character };
      const end = { line: read.line, character: read.character + 1 };
      return [{ ...diagnostic, span: { offset: read.textOffset, length: 1 }, range: { start, end } }];
    }
    const start = { line: 0, character: 0 };
    return [{ ...diagnostic, span: { offset: 0, length: 0 }, range: { start, end: start } }];
  }

  private errorsOf(brief: FileAnalysis): RelatedInformation[] {
    let errors = this.briefErrors.get(brief);
    if (!errors) {
      errors = finalizeDiagnostics(brief.diagnostics, brief)
        .filter((d) => d.severity === 'error')
        .map((d) => relatedOf(brief.path, d));
      this.briefErrors.set(brief, errors);
    }
    return errors;
  }

  private link(request: string, brief: string | undefined): void {
    const previous = this.briefOfRequest.get(request);
    if (previous === brief) return;
    this.unlink(request);
    if (brief === undefined) return;
    this.briefOfRequest.set(request, brief);
    let set = this.dependents.get(brief);
    if (!set) this.dependents.set(brief, (set = new Set()));
    set.add(request);
  }

  private unlink(request: string): void {
    const previous = this.briefOfRequest.get(request);
    if (previous === undefined) return;
    this.briefOfRequest.delete(request);
    const set = this.dependents.get(previous);
    set?.delete(request);
    if (set && set.size === 0) this.dependents.delete(previous);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
