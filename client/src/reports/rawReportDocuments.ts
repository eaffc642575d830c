// "Show raw JSON": a stored report as received, in a read-only editor (`alloy-report:` documents).
// The URI names a request id and a file name; the provider serves only a report the extension has
// listed under that id, so a crafted URI cannot read any other file.

import * as path from 'node:path';
import { EventEmitter, languages, Uri, ViewColumn, window, workspace, type Event, type TextDocumentContentProvider } from 'vscode';
import type { AlloyLog } from '../log';
import type { AlloyModel } from '../state/alloyModel';
import { shownReportOf } from './panelState';
import { documentText, parseReportDocumentPath, REPORT_SCHEME, reportDocumentPath } from './virtualDocuments';

export class RawReportDocuments implements TextDocumentContentProvider {
  private readonly changes = new EventEmitter<Uri>();
  readonly onDidChange: Event<Uri> = this.changes.event;

  constructor(
    private readonly model: AlloyModel,
    private readonly log: AlloyLog,
  ) {}

  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const parsed = parseReportDocumentPath(uri.path);
    if (!parsed) return `This is not an Alloy report address: ${uri.toString()}`;
    const report = this.model.snapshot.reports.find((r) => r.requestId === parsed.requestId && path.basename(r.file) === parsed.fileName);
    if (!report) return `No stored report ${parsed.fileName} is known for ${parsed.requestId} (it may have been removed).`;
    try {
      const bytes = await workspace.fs.readFile(Uri.file(report.file));
      const text = documentText(bytes);
      return text.ok ? text.text : `The report ${report.file} cannot be shown as text: ${text.reason}.`;
    } catch (error) {
      return `The report ${report.file} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Opens the report the panel shows for a request. */
  async open(requestId: string): Promise<void> {
    const state = this.model.snapshot.states.get(requestId);
    const report = state ? shownReportOf(state) : undefined;
    if (!report) {
      void window.showInformationMessage(`No report has arrived for ${requestId} yet.`);
      return;
    }
    const uri = Uri.from({ scheme: REPORT_SCHEME, path: reportDocumentPath(requestId, report.file) });
    this.changes.fire(uri);
    const document = await workspace.openTextDocument(uri);
    const shown = document.languageId === 'json' ? document : await languages.setTextDocumentLanguage(document, 'json');
    await window.showTextDocument(shown, { viewColumn: ViewColumn.One, preview: true });
    this.log.info(`Opened the raw report ${report.file}.`);
  }
}
