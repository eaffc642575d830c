// What the commands and views share: the log, the settings, the engine's ports, the model of the
// ledger and reports, the workspace index, the sends in progress, the submit flow, the token, the
// panel and the virtual documents, plus the few helpers every command needs (which file a command
// is about, how to carry out a notice's action).

import type { ExtensionContext } from 'vscode';
import type { AlloyConfig } from './config';
import type { AlloyLog } from './log';
import type { RawReportDocuments } from './reports/rawReportDocuments';
import type { ReportsPanelHost } from './reports/reportsPanel';
import type { AlloyModel } from './state/alloyModel';
import type { WorkspaceIndex } from './state/workspaceIndex';
import type { ApiToken } from './submission/apiToken';
import type { EngineHost } from './submission/engineHost';
import type { SendingRegistry } from './submission/sendingRegistry';
import type { SubmitFlow } from './submission/submitFlow';
import type { Notice, NoticeActionId } from './submission/submitNotice';
import type { SubmittedDocuments } from './submission/submittedDocuments';

export interface AlloyServices {
  context: ExtensionContext;
  log: AlloyLog;
  config(): AlloyConfig;
  /** The workspace folders, absolute. */
  folders(): string[];
  engine: EngineHost;
  model: AlloyModel;
  index: WorkspaceIndex;
  registry: SendingRegistry;
  flow: SubmitFlow;
  token: ApiToken;
  panel: ReportsPanelHost;
  rawReports: RawReportDocuments;
  submitted: SubmittedDocuments;
  /** Re-reads ledger and reports soon (bursts are folded into one read). */
  refreshSoon(): void;
  /** A report file was written or removed by the extension itself: its folder is listed again. */
  reportFileChanged(file: string): void;
  /** Carries out a notice's action. */
  act(action: NoticeActionId, notice: Notice, file?: string): Promise<void>;
}
