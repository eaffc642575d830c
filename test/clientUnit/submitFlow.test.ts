// The editor's submit flow on fakes: a second submit of the same file while one runs says "already
// sending" without asking the engine; progress reaches the notification and the registry (the
// status bar) at once; `full` asks a modal question and only a yes sends (with confirmedFull);
// unsaved → Save and Submit; 401 → Set API Token → the recorded bytes are resent by key; a key
// reused with other bytes offers Compare; an engine crash is reported, never thrown.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlloyLog } from '../../client/src/log';
import { SendingRegistry } from '../../client/src/submission/sendingRegistry';
import {
  progressMessage,
  SubmitFlow,
  withElapsed,
  type ConfirmQuestion,
  type SubmitEngine,
  type SubmitFlowDeps,
} from '../../client/src/submission/submitFlow';
import type { Notice, NoticeActionId } from '../../client/src/submission/submitNotice';
import type { SentResult, SubmitOptions, SubmitProgress, SubmitResult } from '../../server/src/submission';
import { recordingSink } from './clientFixtures';

const FILE = '/w/.alloy/requests/checkout-payment.json';
const notes = { warnings: [], recovered: [] };

function accepted(overrides: Partial<SentResult> = {}): SubmitResult {
  return {
    kind: 'sent',
    submission: 'sub_1',
    key: 'sha256:k',
    requestId: 'runreq_A',
    transport: 'http',
    outcome: 'accepted',
    status: 202,
    attempts: 1,
    elapsedMs: 10,
    sha256: 'sha256:b',
    ledgerErrors: [],
    ...overrides,
    ...notes,
  } as SubmitResult;
}

interface Harness {
  flow: SubmitFlow;
  calls: { file?: string; key?: string; options: SubmitOptions }[];
  notices: Notice[];
  questions: ConfirmQuestion[];
  progress: string[];
  acts: [NoticeActionId, Notice, string | undefined][];
  saved: string[][];
  registry: SendingRegistry;
  sink: ReturnType<typeof recordingSink>;
  afterRuns: number;
}

function harness(
  script: {
    submit?: (options: SubmitOptions, call: number) => Promise<SubmitResult>;
    resend?: (options: SubmitOptions) => Promise<SubmitResult>;
    confirm?: boolean;
    choose?: (notice: Notice) => NoticeActionId | undefined;
    token?: boolean;
    keyOf?: (file: string) => string | undefined;
  } = {},
): Harness {
  const sink = recordingSink();
  const log = new AlloyLog(sink);
  const registry = new SendingRegistry();
  const h = {
    calls: [],
    notices: [],
    questions: [],
    progress: [],
    acts: [],
    saved: [],
    registry,
    sink,
    afterRuns: 0,
  } as unknown as Harness;
  let submits = 0;
  const engine: SubmitEngine = {
    submit: (file, options) => {
      h.calls.push({ file, options });
      return (script.submit ?? (async () => accepted()))(options, submits++);
    },
    resend: (key, options) => {
      h.calls.push({ key, options });
      return (script.resend ?? (async () => accepted({ resendOf: 'sub_1' })))(options);
    },
  };
  const deps: SubmitFlowDeps = {
    engine,
    ui: {
      progress: (_title, task) => task((m) => h.progress.push(m), new AbortController().signal),
      confirm: async (q) => {
        h.questions.push(q);
        return script.confirm ?? false;
      },
      notify: async (notice) => {
        h.notices.push(notice);
        return script.choose?.(notice);
      },
    },
    registry,
    log,
    clock: { now: () => 1_000_000 },
    options: async () => ({ endpoint: 'http://127.0.0.1:9/x', token: 'secret-token-xyz' }),
    cwdOf: () => '/w',
    ...(script.keyOf ? { keyOf: script.keyOf } : {}),
    save: async (files) => {
      h.saved.push([...files]);
      return true;
    },
    setToken: async () => script.token ?? true,
    act: async (action, notice, file) => void h.acts.push([action, notice, file]),
    afterRun: () => h.afterRuns++,
  };
  h.flow = new SubmitFlow(deps);
  return h;
}

test('accepted: one engine call with the editor options, a notice with Show Reports, the registry empty again', async () => {
  const h = harness();
  const result = await h.flow.submit(FILE);
  await h.flow.idle();
  assert.equal(result?.kind, 'sent');
  assert.equal(h.calls.length, 1);
  assert.equal(h.calls[0].file, FILE);
  assert.equal(h.calls[0].options.confirmedFull, false);
  assert.equal(h.calls[0].options.token, 'secret-token-xyz');
  assert.deepEqual(
    h.notices.map((n) => [n.severity, n.text, n.actions]),
    [['info', 'runreq_A: accepted (202)', ['show-reports']]],
  );
  assert.equal(h.registry.size, 0);
  assert.equal(h.afterRuns, 1);
});

test('a second submit of the same file while the first runs says "already sending" and does not reach the engine', async () => {
  let release!: (r: SubmitResult) => void;
  const h = harness({ submit: (_o, call) => (call === 0 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(accepted())) });
  const first = h.flow.submit(FILE);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.registry.forFile(FILE), { stage: 'preparing', startedAt: 1_000_000 });
  const second = await h.flow.submit(FILE);
  assert.equal(second, undefined);
  assert.equal(h.calls.length, 1);
  assert.deepEqual(h.notices[0], {
    severity: 'info',
    text: 'Not sent: checkout-payment.json is already being sent by this window (since 1970-01-01 00:16 UTC). Wait for its answer.',
    actions: ['show-output'],
  });
  release(accepted());
  await first;
  await h.flow.idle();
  assert.equal(h.calls.length, 1);
  // Once the first has finished, the file can be submitted again (the engine then says "already submitted").
  await h.flow.submit(FILE);
  assert.equal(h.calls.length, 2);
});

test('progress events reach the notification message and the registry that the status bar reads', async () => {
  let seen: unknown;
  const h = harness({
    submit: async (options) => {
      const events: SubmitProgress[] = [
        { kind: 'recorded', submission: 'sub_1', requestId: 'runreq_A' },
        { kind: 'attempt', attempt: 1, of: 5, elapsedMs: 0 },
        { kind: 'answer', attempt: 1, status: 503, elapsedMs: 20 },
        { kind: 'waiting', nextAttempt: 2, of: 5, delayMs: 4000, reason: 'retry-after', elapsedMs: 20 },
      ];
      for (const e of events) options.onProgress?.(e);
      seen = h.registry.forFile(FILE);
      options.onProgress?.({ kind: 'attempt', attempt: 2, of: 5, elapsedMs: 4100 });
      return accepted({ attempts: 2 });
    },
  });
  await h.flow.submit(FILE);
  assert.deepEqual(h.progress, [
    'recorded runreq_A in the ledger; sending',
    'attempt 1 of 5',
    'attempt 1: 503',
    'waiting 4 s (Retry-After) before attempt 2 of 5',
    'attempt 2 of 5',
  ]);
  assert.deepEqual(seen, { stage: 'waiting', attempt: 2, of: 5, until: 1_004_000, startedAt: 1_000_000 });
  assert.equal(withElapsed('attempt 2 of 5', 0, 4200), 'attempt 2 of 5 · 4 s');
  assert.equal(withElapsed('attempt 1 of 5', 0, 400), 'attempt 1 of 5');
  assert.equal(withElapsed('waiting', 0, 75_000), 'waiting · 1 min 15 s');
  assert.equal(progressMessage({ kind: 'attempt', attempt: 3, of: 5, elapsedMs: 9000 }), 'attempt 3 of 5');
});

const confirmFull: SubmitResult = {
  kind: 'refused',
  refusal: {
    kind: 'confirm-full',
    requestId: 'runreq_A',
    projectId: 'checkout-service',
    branch: 'main',
    briefId: 'brief_X',
    briefPath: '.alloy/briefs/x.yaml',
  },
  ...notes,
};

test('throttle full: a modal names project, branch and brief; yes sends with confirmedFull, no sends nothing', async () => {
  const yes = harness({ confirm: true, submit: async (options) => (options.confirmedFull ? accepted() : confirmFull) });
  await yes.flow.submit(FILE);
  assert.deepEqual(yes.questions, [
    {
      message: 'Submit runreq_A with throttle "full"?',
      detail: 'Mutators will change the repository.\nProject: checkout-service\nBranch: main\nBrief: brief_X (.alloy/briefs/x.yaml)',
      button: 'Submit (full)',
    },
  ]);
  assert.deepEqual(
    yes.calls.map((c) => c.options.confirmedFull),
    [false, true],
  );
  assert.equal(yes.notices[0].text, 'runreq_A: accepted (202)');

  const no = harness({ confirm: false, submit: async () => confirmFull });
  await no.flow.submit(FILE);
  await no.flow.idle();
  assert.equal(no.calls.length, 1);
  assert.deepEqual(
    no.notices.map((n) => n.text),
    ['Not sent: runreq_A runs with throttle "full" and was not confirmed.'],
  );
});

test('unsaved → "Save and Submit" saves the named files and submits again', async () => {
  const h = harness({
    submit: async (_o, call) =>
      call === 0 ? { kind: 'refused', refusal: { kind: 'unsaved', files: ['/w/.alloy/briefs/b.yaml'] }, ...notes } : accepted(),
    choose: (n) => (n.actions.includes('save-and-submit') ? 'save-and-submit' : undefined),
  });
  await h.flow.submit(FILE);
  await h.flow.idle();
  assert.deepEqual(h.saved, [['/w/.alloy/briefs/b.yaml']]);
  assert.equal(h.calls.length, 2);
  assert.deepEqual(
    h.notices.map((n) => n.severity),
    ['warning', 'info'],
  );
});

test('401 → "Set API Token" stores a token, then the same bytes and key are resent (by key)', async () => {
  const h = harness({
    submit: async () => accepted({ outcome: 'rejected', status: 401, authNeeded: true }),
    choose: (n) => (n.actions.includes('set-token-and-resend') ? 'set-token-and-resend' : undefined),
  });
  await h.flow.submit(FILE);
  await h.flow.idle();
  assert.deepEqual(
    h.calls.map((c) => c.key ?? c.file),
    [FILE, 'sha256:k'],
  );
  assert.equal(h.notices[1].text, 'runreq_A: recorded bytes re-sent: accepted (202)');
  const declined = harness({
    token: false,
    submit: async () => accepted({ outcome: 'rejected', status: 403, authNeeded: true }),
    choose: () => 'set-token-and-resend',
  });
  await declined.flow.submit(FILE);
  await declined.flow.idle();
  assert.equal(declined.calls.length, 1);
});

test('same key, other bytes → "Compare with Submitted" goes to the editor with the submission and the file', async () => {
  const reuse: SubmitResult = {
    kind: 'refused',
    refusal: {
      kind: 'key-reused',
      key: 'sha256:k',
      submission: 'sub_0',
      submittedAt: '2026-12-01T14:02:00Z',
      fields: [],
      formattingOnly: true,
      earlier: 'answer 202',
    },
    ...notes,
  };
  const h = harness({ submit: async () => reuse, choose: () => 'compare' });
  await h.flow.submit(FILE);
  await h.flow.idle();
  assert.equal(h.acts.length, 1);
  assert.equal(h.acts[0][0], 'compare');
  assert.equal(h.acts[0][1].submission, 'sub_0');
  assert.equal(h.acts[0][2], FILE);
});

test('an engine that throws is an error notice with Show Output; the registry is cleared; the token never shows', async () => {
  const h = harness({ submit: async () => Promise.reject(new Error('socket exploded with secret-token-xyz')) });
  h.flow['deps'].log.addSecret('secret-token-xyz');
  assert.equal(await h.flow.submit(FILE), undefined);
  await h.flow.idle();
  assert.deepEqual(
    h.notices.map((n) => [n.severity, n.text, n.actions]),
    [['error', 'Alloy could not submit checkout-payment.json: socket exploded with [redacted]', ['show-output']]],
  );
  assert.equal(h.registry.size, 0);
  assert.ok(h.sink.lines.every((l) => !l.message.includes('secret-token-xyz')));
});

test('resend: a second resend of the same key while one runs is refused here; an outcome-unknown notice offers it', async () => {
  let release!: (r: SubmitResult) => void;
  const h = harness({ resend: () => new Promise((resolve) => (release = resolve)) });
  const first = h.flow.resend('sha256:k', 'runreq_A', FILE);
  await new Promise((r) => setImmediate(r));
  assert.equal(await h.flow.resend('sha256:k', 'runreq_A', FILE), undefined);
  assert.equal(
    h.notices[0].text,
    'Not sent: runreq_A is already being re-sent by this window (since 1970-01-01 00:16 UTC). Wait for its answer.',
  );
  release(accepted({ resendOf: 'sub_0' }));
  await first;
  assert.equal(h.calls.length, 1);
});

test('a copy of the request with the same key, submitted while the first is sending, is refused here', async () => {
  let release!: (r: SubmitResult) => void;
  const h = harness({
    keyOf: () => 'sha256:k',
    submit: (_o, call) => (call === 0 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(accepted())),
  });
  const first = h.flow.submit(FILE);
  await new Promise((r) => setImmediate(r));
  assert.equal(await h.flow.submit('/w/.alloy/requests/copy.json'), undefined);
  assert.equal(h.calls.length, 1);
  assert.equal(
    h.notices[0].text,
    'Not sent: the key sha256:k of copy.json is already being sent by this window (checkout-payment.json, since 1970-01-01 00:16 UTC). Wait for its answer.',
  );
  release(accepted());
  await first;
  await h.flow.submit('/w/.alloy/requests/copy.json');
  assert.equal(h.calls.length, 2);
});
