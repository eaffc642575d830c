// The engine's main entry (SPEC §7): prepare the request (exact bytes, `alloy check`'s errors),
// consult the ledger (in flight, already submitted, same key with other bytes, interrupted),
// ask for `full`, then deliver under the lock with the write-ahead `pending` line first.

import * as path from 'node:path';
import { deliver, type DeliveryContext, type GateStop, type Target } from './delivery';
import { resolveEndpoint } from './endpoint';
import { engineSettings, isTransportName, type EngineOptions } from './engineSettings';
import { foundryEmitArgs, MAX_ARGUMENT_BYTES, oversizedArgument } from './foundryEmitArgs';
import type { TransportName } from './ledgerEntry';
import { decideSubmission, type DecisionContext } from './ledgerDecision';
import { ledgerWarningText, readLedger, type SubmissionRecord } from './ledger';
import type { SubmissionPorts } from './ports';
import { prepareRequest, type PreparedRequest } from './preparedRequest';
import { deliveryContext, resendRecord } from './recovery';
import type { Refusal } from './refusal';
import type { SentResult, SubmitResult } from './submitResult';

export interface SubmitOptions extends EngineOptions {
  /** Default `http`. */
  transport?: TransportName;
  /** HTTP: the endpoint URL; `{project_id}` in it is replaced (URL-encoded). */
  endpoint?: string;
  /** Where a file's repository root falls back to (SPEC §1). */
  workspaceFolders?: readonly string[];
  /** Files with unsaved changes (the editor knows): the request or its brief among them refuses. */
  unsavedFiles?: readonly string[];
  /** An untrusted workspace refuses. */
  untrusted?: boolean;
  /** `throttle: full` is sent only with this (the editor's modal, the CLI's `--yes`). */
  confirmedFull?: boolean;
}

/** How many interrupted submissions of one key are resolved before the request itself is decided. */
const MAX_RECOVERY_ROUNDS = 3;

function targetOf(
  request: PreparedRequest,
  transport: TransportName,
  options: SubmitOptions,
  cliPath: string,
): { ok: true; target: Target } | { ok: false; refusal: Refusal } {
  if (transport === 'http') {
    const endpoint = resolveEndpoint(options.endpoint, request.projectId);
    return endpoint.ok ? { ok: true, target: { kind: 'http', url: endpoint.url, host: endpoint.host } } : endpoint;
  }
  if (Object.prototype.hasOwnProperty.call(request.payload, 'alloy'))
    return { ok: false, refusal: { kind: 'payload-has-alloy', file: request.file } };
  const args = foundryEmitArgs(request);
  const oversized = oversizedArgument(args);
  if (oversized !== undefined) return { ok: false, refusal: { kind: 'command-too-long', bytes: oversized, limit: MAX_ARGUMENT_BYTES - 1 } };
  return { ok: true, target: { kind: 'foundry-cli', cliPath, args } };
}

function sameFile(a: string, b: string | undefined): boolean {
  return b !== undefined && path.resolve(a) === path.resolve(b);
}

export async function submitRequest(file: string, options: SubmitOptions, ports: SubmissionPorts): Promise<SubmitResult> {
  const warnings: string[] = [];
  const recovered: SentResult[] = [];
  const done = (result: SentResult | GateStop): SubmitResult => ({ ...result, warnings: [...new Set(warnings)], recovered });
  const refuse = (refusal: Refusal) => done({ kind: 'refused', refusal });

  const setup = engineSettings(options);
  if (!setup.ok) return refuse(setup.refusal);
  const settings = setup.settings;
  const transport = options.transport ?? 'http';
  if (!isTransportName(transport))
    return refuse({ kind: 'bad-setting', setting: 'the transport', reason: `must be http or foundry-cli, not ${String(transport)}` });
  if (options.untrusted) return refuse({ kind: 'untrusted' });
  const absolute = path.resolve(file);
  const unsaved = options.unsavedFiles ?? [];
  if (unsaved.some((f) => sameFile(f, absolute))) return refuse({ kind: 'unsaved', files: [absolute] });

  const prepared = await prepareRequest(absolute, { workspaceFolders: options.workspaceFolders }, ports);
  if (!prepared.ok) return refuse(prepared.refusal);
  const request = prepared.request;
  if (request.briefFile !== undefined && unsaved.some((f) => sameFile(f, request.briefFile)))
    return refuse({ kind: 'unsaved', files: [request.briefFile] });
  if (settings.token !== undefined && request.text.includes(settings.token)) {
    return refuse({
      kind: 'bad-setting',
      setting: 'the request file',
      reason: 'contains the API token; remove it (the file is sent and recorded as it is)',
    });
  }
  const target = targetOf(request, transport, options, settings.foundryCliPath);
  if (!target.ok) return refuse(target.refusal);

  const context: DeliveryContext = deliveryContext(settings, options, ports, warnings);
  const decisionContext = (): DecisionContext => ({
    now: ports.clock.now(),
    owners: ports.owners,
    resendWindowMs: settings.resendWindowMs,
  });

  let resendOf: string | undefined;
  for (let round = 0; ; round++) {
    const read = await readLedger(ports.ledger);
    if (!read.ok) return refuse(read.refusal);
    read.snapshot.warnings.forEach((w) => warnings.push(ledgerWarningText(w, read.snapshot.location)));
    const decision = decideSubmission(read.snapshot.records, request, decisionContext());
    if (decision.kind === 'refuse') return refuse(decision.refusal);
    if (decision.kind === 'already-submitted') return done({ kind: 'already-submitted', record: decision.record });
    if (decision.kind === 'send') {
      resendOf = decision.resendOf;
      break;
    }
    if (round >= MAX_RECOVERY_ROUNDS) {
      return refuse({ kind: 'ledger-busy', location: ports.ledger.location, reason: 'interrupted submissions of this key keep appearing' });
    }
    const resent = await resendRecord(decision.record, settings, context, {
      owners: ports.owners,
      resendWindowMs: settings.resendWindowMs,
    });
    if (resent.kind !== 'sent') return done(resent);
    // The interrupted bytes were this very file's: that re-send is the answer.
    if (resent.sha256 === request.sha256) return done(resent);
    recovered.push(resent);
  }

  if (request.throttle === 'full' && options.confirmedFull !== true) {
    return refuse({
      kind: 'confirm-full',
      requestId: request.requestId,
      projectId: request.projectId,
      ...(request.branch === undefined ? {} : { branch: request.branch }),
      briefId: request.briefId,
      briefPath: request.briefPath,
    });
  }

  const gate = (records: readonly SubmissionRecord[]): GateStop | undefined => {
    const decision = decideSubmission(records, request, decisionContext());
    switch (decision.kind) {
      case 'send':
        return undefined;
      case 'refuse':
        return { kind: 'refused', refusal: decision.refusal };
      case 'already-submitted':
        return { kind: 'already-submitted', record: decision.record };
      case 'recover':
        return {
          kind: 'refused',
          refusal: { kind: 'ledger-busy', location: ports.ledger.location, reason: 'the ledger changed while this key was checked' },
        };
    }
  };
  return done(
    await deliver(
      {
        bytes: request.bytes,
        sha256: request.sha256,
        key: request.key,
        requestId: request.requestId,
        requestFile: request.file,
        root: request.root,
        ...(request.callbackUrl === undefined ? {} : { callbackUrl: request.callbackUrl }),
        target: target.target,
        ...(resendOf === undefined ? {} : { resendOf }),
      },
      gate,
      context,
    ),
  );
}
