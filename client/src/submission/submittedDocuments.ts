// "Compare with Submitted": the bytes the ledger recorded for a submission as a read-only
// `alloy-submitted:` document, diffed against the request file as it is now. The URI names a
// submission id only; the bytes come from the ledger through the engine (checked against their
// recorded sha256).

import * as path from 'node:path';
import { commands, EventEmitter, Uri, type Event, type TextDocumentContentProvider } from 'vscode';
import { submittedBytes, utcMinute, type SubmissionSummary } from '../../../server/src/submission';
import type { AlloyLog } from '../log';
import { documentText, parseSubmittedDocumentPath, SUBMITTED_SCHEME, submittedDocumentPath } from '../reports/virtualDocuments';
import type { EngineHost } from './engineHost';

export class SubmittedDocuments implements TextDocumentContentProvider {
  private readonly changes = new EventEmitter<Uri>();
  readonly onDidChange: Event<Uri> = this.changes.event;

  constructor(
    private readonly engine: EngineHost,
    private readonly log: AlloyLog,
  ) {}

  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const parsed = parseSubmittedDocumentPath(uri.path);
    if (!parsed) return `This is not an Alloy submission address: ${uri.toString()}`;
    const bytes = await submittedBytes(parsed.submission, this.engine.ports);
    if (!bytes.ok) return `The submitted bytes of ${parsed.submission} cannot be shown: ${bytes.reason}.`;
    const text = documentText(bytes.bytes);
    return text.ok ? text.text : `The submitted bytes of ${parsed.submission} cannot be shown as text: ${text.reason}.`;
  }

  /** Opens the diff: the recorded bytes (left, read-only) against the file (right). */
  async compare(submission: Pick<SubmissionSummary, 'submission' | 'at' | 'requestId'>, file: string): Promise<void> {
    const left = Uri.from({ scheme: SUBMITTED_SCHEME, path: submittedDocumentPath(submission.submission, file) });
    this.changes.fire(left);
    const title = `${path.basename(file)}: submitted ${utcMinute(submission.at)} ↔ now`;
    await commands.executeCommand('vscode.diff', left, Uri.file(file), title, { preview: true });
    this.log.info(`Compare with Submitted: ${submission.requestId} (${submission.submission}) against ${file}.`);
  }
}
