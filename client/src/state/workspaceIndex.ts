// The workspace's requests and briefs as the extension host sees them, through the same analysis
// core as the language server and `alloy check`: open-editor text over disk text, which request
// names which brief (for "N requests name this brief"), which file holds a request id (for Import
// Report…), and the repository roots that have `.alloy/` folders. Pure: files and folder listing
// are ports.

import * as path from 'node:path';
import {
  AlloyWorkspace,
  walkAlloyFiles,
  type DirectoryLister,
  type FileAnalysis,
  type FileReport,
  type FileSystemHost,
} from '../../../server/src/core';

export interface IndexPorts {
  files: FileSystemHost;
  lister: DirectoryLister;
  /** The workspace folders, absolute. */
  folders(): readonly string[];
  /** A view that failed on a change (the others still hear of it). */
  onListenerError?(error: unknown): void;
}

export interface IndexedRequest {
  file: string;
  requestId?: string;
  /** Where its `brief.local_path` leads, when it resolves inside the root. */
  briefPath?: string;
  root: string;
}

function stringMember(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

/** For a file under `<root>/.alloy/reports/`, that root: report files are listed by the reports library, not analysed here. */
export function reportsRootOf(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === '.alloy' && parts[i + 1] === 'reports') return parts.slice(0, i).join(path.sep) || path.sep;
  }
  return undefined;
}

export class WorkspaceIndex {
  private workspace: AlloyWorkspace;
  private readonly overlays = new Map<string, string>();
  private readonly requests = new Map<string, IndexedRequest>();
  private readonly rootsSeen = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private scanning: Promise<string[]> | undefined;

  constructor(private readonly ports: IndexPorts) {
    this.workspace = new AlloyWorkspace(ports.files, ports.folders());
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        // One failing view does not stop the others.
        this.ports.onListenerError?.(error);
      }
    }
  }

  /** The folders changed: start over (open-editor text is kept) and scan again. */
  async resetFolders(): Promise<string[]> {
    this.workspace = new AlloyWorkspace(this.ports.files, this.ports.folders());
    for (const [file, text] of this.overlays) this.workspace.setOverlay(file, text);
    this.requests.clear();
    this.rootsSeen.clear();
    return this.scan();
  }

  /** Walks every folder with the core's one walker and indexes each request; resolves with the folders that could not be listed. */
  scan(): Promise<string[]> {
    this.scanning ??= (async () => {
      const unlisted: string[] = [];
      for (const folder of this.ports.folders()) {
        const walk = await walkAlloyFiles(folder, this.ports.lister);
        unlisted.push(...walk.unlisted);
        for (const file of walk.files) {
          const reportsRoot = reportsRootOf(file);
          if (reportsRoot !== undefined) this.rootsSeen.add(reportsRoot);
          else this.index(file);
        }
      }
      this.changed();
      return unlisted;
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  setOverlay(file: string, text: string): void {
    const p = path.resolve(file);
    if (this.overlays.get(p) === text) return;
    this.overlays.set(p, text);
    this.workspace.setOverlay(p, text);
    this.index(p);
    this.changed();
  }

  removeOverlay(file: string): void {
    const p = path.resolve(file);
    if (!this.overlays.delete(p)) return;
    this.workspace.removeOverlay(p);
    this.workspace.invalidate(p);
    this.index(p);
    this.changed();
  }

  /** A file was created or changed on disk. */
  fileChanged(file: string): void {
    const p = path.resolve(file);
    const reportsRoot = reportsRootOf(p);
    if (reportsRoot !== undefined) {
      if (!this.rootsSeen.has(reportsRoot)) {
        this.rootsSeen.add(reportsRoot);
        this.changed();
      }
      return;
    }
    this.workspace.invalidate(p);
    this.index(p);
    this.changed();
  }

  /** A file was deleted. */
  fileDeleted(file: string): void {
    const p = path.resolve(file);
    this.workspace.forget(p);
    this.requests.delete(p);
    this.changed();
  }

  check(file: string): FileReport {
    return this.workspace.check(file);
  }

  analysisOf(file: string): FileAnalysis | undefined {
    return this.workspace.analysisOf(file);
  }

  rootOf(file: string): string {
    return this.workspace.rootOf(file);
  }

  /** The requests whose brief is this file, by path. */
  requestsNaming(briefFile: string): IndexedRequest[] {
    const p = path.resolve(briefFile);
    return [...this.requests.values()].filter((r) => r.briefPath === p).sort((a, b) => (a.file < b.file ? -1 : 1));
  }

  /** The request files that carry this request id. */
  requestFilesOf(requestId: string): IndexedRequest[] {
    return [...this.requests.values()].filter((r) => r.requestId === requestId);
  }

  request(file: string): IndexedRequest | undefined {
    return this.requests.get(path.resolve(file));
  }

  /** Repository roots of every Alloy file seen. */
  roots(): string[] {
    return [...this.rootsSeen].sort();
  }

  private index(file: string): void {
    const report = this.workspace.check(file);
    const analysis = report.analysis;
    if (analysis?.kind === undefined) {
      this.requests.delete(file);
      return;
    }
    const root = this.workspace.rootOf(file);
    this.rootsSeen.add(root);
    if (analysis.kind !== 'request') {
      this.requests.delete(file);
      return;
    }
    this.requests.set(file, {
      file,
      root,
      ...(stringMember(analysis.value, 'request_id') === undefined ? {} : { requestId: stringMember(analysis.value, 'request_id') }),
      ...(report.briefPath === undefined ? {} : { briefPath: report.briefPath }),
    });
  }
}
