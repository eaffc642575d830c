// Checks one file and sends its diagnostics; remembers what was sent so that a file that stops
// being an Alloy file, is deleted or moves away gets an empty list instead of stale problems.
// It is the one point where the server learns that a file was checked, whatever made it check (an
// edit, the start-up scan, a brief's fan-out, a disk event): `onSent` sees every list (the
// workspace symbol index; pull diagnostics, which stop the push, so that a pulling client gets
// exactly the lists a pushing client is sent) and `onChecked` every check (CodeLens refresh).
// Which files are shown is the workspace's rule (`isAlloyFile`): every `.alloy/` data file of the
// walked set with all its diagnostics, as `alloy check` reports them (a broken non-Alloy JSON there
// included), and elsewhere only files of an Alloy kind (a broken package.json stays quiet).

import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { FileReport } from '../core';
import { logFailure } from './handlerGuard';
import { toLspDiagnostic } from './lspDiagnostic';
import { PathSet } from './pathSet';
import type { ServerContext } from './serverContext';

export class DiagnosticsPublisher {
  /** file path → the URI its last list was sent to. */
  private readonly published = new Map<string, string>();
  /** The same paths, indexed by folder. */
  private readonly publishedPaths = new PathSet();
  /** Brief paths named by checked requests (existing or not). */
  private readonly briefPaths = new PathSet();

  private readonly sentListeners: ((sent: PublishDiagnosticsParams) => void)[] = [];
  private readonly checkedListeners: (() => void)[] = [];
  private pushing = true;

  constructor(private readonly context: ServerContext) {}

  /** Calls `listener` with each list before it is (or, in pull mode, would have been) sent. */
  onSent(listener: (sent: PublishDiagnosticsParams) => void): void {
    this.sentListeners.push(listener);
  }

  /** Calls `listener` after each `publish`, whatever it found. */
  onChecked(listener: () => void): void {
    this.checkedListeners.push(listener);
  }

  /** From now on lists only go to the `onSent` listeners: the client pulls them. */
  stopPushing(): void {
    this.pushing = false;
  }

  /** Checks a file against the current workspace and publishes the result (undefined: not an Alloy file). */
  publish(file: string): FileReport | undefined {
    const report = this.checkAndSend(file);
    for (const listener of this.checkedListeners) this.guard(`noting the check of ${file}`, listener);
    return report;
  }

  private checkAndSend(file: string): FileReport | undefined {
    const { workspace } = this.context;
    if (!workspace.isAlloyFile(file)) {
      // Not an Alloy file (or gone): only take back what was shown before.
      this.clear(file);
      return undefined;
    }
    const report = workspace.check(file);
    if (report.briefPath) this.briefPaths.add(report.briefPath);
    if (report.analysis?.kind === undefined && report.diagnostics.length === 0) {
      // Gone, or a clean `.alloy/` file of no Alloy kind. A file that exists but cannot be read
      // has no analysis and one diagnostic saying why, which is published.
      this.clear(file);
      return report;
    }
    const document = this.context.documentAt(file);
    const uri = this.context.uriOf(file);
    const previousUri = this.published.get(report.path);
    if (previousUri !== undefined && previousUri !== uri) this.send(previousUri, []);
    this.published.set(report.path, uri);
    this.publishedPaths.add(report.path);
    this.send(uri, report.diagnostics.map(toLspDiagnostic), document?.version);
    return report;
  }

  /** Sends an empty list for a file that had diagnostics published. */
  clear(file: string): void {
    const p = path.resolve(file);
    const uri = this.published.get(p);
    if (uri === undefined) return;
    this.published.delete(p);
    this.publishedPaths.delete(p);
    this.send(uri, []);
  }

  isPublished(file: string): boolean {
    return this.published.has(path.resolve(file));
  }

  /** How many files have a list shown. */
  get publishedCount(): number {
    return this.published.size;
  }

  /**
   * Files the server knows of at or below `target`: published files and named brief paths, sorted.
   * In time proportional to the answer (a mass delete asks once per deleted file).
   */
  knownFilesAt(target: string): string[] {
    const root = path.resolve(target);
    const known = new Set([...this.publishedPaths.atOrBelow(root), ...this.briefPaths.atOrBelow(root)]);
    return [...known].sort();
  }

  private send(uri: string, diagnostics: ReturnType<typeof toLspDiagnostic>[], version?: number): void {
    const params: PublishDiagnosticsParams = { uri, version, diagnostics };
    for (const listener of this.sentListeners) this.guard(`noting the diagnostics of ${uri}`, () => listener(params));
    if (this.pushing) void this.context.connection.sendDiagnostics(params);
  }

  /** A listener's failure is logged; the check and the lists go on. */
  private guard(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      logFailure(this.context.connection, what, error);
    }
  }
}
