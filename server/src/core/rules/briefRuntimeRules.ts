// The request ↔ brief rules that are more than one equality: the digest, the brief's status, the
// throttle ceiling, and the runtime (entry event and payload). Each is a small named function
// from (request, brief) to its diagnostics. They read the data; positions are asked for only to
// place a diagnostic.

import type { PendingDiagnostic } from '../document/diagnostic';
import { propertyAtPath, scalarValueAt, spanAtPath, valueAtPath } from '../document/syntaxTree';
import { canonicallyEqual } from '../hashing/canonicalHash';
import { isExecutableStatus } from './briefStatus';
import type { FileAnalysis } from './fileAnalysis';
import { relatedAt } from './relatedAt';

export type BriefRule = (request: FileAnalysis, brief: FileAnalysis) => PendingDiagnostic[];

export const digestMatches: BriefRule = (request, brief) => {
  const digest = scalarValueAt(request.value, ['brief', 'digest']);
  if (typeof digest !== 'string' || !brief.digest || digest === brief.digest) return [];
  return [
    {
      code: 'digest-mismatch',
      message: `brief.digest does not match the brief: its content hashes to ${brief.digest}.`,
      span: spanAtPath(request.root, ['brief', 'digest']),
      data: { expected: brief.digest },
    },
  ];
};

export const briefIsExecutable: BriefRule = (request, brief) => {
  const status = scalarValueAt(brief.value, ['status']);
  const localPath = valueAtPath(request.value, ['brief', 'local_path']);
  if (status === undefined || localPath === undefined || isExecutableStatus(status)) return [];
  return [
    {
      code: 'brief-not-executable',
      message: `The brief's status is "${String(status)}": only a compiled brief (or a later state other than archived) can run.`,
      span: spanAtPath(request.root, ['brief', 'local_path']),
      related: relatedAt(brief, ['status'], "the brief's status"),
    },
  ];
};

export const throttleWithinBrief: BriefRule = (request, brief) => {
  const throttle = scalarValueAt(request.value, ['foundry', 'throttle']);
  const briefThrottle = scalarValueAt(brief.value, ['foundry', 'throttle']);
  if (throttle !== 'full' || briefThrottle !== 'dry_run') return [];
  return [
    {
      code: 'throttle-exceeds-brief',
      message: 'The request runs "full" (mutating) while the brief allows only "dry_run".',
      span: spanAtPath(request.root, ['foundry', 'throttle']),
      related: relatedAt(brief, ['foundry', 'throttle'], "the brief's throttle"),
    },
  ];
};

export const entryEventMatches: BriefRule = (request, brief) => {
  const event = scalarValueAt(request.value, ['foundry', 'entry_event']);
  const briefEvent = scalarValueAt(brief.value, ['foundry', 'entry_event']);
  if (event === undefined || briefEvent === undefined || event === briefEvent) return [];
  return [
    {
      code: 'brief-runtime-differs',
      message: `entry_event "${String(event)}" differs from the brief's "${String(briefEvent)}".`,
      span: spanAtPath(request.root, ['foundry', 'entry_event']),
      related: relatedAt(brief, ['foundry', 'entry_event'], "the brief's entry_event"),
    },
  ];
};

/** Compared as the key hashes them (RFC 8785): -0 and 0, 1.0 and 1 are the same payload. */
export const payloadMatches: BriefRule = (request, brief) => {
  const mine = valueAtPath(request.value, ['foundry', 'payload']);
  const theirs = valueAtPath(brief.value, ['foundry', 'payload']);
  if (mine === undefined || theirs === undefined || canonicallyEqual(mine, theirs)) return [];
  return [
    {
      code: 'brief-runtime-differs',
      message: "foundry.payload differs from the brief's foundry.payload.",
      span: propertyAtPath(request.root, ['foundry', 'payload'])?.keySpan ?? spanAtPath(request.root, ['foundry', 'payload']),
      related: relatedAt(brief, ['foundry', 'payload'], "the brief's payload"),
    },
  ];
};

/** In the order their diagnostics are reported. */
export const BRIEF_RULES: readonly BriefRule[] = [digestMatches, briefIsExecutable, throttleWithinBrief, entryEventMatches, payloadMatches];
