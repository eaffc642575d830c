// "Submit Request" and "Resend (Same Key)" in the editor, around the one engine the CLI uses: a
// second submit of the same file (or key) while one runs says "already sending" at once; the engine
// runs under a cancellable progress; `throttle: full` asks a modal question and only then sends;
// the result is told in the engine's words with the actions that help (see submitNotice.ts), and
// "Save and Submit" / "Set API Token" carry on from there. Pure: the engine, the UI, the clock and
// the editor's facts are ports, so every path is tested without an editor.

import * as path from 'node:path';
import {
  progressText,
  submitResultText,
  utcMinute,
  type Clock,
  type EngineOptions,
  type Refusal,
  type SubmitOptions,
  type SubmitProgress,
  type SubmitResult,
} from '../../../server/src/submission';
import type { AlloyLog } from '../log';
import { fileEntryId, keyEntryId, type SendingRegistry } from './sendingRegistry';
import { noticeOf, type Notice, type NoticeActionId } from './submitNotice';

export interface SubmitEngine {
  submit(file: string, options: SubmitOptions): Promise<SubmitResult>;
  resend(key: string, options: EngineOptions & { confirmedFull?: boolean }): Promise<SubmitResult>;
}

export interface ConfirmQuestion {
  message: string;
  detail: string;
  button: string;
}

export interface SubmitUi {
  /** Runs `task` under a cancellable progress notification; `report` sets its message. */
  progress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** A modal question; true only when the button was chosen. */
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Shows the notice; resolves with the action chosen, or undefined when it is dismissed. */
  notify(notice: Notice): Promise<NoticeActionId | undefined>;
}

export interface SubmitFlowDeps {
  engine: SubmitEngine;
  ui: SubmitUi;
  registry: SendingRegistry;
  log: AlloyLog;
  clock: Clock;
  /** The settings, the token and the editor's facts (unsaved files, trust, folders) for one engine call. */
  options(): Promise<SubmitOptions>;
  /** The folder messages name files relative to. */
  cwdOf(file: string): string | undefined;
  /** The request's idempotency key as the editor has it (to refuse a second send of one key at once); undefined when unknown. */
  keyOf?(file: string): string | undefined;
  /** Saves these files; true when every one was saved. */
  save(files: readonly string[]): Promise<boolean>;
  /** Asks for a new API token and stores it; true when one was stored. */
  setToken(): Promise<boolean>;
  /** Any other action of a notice (show problems, compare, open settings…). */
  act(action: NoticeActionId, notice: Notice, file: string | undefined): Promise<void>;
  /** After every engine call that may have written the ledger. */
  afterRun(result: SubmitResult): void;
}

type Call = (confirmedFull: boolean, signal: AbortSignal, onProgress: (p: SubmitProgress) => void) => Promise<SubmitResult>;

function fullQuestion(refusal: Extract<Refusal, { kind: 'confirm-full' }>, resend: boolean): ConfirmQuestion {
  return {
    message: `${resend ? 'Resend' : 'Submit'} ${refusal.requestId} with throttle "full"?`,
    detail:
      'Mutators will change the repository.\n' +
      `Project: ${refusal.projectId}\n` +
      `Branch: ${refusal.branch ?? 'none given'}\n` +
      `Brief: ${refusal.briefId} (${refusal.briefPath})`,
    button: resend ? 'Resend (full)' : 'Submit (full)',
  };
}

export class SubmitFlow {
  private readonly following = new Set<Promise<void>>();

  constructor(private readonly deps: SubmitFlowDeps) {}

  /** Resolves once every notice shown so far has been answered or dismissed (for tests). */
  async idle(): Promise<void> {
    while (this.following.size > 0) await Promise.all([...this.following]);
  }

  /** Submits a saved request file. Resolves with the engine's result, or undefined when nothing was asked of it. */
  submit(file: string): Promise<SubmitResult | undefined> {
    const absolute = path.resolve(file);
    const label = path.basename(absolute);
    const key = this.deps.keyOf?.(absolute);
    const holder = key === undefined ? undefined : this.deps.registry.holderOfKey(key);
    if (holder && holder.file !== absolute) {
      const other = holder.file === undefined ? 'a resend' : path.basename(holder.file);
      const text = `Not sent: the key ${key} of ${label} is already being sent by this window (${other}, since ${utcMinute(holder.since)}). Wait for its answer.`;
      this.deps.log.info(text);
      this.follow({ severity: 'info', text, actions: ['show-output'] }, absolute);
      return Promise.resolve(undefined);
    }
    return this.run(
      fileEntryId(absolute),
      { file: absolute, ...(key === undefined ? {} : { key }) },
      `Alloy: submitting ${label}`,
      label,
      absolute,
      false,
      (confirmedFull, signal, onProgress) =>
        this.deps.options().then((options) => this.deps.engine.submit(absolute, { ...options, confirmedFull, signal, onProgress })),
    );
  }

  /** Sends the recorded bytes of `key` again (outcome unknown, or after a new token). */
  resend(key: string, label: string, file?: string): Promise<SubmitResult | undefined> {
    return this.run(
      keyEntryId(key),
      { key, ...(file === undefined ? {} : { file }) },
      `Alloy: resending ${label}`,
      label,
      file,
      true,
      (confirmedFull, signal, onProgress) =>
        this.deps.options().then((options) => this.deps.engine.resend(key, { ...options, confirmedFull, signal, onProgress })),
    );
  }

  private async run(
    id: string,
    what: { file?: string; key?: string },
    title: string,
    label: string,
    file: string | undefined,
    resend: boolean,
    call: Call,
  ): Promise<SubmitResult | undefined> {
    const { deps } = this;
    const now = deps.clock.now();
    if (!deps.registry.begin(id, what, now)) {
      const since = deps.registry.since(id);
      const text =
        `Not sent: ${label} is already being ${resend ? 're-sent' : 'sent'} by this window` +
        `${since === undefined ? '' : ` (since ${utcMinute(since)})`}. Wait for its answer.`;
      deps.log.info(text);
      this.follow({ severity: 'info', text, actions: ['show-output'] }, file);
      return undefined;
    }
    deps.log.info(`${resend ? 'Resend' : 'Submit'} ${label}: started`);
    let result: SubmitResult | undefined;
    try {
      let confirmed = false;
      for (;;) {
        result = await deps.ui.progress(title, (report, signal) =>
          call(confirmed, signal, (p) => {
            deps.registry.progress(id, p, deps.clock.now());
            report(progressMessage(p));
            deps.log.debug(`${label}: ${progressMessage(p)}`);
          }),
        );
        deps.afterRun(result);
        if (result.kind === 'refused' && result.refusal.kind === 'confirm-full' && !confirmed) {
          deps.registry.stage(id, 'confirming');
          const yes = await deps.ui.confirm(fullQuestion(result.refusal, resend));
          if (!yes) break;
          confirmed = true;
          deps.registry.stage(id, 'preparing');
          continue;
        }
        break;
      }
    } catch (error) {
      const text = `Alloy could not ${resend ? 'resend' : 'submit'} ${label}: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error(text);
      this.follow({ severity: 'error', text: deps.log.scrub(text), actions: ['show-output'] }, file);
      return undefined;
    } finally {
      deps.registry.end(id);
    }
    try {
      const cwd = file === undefined ? undefined : deps.cwdOf(file);
      const wording = cwd === undefined ? {} : { cwd };
      deps.log.info(`${label}: ${submitResultText(result, wording)}`);
      for (const warning of result.warnings) deps.log.warn(warning);
      const notice = noticeOf(result, wording);
      this.follow({ ...notice, text: deps.log.scrub(notice.text) }, file);
    } catch (error) {
      // The engine's answer stands (it is in the ledger); only telling it failed.
      const text = `Alloy could not show the result for ${label}: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error(text);
      this.follow({ severity: 'error', text: deps.log.scrub(text), actions: ['show-output', 'show-submissions'] }, file);
    }
    return result;
  }

  /** Shows a notice and carries out the chosen action, without holding up the caller. */
  private follow(notice: Notice, file: string | undefined): void {
    const task = (async () => {
      const action = await this.deps.ui.notify(notice);
      if (action === undefined) return;
      await this.carryOut(action, notice, file);
    })()
      .catch((error: unknown) =>
        this.deps.log.error(`An action after a submission failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => this.following.delete(task));
    this.following.add(task);
  }

  private async carryOut(action: NoticeActionId, notice: Notice, file: string | undefined): Promise<void> {
    const { deps } = this;
    if (action === 'save-and-submit' && file !== undefined) {
      const saved = await deps.save(notice.files ?? [file]);
      if (saved) await this.submit(file);
      else deps.log.info(`Not submitted: ${path.basename(file)} or its brief could not be saved.`);
      return;
    }
    if (action === 'set-token-and-resend' && notice.key !== undefined) {
      if (await deps.setToken()) await this.resend(notice.key, notice.requestId ?? notice.key, file);
      return;
    }
    if (action === 'set-token') {
      await deps.setToken();
      return;
    }
    if (action === 'resend' && notice.key !== undefined) {
      await this.resend(notice.key, notice.requestId ?? notice.key, file);
      return;
    }
    await deps.act(action, notice, file);
  }
}

/** The progress notification's message for one engine event: the engine's words, without its "so far" (the notification shows the elapsed time itself). */
export function progressMessage(progress: SubmitProgress): string {
  return progress.kind === 'attempt' ? `attempt ${progress.attempt} of ${progress.of}` : progressText(progress);
}

/** A progress message with the time since the send started: "attempt 2 of 5 · 4 s". */
export function withElapsed(message: string, startedAt: number, now: number): string {
  const seconds = Math.floor((now - startedAt) / 1000);
  if (seconds < 1) return message;
  const shown = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return message === '' ? shown : `${message} · ${shown}`;
}
