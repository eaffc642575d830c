// The words, symbol and tone of every status the reports page shows. A status is always given in
// words (the symbol and its colour only repeat them), so it reads the same to a screen reader, in
// high contrast and to someone who cannot tell the colours apart.

import type { Attention, CapabilityRow, RequiredEvidenceRow } from './evidenceAgainstBrief';
import type { RequestStateName } from './reportsPageState';

/** `good`, `bad`, `warn` and `neutral` map to theme colours; the words carry the meaning. */
export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

export interface StatusLabel {
  symbol: string;
  words: string;
  tone: Tone;
}

const REQUEST_STATE_LABELS: Record<RequestStateName, StatusLabel> = {
  pending: { symbol: '◷', words: 'pending (recorded, not sent yet)', tone: 'neutral' },
  sent: { symbol: '↗', words: 'sent (no answer yet)', tone: 'neutral' },
  accepted: { symbol: '✓', words: 'accepted by Foundry', tone: 'good' },
  started: { symbol: '▶', words: 'started', tone: 'neutral' },
  completed: { symbol: '✓', words: 'completed', tone: 'good' },
  failed: { symbol: '✗', words: 'failed', tone: 'bad' },
  'already-submitted': { symbol: '↺', words: 'already submitted', tone: 'neutral' },
  rejected: { symbol: '✗', words: 'rejected', tone: 'bad' },
  'given-up': { symbol: '✗', words: 'given up', tone: 'bad' },
  cancelled: { symbol: '⊘', words: 'cancelled', tone: 'warn' },
  'outcome-unknown': { symbol: '?', words: 'outcome unknown — check Foundry', tone: 'warn' },
};

export function requestStateLabel(state: string): StatusLabel {
  return Object.prototype.hasOwnProperty.call(REQUEST_STATE_LABELS, state)
    ? REQUEST_STATE_LABELS[state as RequestStateName]
    : { symbol: '?', words: `unknown state "${state}"`, tone: 'warn' };
}

const RUN_STATUS_LABELS: Record<string, StatusLabel> = {
  completed: { symbol: '✓', words: 'completed', tone: 'good' },
  completed_with_findings: { symbol: '⚠', words: 'completed with findings', tone: 'warn' },
  failed: { symbol: '✗', words: 'failed', tone: 'bad' },
  rejected: { symbol: '✗', words: 'rejected by Foundry', tone: 'bad' },
  cancelled: { symbol: '⊘', words: 'cancelled', tone: 'warn' },
};

const GATE_STATUS_LABELS: Record<string, StatusLabel> = {
  passed: { symbol: '✓', words: 'passed', tone: 'good' },
  failed: { symbol: '✗', words: 'failed', tone: 'bad' },
  skipped: { symbol: '○', words: 'skipped', tone: 'neutral' },
};

const EVIDENCE_LABELS: Record<RequiredEvidenceRow['status'], StatusLabel> = {
  satisfied: { symbol: '✓', words: 'satisfied', tone: 'good' },
  partially_satisfied: { symbol: '◐', words: 'partially satisfied', tone: 'warn' },
  missing: { symbol: '✗', words: 'missing', tone: 'bad' },
  failing: { symbol: '✗', words: 'failing', tone: 'bad' },
  waived: { symbol: '–', words: 'waived', tone: 'neutral' },
  unknown: { symbol: '?', words: 'unknown', tone: 'warn' },
  'not-reported': { symbol: '?', words: 'not reported', tone: 'warn' },
  unrecognised: { symbol: '?', words: 'unrecognised status', tone: 'warn' },
};

const CAPABILITY_LABELS: Record<CapabilityRow['status'], StatusLabel> = {
  preserved: { symbol: '✓', words: 'preserved', tone: 'good' },
  'at-risk': { symbol: '⚠', words: 'at risk', tone: 'bad' },
  'not-mentioned': { symbol: '–', words: 'not mentioned', tone: 'neutral' },
};

function lookup(table: Record<string, StatusLabel>, value: string | undefined, what: string): StatusLabel {
  if (value !== undefined && Object.prototype.hasOwnProperty.call(table, value)) return table[value];
  return { symbol: '?', words: value === undefined ? `no ${what}` : `unrecognised ${what} "${value}"`, tone: 'warn' };
}

export function runStatusLabel(status: string | undefined): StatusLabel {
  return lookup(RUN_STATUS_LABELS, status, 'status');
}

export function gateStatusLabel(status: string | undefined): StatusLabel {
  return lookup(GATE_STATUS_LABELS, status, 'status');
}

export function evidenceLabel(status: RequiredEvidenceRow['status']): StatusLabel {
  return EVIDENCE_LABELS[status];
}

export function capabilityLabel(status: CapabilityRow['status']): StatusLabel {
  return CAPABILITY_LABELS[status];
}

/** The tone of a row that needs (or does not need) attention. */
export function toneOfAttention(attention: Attention): Tone {
  return attention === 'problem' ? 'bad' : attention === 'warning' ? 'warn' : attention === 'ok' ? 'good' : 'neutral';
}
