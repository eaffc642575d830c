// The request ↔ brief rules that are more than one equality: the digest, the brief's status, the
// throttle ceiling, and the runtime (entry event and payload). Each is a small named function
// from (request, brief) to its diagnostics.

import type { PendingDiagnostic } from '../document/diagnostic';
import { nodeAtPath, propertyAtPath, scalarAt, type JsonValue } from '../document/syntaxTree';
import { canonicalJson } from '../hashing/canonicalHash';
import { isExecutableStatus } from './briefStatus';
import type { FileAnalysis } from './fileAnalysis';
import { relatedAt } from './relatedAt';

export type BriefRule = (request: FileAnalysis, brief: FileAnalysis) => PendingDiagnostic[];

export const digestMatches: BriefRule = (request, brief) => {
  const digest = scalarAt(request.root, ['brief', 'digest']);
  if (!digest || typeof digest.value !== 'string' || !brief.digest || digest.value === brief.digest) return [];
  return [
    {
      code: 'digest-mismatch',
      message: `brief.digest does not match the brief: its content hashes to ${brief.digest}.`,
      span: digest.span,
      data: { expected: brief.digest },
    },
  ];
};

export const briefIsExecutable: BriefRule = (request, brief) => {
  const status = scalarAt(brief.root, ['status']);
  const localPath = nodeAtPath(request.root, ['brief', 'local_path']);
  if (!status || !localPath || isExecutableStatus(status.value)) return [];
  return [
    {
      code: 'brief-not-executable',
      message: `The brief's status is "${String(status.value)}": only a compiled brief (or a later state other than archived) can run.`,
      span: localPath.span,
      related: relatedAt(brief, ['status'], "the brief's status"),
    },
  ];
};

export const throttleWithinBrief: BriefRule = (request, brief) => {
  const throttle = scalarAt(request.root, ['foundry', 'throttle']);
  const briefThrottle = scalarAt(brief.root, ['foundry', 'throttle']);
  if (throttle?.value !== 'full' || briefThrottle?.value !== 'dry_run') return [];
  return [
    {
      code: 'throttle-exceeds-brief',
      message: 'The request runs "full" (mutating) while the brief allows only "dry_run".',
      span: throttle.span,
      related: relatedAt(brief, ['foundry', 'throttle'], "the brief's throttle"),
    },
  ];
};

export const entryEventMatches: BriefRule = (request, brief) => {
  const event = scalarAt(request.root, ['foundry', 'entry_event']);
  const briefEvent = scalarAt(brief.root, ['foundry', 'entry_event']);
  if (!event || !briefEvent || event.value === briefEvent.value) return [];
  return [
    {
      code: 'brief-runtime-differs',
      message: `entry_event "${String(event.value)}" differs from the brief's "${String(briefEvent.value)}".`,
      span: event.span,
      related: relatedAt(brief, ['foundry', 'entry_event'], "the brief's entry_event"),
    },
  ];
};

function payloadOf(analysis: FileAnalysis): JsonValue | undefined {
  return (analysis.value as { foundry?: { payload?: JsonValue } } | undefined)?.foundry?.payload;
}

/** Compared as the key hashes them (RFC 8785): -0 and 0, 1.0 and 1 are the same payload. */
export const payloadMatches: BriefRule = (request, brief) => {
  const payload = nodeAtPath(request.root, ['foundry', 'payload']);
  const briefPayload = nodeAtPath(brief.root, ['foundry', 'payload']);
  const mine = payloadOf(request);
  const theirs = payloadOf(brief);
  if (!payload || !briefPayload || mine === undefined || theirs === undefined || canonicalJson(mine) === canonicalJson(theirs)) return [];
  return [
    {
      code: 'brief-runtime-differs',
      message: "foundry.payload differs from the brief's foundry.payload.",
      span: propertyAtPath(request.root, ['foundry', 'payload'])?.keySpan ?? payload.span,
      related: relatedAt(brief, ['foundry', 'payload'], "the brief's payload"),
    },
  ];
};

/** In the order their diagnostics are reported. */
export const BRIEF_RULES: readonly BriefRule[] = [digestMatches, briefIsExecutable, throttleWithinBrief, entryEventMatches, payloadMatches];
