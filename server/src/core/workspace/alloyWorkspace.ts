// The analysed workspace: open-editor text over disk text, per-content caches, and the reverse
// index from each brief to the requests that name it. No editor or LSP types.

import * as path from 'node:path';
import type { AlloyDiagnostic, RelatedInformation } from '../document/diagnostic';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../document/diagnosticCodes';
import { formatOfPath } from '../document/fileKind';
import { analyzeFile, type DocumentParser, type FileAnalysis } from '../rules/fileAnalysis';
import { readProblemText, type FileRead, type FileSystemHost } from './fileSystemHost';
import { finalizeDiagnostics } from '../rules/finalizeDiagnostics';
import { checkRequestAgainstBrief, type BriefLookup } from '../rules/requestBriefRules';
import { CachedPathHost } from './cachedPathHost';
import { stringValueAt } from '../document/syntaxTree';
import { parseDocument } from '../document/parsedDocument';

export interface FileReport {
  path: string;
  analysis: FileAnalysis | undefined;
  diagnostics: AlloyDiagnostic[];
  /** Request only: where its brief is (or would be). */
  briefPath?: string;
}

export class AlloyWorkspace {
  private readonly overlays = new Map<string, string>();
  private readonly diskReads = new Map<string, FileRead>();
  private readonly analyses = new Map<string, FileAnalysis | undefined>();
  private readonly analysisText = new Map<string, string>();
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
  ) {
    this.paths = new CachedPathHost(host);
  }

  /** Open-editor text wins over disk text. */
  setOverlay(file: string, text: string): void {
    this.overlays.set(path.resolve(file), text);
  }

  removeOverlay(file: string): void {
    this.overlays.delete(path.resolve(file));
  }

  /** Forget what was read from disk (the file changed, appeared or disappeared). */
  invalidate(file: string): void {
    this.diskReads.delete(path.resolve(file));
    this.paths.clear();
  }

  /** Drop a file entirely (deleted, or moved away); the reverse index forgets its brief link. */
  forget(file: string): void {
    const p = path.resolve(file);
    this.invalidate(p);
    this.analyses.delete(p);
    this.analysisText.delete(p);
    this.unlink(p);
  }

  /**
   * Lets go of a file's text and analysis (a one-pass check keeps memory flat this way); folder
   * caches and the brief links stay. A later look at the file reads and analyses it again.
   */
  release(file: string): void {
    const p = path.resolve(file);
    this.diskReads.delete(p);
    this.analyses.delete(p);
    this.analysisText.delete(p);
  }

  textOf(file: string): string | undefined {
    const read = this.readResolved(path.resolve(file));
    return read.ok ? read.text : undefined;
  }

  /** The file's text (open-editor text first), or why it cannot be had. */
  readOf(file: string): FileRead {
    return this.readResolved(path.resolve(file));
  }

  private readResolved(p: string): FileRead {
    const overlay = this.overlays.get(p);
    if (overlay !== undefined) return { ok: true, text: overlay };
    let read = this.diskReads.get(p);
    if (!read) this.diskReads.set(p, (read = this.host.readFile(p)));
    return read;
  }

  /** The file's own analysis, recomputed only when its text changed. */
  analysisOf(file: string): FileAnalysis | undefined {
    return this.analysisResolved(path.resolve(file));
  }

  private analysisResolved(p: string): FileAnalysis | undefined {
    const read = this.readResolved(p);
    if (!read.ok) return undefined;
    const text = read.text;
    if (this.analysisText.get(p) === text) return this.analyses.get(p);
    const analysis = analyzeFile(p, text, this.parse, this.analyses.get(p));
    this.analyses.set(p, analysis);
    this.analysisText.set(p, text);
    return analysis;
  }

  /** Requests that named this brief path when they were last checked. */
  dependentsOf(briefFile: string): string[] {
    return [...(this.dependents.get(path.resolve(briefFile)) ?? [])];
  }

  /** The repository root a file belongs to (SPEC §1). */
  rootOf(file: string): string {
    return this.paths.rootOf(path.resolve(file), this.workspaceFolders);
  }

  /** Diagnostics of a file: its own, plus, for a request, those against its brief. */
  check(file: string): FileReport {
    const p = path.resolve(file);
    const analysis = this.analysisResolved(p);
    if (!analysis) {
      this.unlink(p);
      return { path: p, analysis, diagnostics: this.readDiagnostics(p) };
    }
    const pending = [...analysis.diagnostics];
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

  /** Finds and analyses the brief a request (an analysis of this workspace) names, without ever reading outside its root. */
  lookupBrief(request: FileAnalysis): BriefLookup | undefined {
    const localPath = stringValueAt(request.value, ['brief', 'local_path']);
    if (localPath === undefined || localPath.length === 0) return undefined;
    const location = this.paths.briefLocation(this.paths.rootOf(request.path, this.workspaceFolders), localPath);
    if (location.kind === 'escapes') return location;
    const brief = this.analysisResolved(location.path);
    if (!brief) return { kind: 'not-found', path: location.path };
    return { kind: 'found', path: location.path, brief, briefErrors: this.errorsOf(brief) };
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
        .map((d) => ({ file: brief.path, range: d.range, message: `${d.code}: ${d.message}` }));
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
