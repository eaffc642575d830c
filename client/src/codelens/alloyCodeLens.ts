// The extension's CodeLens above requests (lensTitles.ts decides the words), on the first line of
// the file: submit with its target, the last submission and its report. The digest ✓/✗ and key ✓/✗
// rows above a request and the brief's rows come from the language server (the same in every
// editor); `alloy.codeLens.enabled` turns both off (languageClient.ts passes it to the server).
// Refreshed on edits, file, ledger and report changes.

import { CodeLens, EventEmitter, Range, Uri, type CancellationToken, type CodeLensProvider, type Event, type TextDocument } from 'vscode';
import type { AlloyConfig } from '../config';
import type { ViewFacts } from '../state/viewFacts';
import { submitTargetOf } from '../state/submitTarget';
import { requestLenses, type LensAction, type LensSpec } from './lensTitles';

export interface LensDeps {
  config(): AlloyConfig;
  viewFacts(file: string, text: string): ViewFacts;
  now(): number;
  time(iso: string): string;
}

function commandOf(action: LensAction, spec: LensSpec, uri: Uri, requestId: string | undefined): CodeLens['command'] {
  const base = { title: spec.title, tooltip: spec.tooltip };
  switch (action) {
    case 'submit':
      return { ...base, command: 'alloy.submitRequest', arguments: [uri] };
    case 'show-reports':
      return { ...base, command: 'alloy.showReports', arguments: [requestId] };
    case 'show-problems':
      return { ...base, command: 'workbench.actions.view.problems' };
    case 'open-settings':
      return { ...base, command: 'workbench.action.openSettings', arguments: ['alloy.submit'] };
    case 'none':
      return { ...base, command: '' };
  }
}

export class AlloyCodeLens implements CodeLensProvider {
  private readonly changes = new EventEmitter<void>();
  readonly onDidChangeCodeLenses: Event<void> = this.changes.event;

  constructor(private readonly deps: LensDeps) {}

  refresh(): void {
    this.changes.fire();
  }

  provideCodeLenses(document: TextDocument, token: CancellationToken): CodeLens[] {
    const config = this.deps.config();
    if (!config.codeLensEnabled || document.uri.scheme !== 'file' || token.isCancellationRequested) return [];
    const view = this.deps.viewFacts(document.uri.fsPath, document.getText());
    const facts = view.facts;
    if (facts.kind !== 'request') return [];
    const specs = requestLenses({
      facts,
      target: submitTargetOf(config, facts.projectId),
      ...(view.last ? { last: view.last } : {}),
      ...(view.sending ? { sending: view.sending } : {}),
      now: this.deps.now(),
      time: this.deps.time,
    });
    const range = new Range(0, 0, 0, 0);
    return specs.map((spec) => new CodeLens(range, commandOf(spec.action, spec, document.uri, facts.requestId)));
  }
}
