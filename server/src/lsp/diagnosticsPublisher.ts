// Checks one file and sends its diagnostics; remembers what was sent so that a file that stops
// being an Alloy file, is deleted or moves away gets an empty list instead of stale problems.

import * as path from 'node:path';
import { isInside, type FileReport } from '../core';
import { toLspDiagnostic } from './lspDiagnostic';
import type { ServerContext } from './serverContext';

export class DiagnosticsPublisher {
  /** file path → the URI its last list was sent to. */
  private readonly published = new Map<string, string>();
  /** Brief paths named by checked requests (existing or not). */
  private readonly briefPaths = new Set<string>();

  constructor(private readonly context: ServerContext) {}

  /** Checks a file against the current workspace and publishes the result. */
  publish(file: string): FileReport {
    const report = this.context.workspace.check(file);
    if (report.briefPath) this.briefPaths.add(report.briefPath);
    const notAlloy = report.analysis ? report.analysis.kind === undefined : report.diagnostics.length === 0;
    if (notAlloy) {
      // Not an Alloy file (or gone): only take back what was shown before. A file that exists but
      // cannot be read has no analysis and one diagnostic saying why, which is published.
      this.clear(file);
      return report;
    }
    const document = this.context.documentAt(file);
    const uri = this.context.uriOf(file);
    const previousUri = this.published.get(report.path);
    if (previousUri !== undefined && previousUri !== uri) this.send(previousUri, []);
    this.published.set(report.path, uri);
    this.send(uri, report.diagnostics.map(toLspDiagnostic), document?.version);
    return report;
  }

  /** Sends an empty list for a file that had diagnostics published. */
  clear(file: string): void {
    const p = path.resolve(file);
    const uri = this.published.get(p);
    if (uri === undefined) return;
    this.published.delete(p);
    this.send(uri, []);
  }

  isPublished(file: string): boolean {
    return this.published.has(path.resolve(file));
  }

  /** Files the server knows of at or below `target`: published files and named brief paths. */
  knownFilesAt(target: string): string[] {
    const root = path.resolve(target);
    const known = new Set<string>();
    for (const file of [...this.published.keys(), ...this.briefPaths]) {
      if (isInside(root, file)) known.add(file);
    }
    return [...known].sort();
  }

  private send(uri: string, diagnostics: ReturnType<typeof toLspDiagnostic>[], version?: number): void {
    void this.context.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}
