// The run results in the editor: their own DiagnosticCollection (source `alloy-run`), refilled from
// scratch on every snapshot, so a newer run replaces the older one's diagnostics and a file without
// a run has none. Information severity: a past run's findings, not errors in the file.

import { Diagnostic, DiagnosticSeverity, languages, Range, Uri, type Disposable } from 'vscode';
import { runDiagnosticsByFile, RUN_DIAGNOSTIC_SOURCE, type RunDiagnosticsPorts } from './runDiagnostics';
import type { ModelSnapshot } from '../state/alloyModel';

export class RunDiagnosticsCollection implements Disposable {
  private readonly collection = languages.createDiagnosticCollection(RUN_DIAGNOSTIC_SOURCE);

  constructor(private readonly ports: RunDiagnosticsPorts) {}

  update(snapshot: ModelSnapshot): number {
    const byFile = runDiagnosticsByFile(snapshot.states.values(), this.ports);
    this.collection.clear();
    let count = 0;
    for (const [file, found] of byFile) {
      const diagnostics = found.map((d) => {
        const range = new Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const diagnostic = new Diagnostic(range, d.message, DiagnosticSeverity.Information);
        diagnostic.source = RUN_DIAGNOSTIC_SOURCE;
        diagnostic.code = d.code;
        return diagnostic;
      });
      count += diagnostics.length;
      this.collection.set(Uri.file(file), diagnostics);
    }
    return count;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
