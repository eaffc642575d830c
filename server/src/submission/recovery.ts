// Crash recovery (SPEC §7.4): a `pending` without an outcome whose writer is gone is resolved by
// re-sending the RECORDED bytes with the same key, when younger than the window (24 h); older ones,
// and interrupted `foundry emit` runs, are reported as "outcome unknown — check Foundry", and
// `resendRecorded` sends such recorded bytes again on the user's explicit word.

import { deliver, type DeliveryContext, type GateStop, type Shipment, type Target } from './delivery';
import { engineSettings, type EngineOptions, type EngineSettings } from './engineSettings';
import { isLoopbackHost } from './endpoint';
import { liveRecords, isYoung, type DecisionContext } from './ledgerDecision';
import { ledgerWarningText, readLedger, recordState, recordedBytes, type SubmissionRecord } from './ledger';
import type { SubmissionPorts } from './ports';
import type { Refusal } from './refusal';
import type { SentResult, SubmitResult } from './submitResult';

export interface UnknownOutcome {
  record: SubmissionRecord;
  reason: string;
}

export interface RecoveryReport {
  /** Interrupted submissions whose recorded bytes were sent again. */
  resent: SentResult[];
  /** Interrupted submissions left for the user: "outcome unknown — check Foundry". */
  unknown: UnknownOutcome[];
  /** Why a recovery could not be attempted (the ledger unreadable, a re-send refused). */
  refusals: Refusal[];
  warnings: string[];
}

export function deliveryContext(
  settings: EngineSettings,
  options: EngineOptions,
  ports: SubmissionPorts,
  warnings: string[],
): DeliveryContext {
  return {
    ports,
    policy: settings.policy,
    cliTimeoutMs: settings.cliTimeoutMs,
    ...(settings.token === undefined ? {} : { token: settings.token }),
    scrub: settings.scrub,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    warnings,
  };
}

function recordedTarget(record: SubmissionRecord, settings: EngineSettings): { ok: true; target: Target } | { ok: false; reason: string } {
  const pending = record.pending;
  if (!pending) return { ok: false, reason: 'its pending line (with the bytes) is missing from the ledger' };
  if (pending.transport === 'foundry-cli') {
    if (!pending.command) return { ok: false, reason: 'the recorded foundry command is missing' };
    return { ok: true, target: { kind: 'foundry-cli', cliPath: settings.foundryCliPath, args: pending.command } };
  }
  let url: URL;
  try {
    url = new URL(pending.endpoint ?? '');
  } catch {
    return { ok: false, reason: 'the recorded endpoint is missing or not a URL' };
  }
  const plain = url.protocol === 'http:';
  if ((!plain && url.protocol !== 'https:') || (plain && !isLoopbackHost(url.hostname)) || url.username !== '' || url.password !== '') {
    return { ok: false, reason: `the recorded endpoint ${url.host} is not an https (or loopback http) URL` };
  }
  return { ok: true, target: { kind: 'http', url: url.toString(), host: url.host } };
}

/** Still the one to re-send (not re-sent meanwhile, nothing in flight or confirmed for its key)? */
function stillResendable(
  target: SubmissionRecord,
  context: DecisionContext,
): (records: readonly SubmissionRecord[]) => GateStop | undefined {
  return (records) => {
    const current = records.find((r) => r.submission === target.submission);
    for (const record of liveRecords(records, target.key)) {
      const state = recordState(record, context.now, context.owners);
      if (state === 'accepted' || state === 'already-submitted') return { kind: 'already-submitted', record };
      if (state === 'sending') {
        const owner = record.pending?.owner;
        return {
          kind: 'refused',
          refusal: {
            kind: 'in-flight',
            key: record.key,
            submission: record.submission,
            since: record.firstSentAt,
            pid: owner?.pid ?? 0,
            here: false,
          },
        };
      }
    }
    if (!current || current.resentBy !== undefined) {
      return { kind: 'refused', refusal: { kind: 'nothing-to-resend', key: target.key, reason: 'another submitter already re-sent it' } };
    }
    return undefined;
  };
}

/** Sends the recorded bytes of `record` again, with its key, as a new submission linked to it. */
export async function resendRecord(
  record: SubmissionRecord,
  settings: EngineSettings,
  context: DeliveryContext,
  decision: Omit<DecisionContext, 'now'>,
): Promise<SentResult | GateStop> {
  const refuse = (reason: string): GateStop => ({ kind: 'refused', refusal: { kind: 'nothing-to-resend', key: record.key, reason } });
  const bytes = recordedBytes(record);
  if (!bytes.ok) return refuse(bytes.reason);
  const target = recordedTarget(record, settings);
  if (!target.ok) return refuse(target.reason);
  const pending = record.pending!;
  const shipment: Shipment = {
    bytes: bytes.bytes,
    sha256: pending.sha256,
    key: record.key,
    requestId: record.requestId,
    requestFile: pending.requestFile,
    root: pending.root,
    ...(pending.callbackUrl === undefined ? {} : { callbackUrl: pending.callbackUrl }),
    target: target.target,
    resendOf: record.submission,
  };
  const gate = (records: readonly SubmissionRecord[]) => stillResendable(record, { ...decision, now: context.ports.clock.now() })(records);
  return deliver(shipment, gate, context);
}

/** Resolves every interrupted submission in the ledger (editor activation, the start of `alloy submit`). */
export async function recoverPending(options: EngineOptions, ports: SubmissionPorts): Promise<RecoveryReport> {
  const report: RecoveryReport = { resent: [], unknown: [], refusals: [], warnings: [] };
  const setup = engineSettings(options);
  if (!setup.ok) return { ...report, refusals: [setup.refusal] };
  const read = await readLedger(ports.ledger);
  if (!read.ok) return { ...report, refusals: [read.refusal] };
  const warnings: string[] = [];
  read.snapshot.warnings.forEach((w) => warnings.push(ledgerWarningText(w, read.snapshot.location)));
  const decision = { owners: ports.owners, resendWindowMs: setup.settings.resendWindowMs };
  const context = deliveryContext(setup.settings, options, ports, warnings);
  const now = ports.clock.now();
  for (const record of read.snapshot.records) {
    if (record.resentBy !== undefined || !record.pending || recordState(record, now, ports.owners) !== 'interrupted') continue;
    if (record.pending.transport === 'foundry-cli') {
      report.unknown.push({ record, reason: 'the foundry emit run was interrupted, and a CLI run is never repeated automatically' });
      continue;
    }
    if (!isYoung(record, { ...decision, now })) {
      report.unknown.push({ record, reason: 'it was interrupted more than the automatic re-send window ago' });
      continue;
    }
    const sent = await resendRecord(record, setup.settings, context, decision);
    if (sent.kind === 'sent') report.resent.push(sent);
    else if (sent.kind === 'refused') report.refusals.push(sent.refusal);
  }
  return { ...report, warnings: [...new Set(warnings)] };
}

/** "Resend (same key)": the latest recorded bytes of `key`, sent again on the user's explicit word. */
export async function resendRecorded(
  key: string,
  options: EngineOptions & { confirmedFull?: boolean },
  ports: SubmissionPorts,
): Promise<SubmitResult> {
  const warnings: string[] = [];
  const done = (result: SentResult | GateStop): SubmitResult => ({ ...result, warnings: [...new Set(warnings)], recovered: [] });
  const setup = engineSettings(options);
  if (!setup.ok) return done({ kind: 'refused', refusal: setup.refusal });
  const read = await readLedger(ports.ledger);
  if (!read.ok) return done({ kind: 'refused', refusal: read.refusal });
  read.snapshot.warnings.forEach((w) => warnings.push(ledgerWarningText(w, read.snapshot.location)));
  const live = liveRecords(read.snapshot.records, key).filter((r) => r.pending !== undefined);
  const latest = live[live.length - 1];
  if (!latest)
    return done({ kind: 'refused', refusal: { kind: 'nothing-to-resend', key, reason: 'the ledger has no submission with its bytes' } });
  const throttle = recordedThrottle(latest);
  if (throttle?.throttle === 'full' && options.confirmedFull !== true) {
    return done({ kind: 'refused', refusal: { kind: 'confirm-full', ...throttle.fields } });
  }
  const decision = { owners: ports.owners, resendWindowMs: setup.settings.resendWindowMs };
  return done(await resendRecord(latest, setup.settings, deliveryContext(setup.settings, options, ports, warnings), decision));
}

/** The throttle and confirmation words of recorded bytes (they were checked when first submitted). */
function recordedThrottle(
  record: SubmissionRecord,
): { throttle: string; fields: Omit<Extract<Refusal, { kind: 'confirm-full' }>, 'kind'> } | undefined {
  const bytes = recordedBytes(record);
  if (!bytes.ok) return undefined;
  try {
    const data = JSON.parse(new TextDecoder().decode(bytes.bytes)) as Record<string, Record<string, unknown> | undefined>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '?');
    return {
      throttle: text(data.foundry?.throttle),
      fields: {
        requestId: record.requestId,
        projectId: text(data.project_id),
        ...(typeof data.repo?.branch === 'string' ? { branch: data.repo.branch } : {}),
        briefId: text(data.brief?.id),
        briefPath: text(data.brief?.local_path),
      },
    };
  } catch {
    return undefined;
  }
}
