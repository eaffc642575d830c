// The composition root: builds the log, the settings, the engine's ports, the model, the index, the
// submit flow, the panel, the receiver lifecycle, the views and the commands, and wires the events
// between them. Everything with logic lives in the modules it wires; this file only connects.

import * as os from 'node:os';
import * as path from 'node:path';
import { commands, env, languages, Uri, window, workspace, type Disposable, type ExtensionContext } from 'vscode';
import { nodeDirectoryLister, nodeFileSystem } from '../../server/src/core';
import { createCallbackReceiver, nodeReportFolders, reportFileSink, type RequestState } from '../../server/src/reports';
import { recoverPending, resendRecorded, submitRequest, type SubmitOptions } from '../../server/src/submission';
import type { AlloyServices } from './alloyServices';
import { AlloyCodeLens } from './codelens/alloyCodeLens';
import { registerClearApiToken } from './commands/clearApiToken';
import { registerCompareWithSubmitted } from './commands/compareWithSubmitted';
import { registerImportReport } from './commands/importReport';
import { registerOpenRequestsOfBrief } from './commands/openRequestsOfBrief';
import { registerResend } from './commands/resend';
import { offerRestart, registerRestartServer } from './commands/restartServer';
import { registerSetApiToken } from './commands/setApiToken';
import { registerShowOutput } from './commands/showOutput';
import { registerShowReports } from './commands/showReports';
import { registerShowSubmissions } from './commands/showSubmissions';
import { registerSubmitRequest } from './commands/submitRequest';
import { engineOptionsOf, readAlloyConfig, type AlloyConfig } from './config';
import { ActiveEditorContext } from './context/activeEditorContext';
import { contextKeysOf } from './context/contextKeys';
import { Debounced } from './debounced';
import { syncEditorDocuments } from './editorDocuments';
import { asServerClient, createLanguageClient } from './languageClient';
import { AlloyLog } from './log';
import { buildPanelState, requestFileOf, type PanelPorts } from './reports/panelState';
import { RawReportDocuments } from './reports/rawReportDocuments';
import { ReceiverLifecycle, wantedReceivers } from './reports/receiverLifecycle';
import { newReportLines } from './reports/reportLog';
import { ReportsPanelHost } from './reports/reportsPanel';
import { watchReports } from './reports/reportsWatcher';
import { ReportTexts } from './reports/reportTexts';
import { RunDiagnosticsCollection } from './reports/runDiagnosticsCollection';
import { REPORT_SCHEME, SUBMITTED_SCHEME } from './reports/virtualDocuments';
import { LanguageServerLifecycle } from './serverLifecycle';
import { AlloyModel, latestSubmissionOf, type ModelSnapshot } from './state/alloyModel';
import { factsOfFile } from './state/fileFacts';
import { LedgerWatcher } from './state/ledgerWatcher';
import { ReportListingCache } from './state/reportListingCache';
import { shortTime } from './state/shortTime';
import { viewFactsOf } from './state/viewFacts';
import { WorkspaceIndex } from './state/workspaceIndex';
import { RequestStatusItem } from './status/requestStatusItem';
import { ApiToken } from './submission/apiToken';
import { EngineHost } from './submission/engineHost';
import { recoveryLogLines, recoveryNotices } from './submission/recoveryNotices';
import { SendingRegistry } from './submission/sendingRegistry';
import { SubmitFlow } from './submission/submitFlow';
import type { Notice, NoticeActionId } from './submission/submitNotice';
import { SubmittedDocuments } from './submission/submittedDocuments';
import { showNotice, vscodeSubmitUi } from './submission/vscodeSubmitUi';

const clock = { now: () => Date.now() };

function time(iso: string): string {
  return shortTime(iso, Date.now(), -new Date().getTimezoneOffset());
}

function folders(): string[] {
  return (workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export interface RunningAlloy {
  services: AlloyServices;
  stop(): Promise<void>;
}

export async function startAlloy(context: ExtensionContext): Promise<RunningAlloy> {
  const subscriptions: Disposable[] = [];
  const channel = window.createOutputChannel('Alloy', { log: true });
  context.subscriptions.push(channel);
  const log = new AlloyLog(channel);

  const readConfig = (): AlloyConfig => {
    const read = readAlloyConfig(workspace.getConfiguration('alloy'));
    for (const problem of read.problems) log.warn(`Setting: ${problem}.`);
    return read;
  };
  let config = readConfig();
  log.info(
    workspace.isTrusted
      ? 'Alloy is starting.'
      : 'Alloy is starting in Restricted Mode: requests and briefs are checked; submitting and the callback receiver are off until the workspace is trusted.',
  );

  const proxy = () => {
    const http = workspace.getConfiguration('http');
    return { proxy: http.get<string>('proxy') ?? '', noProxy: http.get<string[]>('noProxy') ?? [] };
  };
  const engine = new EngineHost({ env: process.env, home: os.homedir(), proxy });
  engine.configure(config.ledgerPath);
  const sayLedger = () =>
    engine.ledgerProblem === undefined
      ? log.info(`Ledger: ${engine.ledgerLocation}`)
      : log.error(`Ledger: ${engine.ledgerLocation} cannot be used: ${engine.ledgerProblem}. Submitting is refused until it is fixed.`);
  sayLedger();

  const viewFailed = (error: unknown) =>
    log.error(`An Alloy view failed to update: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const index = new WorkspaceIndex({ files: nodeFileSystem, lister: nodeDirectoryLister, folders, onListenerError: viewFailed });
  const reportCache = new ReportListingCache(nodeReportFolders, clock.now);
  const model = new AlloyModel({
    ledger: engine.ledger,
    owners: engine.ports.owners,
    clock,
    listReports: (root) => reportCache.list(root),
    folders,
    resendWindowMs: () => Math.round(config.resendWindowHours * 3_600_000),
    onListenerError: viewFailed,
  });
  const registry = new SendingRegistry();
  const token = new ApiToken(context.secrets, log);
  const texts = new ReportTexts(nodeFileSystem);
  const rawReports = new RawReportDocuments(model, log);
  const submitted = new SubmittedDocuments(engine, log);
  const refresh = new Debounced(() => void model.refresh(), 100);

  const panelPorts: PanelPorts = {
    readText: (report) => texts.text(report),
    check: (file) => index.check(file),
    analysisOf: (file) => index.analysisOf(file),
    rootOf: (file) => index.rootOf(file),
    requestFilesOf: (id) => index.requestFilesOf(id).map((r) => r.file),
  };

  const act = async (action: NoticeActionId, notice: Notice, file?: string): Promise<void> => {
    switch (action) {
      case 'show-problems':
        await commands.executeCommand('workbench.actions.view.problems');
        return;
      case 'compare':
        if (notice.submission !== undefined)
          await commands.executeCommand('alloy.compareWithSubmitted', { submission: notice.submission, file });
        return;
      case 'show-reports':
        panel.show(notice.requestId);
        return;
      case 'show-output':
        log.show();
        return;
      case 'open-settings':
        await commands.executeCommand('workbench.action.openSettings', notice.setting ?? 'alloy');
        return;
      case 'manage-trust':
        await commands.executeCommand('workbench.trust.manage');
        return;
      case 'show-submissions':
        await commands.executeCommand('alloy.showSubmissions');
        return;
      case 'set-token':
        await token.ask();
        return;
      case 'resend':
        if (notice.key !== undefined) await flow.resend(notice.key, notice.requestId ?? notice.key, file);
        return;
      case 'set-token-and-resend':
        if ((await token.ask()) && notice.key !== undefined) await flow.resend(notice.key, notice.requestId ?? notice.key, file);
        return;
      case 'save-and-submit':
        if (file !== undefined && (await saveFiles(notice.files ?? [file]))) await flow.submit(file);
        return;
    }
  };
  const tell = (notice: Notice, file?: string) =>
    void showNotice({ ...notice, text: log.scrub(notice.text) }).then((action) =>
      action === undefined ? undefined : act(action, notice, file),
    );

  const saveFiles = async (files: readonly string[]): Promise<boolean> => {
    for (const file of files) {
      const document = workspace.textDocuments.find((d) => d.uri.scheme === 'file' && sameFile(d.uri.fsPath, file));
      if (document?.isDirty && !(await document.save())) return false;
    }
    return true;
  };

  const submitOptions = async (): Promise<SubmitOptions> => {
    const stored = await token.get();
    return {
      ...engineOptionsOf(config),
      ...(stored === undefined ? {} : { token: stored }),
      workspaceFolders: folders(),
      unsavedFiles: workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file').map((d) => d.uri.fsPath),
      untrusted: !workspace.isTrusted,
    };
  };

  const flow = new SubmitFlow({
    engine: {
      submit: (file, options) => submitRequest(file, options, engine.ports),
      resend: (key, options) => resendRecorded(key, options, engine.ports),
    },
    ui: vscodeSubmitUi(clock),
    registry,
    log,
    clock,
    options: submitOptions,
    cwdOf: (file) => workspace.getWorkspaceFolder(Uri.file(file))?.uri.fsPath,
    keyOf: (file) => {
      const facts = factsOfFile(index, file);
      return facts.kind === 'request' ? facts.key : undefined;
    },
    save: saveFiles,
    setToken: () => token.ask(),
    act,
    afterRun: () => void model.refresh(),
  });

  let remoteSaid = false;
  const receivers = new ReceiverLifecycle({
    create: createCallbackReceiver,
    known: () => model.snapshot.known,
    sink: reportFileSink((id) => model.snapshot.known.get(id)?.root),
    limits: () => ({ bodyLimitBytes: config.maxBodyBytes }),
    log: (line) => log.info(line),
    tell: (notice) => tell(notice),
    onReport: (saved) => {
      reportCache.invalidate(saved.report.file);
      log.info(
        `Callback received: ${saved.report.phase ?? 'report'} for ${saved.report.requestId}${saved.duplicate ? ' (a repeat of bytes already stored)' : ''}.`,
      );
      void model.refresh();
    },
  });

  const panel = new ReportsPanelHost({
    extensionUri: context.extensionUri,
    log,
    buildState: (selectedId, seq) =>
      buildPanelState(
        { snapshot: model.snapshot, ...(selectedId === undefined ? {} : { selectedId }), notices: receivers.notices() },
        seq,
        panelPorts,
      ),
    openRaw: (requestId) => rawReports.open(requestId),
  });

  const services: AlloyServices = {
    context,
    log,
    config: () => config,
    folders,
    engine,
    model,
    index,
    registry,
    flow,
    token,
    panel,
    rawReports,
    submitted,
    refreshSoon: () => refresh.schedule(),
    reportFileChanged: (file) => {
      reportCache.invalidate(file);
      refresh.schedule();
    },
    act,
  };

  const activeFile = (): string | undefined => {
    const uri = window.activeTextEditor?.document.uri;
    return uri?.scheme === 'file' ? uri.fsPath : undefined;
  };
  const viewOf = (file: string) => viewFactsOf(file, index, model.snapshot, registry);
  const lens = new AlloyCodeLens({
    config: () => config,
    viewFacts: (file, text) => {
      // The lens is asked with the editor's text: make sure the index has that very text.
      index.setOverlay(file, text);
      return viewOf(file);
    },
    now: clock.now,
    time,
  });
  const status = new RequestStatusItem(
    () => {
      const file = activeFile();
      return file === undefined ? undefined : { file, view: viewOf(file) };
    },
    time,
    clock.now,
  );
  const contextKeys = new ActiveEditorContext(() => {
    const file = activeFile();
    if (file === undefined) return contextKeysOf(undefined, false);
    const view = viewOf(file);
    const requestId = view.facts.kind === 'request' ? view.facts.requestId : undefined;
    return contextKeysOf(view.facts, latestSubmissionOf(model.snapshot, file, requestId) !== undefined);
  });
  const runDiagnostics = new RunDiagnosticsCollection({
    analysisOf: (file) => index.analysisOf(file),
    briefOf: (file) => index.check(file).briefPath,
    requestFileOf: (state: RequestState) => requestFileOf(state, panelPorts),
    readRun: (report) => texts.json(report),
  });
  const views = new Debounced(() => {
    lens.refresh();
    status.refresh();
    contextKeys.refresh();
  }, 150);

  let ticker: ReturnType<typeof setInterval> | undefined;
  const onSending = () => {
    status.refresh();
    lens.refresh();
    if (registry.size > 0 && ticker === undefined) ticker = setInterval(() => status.refresh(), 1000);
    if (registry.size === 0 && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };

  const onSnapshot = (before: ModelSnapshot, snapshot: ModelSnapshot) => {
    for (const line of newReportLines(before.states, snapshot.states, (report) => texts.json(report))) log.info(line);
    runDiagnostics.update(snapshot);
    panel.update();
    views.schedule();
    const wanted = wantedReceivers(snapshot.states.values(), clock.now());
    if (wanted.length > 0 && env.remoteName !== undefined && !remoteSaid && workspace.isTrusted) {
      remoteSaid = true;
      log.info(
        `This is a remote window (${env.remoteName}): the callback receiver listens on the remote machine, where the extension host runs, ` +
          'not on this computer.',
      );
    }
    void receivers.reconcile(wanted, workspace.isTrusted);
  };
  let previous = model.snapshot;
  const unsubscribers = [
    model.onDidChange((snapshot) => {
      const before = previous;
      previous = snapshot;
      onSnapshot(before, snapshot);
    }),
    index.onDidChange(() => views.schedule()),
    registry.onDidChange(onSending),
  ];

  const ledgerWatcher = new LedgerWatcher(() => refresh.schedule());
  ledgerWatcher.watch(engine.ledgerProblem === undefined ? engine.ledgerLocation : undefined);

  let recovering: Promise<void> | undefined;
  const recover = (): Promise<void> =>
    (recovering ??= (async () => {
      if (!workspace.isTrusted) {
        log.info('Interrupted submissions are not re-sent in Restricted Mode; they will be once this workspace is trusted.');
        return;
      }
      const stored = await token.get();
      const report = await recoverPending({ ...engineOptionsOf(config), ...(stored === undefined ? {} : { token: stored }) }, engine.ports);
      for (const line of recoveryLogLines(report)) log.info(line);
      for (const notice of recoveryNotices(report)) tell(notice);
      await model.refresh();
    })()
      .catch((error: unknown) =>
        log.error(`Recovery of interrupted submissions failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        recovering = undefined;
      }));

  const selector = [
    { scheme: 'file', language: 'json' },
    { scheme: 'file', language: 'jsonc' },
    { scheme: 'file', language: 'yaml' },
  ];
  subscriptions.push(
    registerSubmitRequest(services),
    registerShowReports(services),
    registerShowSubmissions(services),
    registerImportReport(services),
    registerCompareWithSubmitted(services),
    registerResend(services),
    registerSetApiToken(services),
    registerClearApiToken(services),
    registerShowOutput(services),
    registerOpenRequestsOfBrief(services),
    workspace.registerTextDocumentContentProvider(REPORT_SCHEME, rawReports),
    workspace.registerTextDocumentContentProvider(SUBMITTED_SCHEME, submitted),
    languages.registerCodeLensProvider(selector, lens),
    status,
    panel,
    runDiagnostics,
    ledgerWatcher,
    ...syncEditorDocuments({ index }),
    ...watchReports((root, file) => {
      model.addRoot(root);
      reportCache.invalidate(file);
      refresh.schedule();
    }),
    window.onDidChangeActiveTextEditor(() => {
      status.refresh();
      contextKeys.refresh();
    }),
    workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('alloy') && !event.affectsConfiguration('http')) return;
      config = readConfig();
      if (engine.configure(config.ledgerPath)) {
        sayLedger();
        ledgerWatcher.watch(engine.ledgerProblem === undefined ? engine.ledgerLocation : undefined);
        void model.refresh();
      }
      views.schedule();
    }),
    workspace.onDidChangeWorkspaceFolders(() => {
      void index.resetFolders().then(() => {
        for (const root of index.roots()) model.addRoot(root);
        return model.refresh();
      });
    }),
    workspace.onDidGrantWorkspaceTrust(() => {
      log.info('The workspace is trusted now: submitting and the callback receiver are on.');
      void recover();
      void model.refresh();
    }),
  );
  context.subscriptions.push(...subscriptions);

  status.refresh();
  contextKeys.refresh();
  void (async () => {
    const unlisted = await index.scan();
    for (const folder of unlisted) log.warn(`The folder ${folder} could not be listed; its Alloy files are not indexed.`);
    for (const root of index.roots()) model.addRoot(root);
    await model.refresh();
    await recover();
  })().catch((error: unknown) =>
    log.error(`Alloy could not read the workspace: ${error instanceof Error ? error.message : String(error)}`),
  );

  // The language client gave up on a server that kept exiting: offer a new one.
  const gaveUp = (message: string | undefined) => {
    log.error(message ?? 'The Alloy language server stopped and is not started again.');
    offerRestart(() => log.show());
  };
  // Each start reads the settings as they are then (the initialization options).
  const server = new LanguageServerLifecycle(() => asServerClient(createLanguageClient(context, channel, config, gaveUp)), log);
  context.subscriptions.push(registerRestartServer(server, () => log.show()));
  await server.start();

  return {
    services,
    async stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (ticker !== undefined) clearInterval(ticker);
      refresh.dispose();
      views.dispose();
      await receivers.dispose();
      await server.stop();
    },
  };
}
