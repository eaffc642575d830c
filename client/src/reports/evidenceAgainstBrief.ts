// A run result's evidence observations and capability summary set against what the brief asked
// for (SPEC §8.3): which required evidence is missing, failing or not reported, which protected
// capability is at risk, and what the run reported that the brief did not ask for. Pure.

import { arrayMember, isRecord, member } from './jsonMembers';
import type { ProtectedCapabilityView } from './reportsPageState';
import { textOf } from './shownText';

export const OBSERVATION_STATUSES = ['satisfied', 'partially_satisfied', 'missing', 'failing', 'waived', 'unknown'] as const;
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number];

/** How much a row needs the user: `problem` (missing, failing, at risk), `warning`, `ok`, `neutral`. */
export type Attention = 'problem' | 'warning' | 'ok' | 'neutral';

/** One observation as reported, read defensively. */
export interface ObservationFacts {
  /** Its position in `evidence_observations`. */
  index: number;
  /** `unrecognised` when the report's status is not one of the six (the raw value is in `rawStatus`). */
  status: ObservationStatus | 'unrecognised';
  rawStatus?: string;
  observedBy?: string;
  notes?: string;
  artifacts: string[];
}

export interface RequiredEvidenceRow {
  id: string;
  /** The worst status among the observations of this id, or `not-reported`. */
  status: ObservationStatus | 'unrecognised' | 'not-reported';
  attention: Attention;
  /** Every observation of this id, in report order. */
  observations: ObservationFacts[];
  /** Observations of this id disagree about its status. */
  conflicting: boolean;
}

export interface CapabilityRow extends ProtectedCapabilityView {
  status: 'preserved' | 'at-risk' | 'not-mentioned';
  attention: Attention;
  /** The summary lists it as both preserved and at risk (it is shown at risk). */
  conflicting: boolean;
}

/** An observation of evidence the brief's `evidence_plan.required` does not list. */
export interface UnaskedObservationRow {
  /** Its `evidence_definition_id` (as text), or '' when it has none. */
  id: string;
  observation: ObservationFacts;
  attention: Attention;
}

/** A summary entry that names no protected capability of the brief (neither by id nor by statement). */
export interface UnlistedCapabilityRow {
  text: string;
  status: 'preserved' | 'at-risk';
  attention: Attention;
}

export interface EvidenceAgainstBrief {
  required: RequiredEvidenceRow[];
  capabilities: CapabilityRow[];
  unasked: UnaskedObservationRow[];
  unlistedCapabilities: UnlistedCapabilityRow[];
  counts: { missing: number; failing: number; notReported: number; atRisk: number };
}

/** The parts of a brief this comparison needs. */
export interface BriefExpectations {
  requiredEvidence: readonly string[];
  protectedCapabilities: readonly ProtectedCapabilityView[];
}

const SEVERITY: Record<RequiredEvidenceRow['status'], number> = {
  satisfied: 0,
  waived: 1,
  partially_satisfied: 2,
  unknown: 3,
  'not-reported': 3,
  unrecognised: 4,
  missing: 5,
  failing: 6,
};

const ATTENTION: Record<RequiredEvidenceRow['status'], Attention> = {
  satisfied: 'ok',
  waived: 'neutral',
  partially_satisfied: 'warning',
  unknown: 'warning',
  'not-reported': 'warning',
  unrecognised: 'warning',
  missing: 'problem',
  failing: 'problem',
};

function isObservationStatus(value: unknown): value is ObservationStatus {
  return typeof value === 'string' && (OBSERVATION_STATUSES as readonly string[]).includes(value);
}

function observationFacts(value: unknown, index: number): ObservationFacts {
  const status = member(value, 'status');
  const facts: ObservationFacts = {
    index,
    status: isObservationStatus(status) ? status : 'unrecognised',
    artifacts: arrayMember(value, 'supporting_artifacts').map(textOf),
  };
  if (!isObservationStatus(status)) facts.rawStatus = isRecord(value) ? textOf(status) : textOf(value);
  const observedBy = member(value, 'observed_by');
  if (observedBy !== undefined) facts.observedBy = textOf(observedBy);
  const notes = member(value, 'notes');
  if (notes !== undefined) facts.notes = textOf(notes);
  return facts;
}

function capabilityMentions(runResult: unknown, list: string): string[] {
  return arrayMember(member(runResult, 'summary'), list).map(textOf);
}

export function evidenceAgainstBrief(brief: BriefExpectations | undefined, runResult: unknown): EvidenceAgainstBrief {
  const requiredIds = [...new Set(brief?.requiredEvidence ?? [])];
  const byId = new Map<string, ObservationFacts[]>(requiredIds.map((id) => [id, []]));
  const unasked: UnaskedObservationRow[] = [];
  arrayMember(runResult, 'evidence_observations').forEach((value, index) => {
    const facts = observationFacts(value, index);
    const rawId = member(value, 'evidence_definition_id');
    const id = typeof rawId === 'string' ? rawId : rawId === undefined ? '' : textOf(rawId);
    const bucket = typeof rawId === 'string' ? byId.get(rawId) : undefined;
    if (bucket) bucket.push(facts);
    else unasked.push({ id, observation: facts, attention: ATTENTION[facts.status] });
  });

  const required: RequiredEvidenceRow[] = requiredIds.map((id) => {
    const observations = byId.get(id) ?? [];
    let status: RequiredEvidenceRow['status'] = 'not-reported';
    for (const o of observations) if (status === 'not-reported' || SEVERITY[o.status] > SEVERITY[status]) status = o.status;
    const conflicting = new Set(observations.map((o) => o.status)).size > 1;
    return { id, status, attention: ATTENTION[status], observations, conflicting };
  });

  const preserved = capabilityMentions(runResult, 'capabilities_preserved');
  const atRisk = capabilityMentions(runResult, 'capabilities_at_risk');
  const matched = new Set<string>();
  const seenCapabilities = new Set<string>();
  const capabilities: CapabilityRow[] = [];
  for (const capability of brief?.protectedCapabilities ?? []) {
    if (seenCapabilities.has(capability.id)) continue;
    seenCapabilities.add(capability.id);
    const names = (text: string) => text === capability.id || text === capability.statement;
    const risk = atRisk.filter(names);
    const kept = preserved.filter(names);
    for (const text of [...risk, ...kept]) matched.add(text);
    const status = risk.length > 0 ? 'at-risk' : kept.length > 0 ? 'preserved' : 'not-mentioned';
    const attention: Attention = status === 'at-risk' ? 'problem' : status === 'preserved' ? 'ok' : 'warning';
    capabilities.push({ ...capability, status, attention, conflicting: risk.length > 0 && kept.length > 0 });
  }

  const unlistedCapabilities: UnlistedCapabilityRow[] = [];
  const unlistedSeen = new Set<string>();
  for (const [list, status] of [
    [atRisk, 'at-risk'],
    [preserved, 'preserved'],
  ] as const) {
    for (const text of list) {
      const key = `${status}\u0000${text}`;
      if (matched.has(text) || unlistedSeen.has(key)) continue;
      unlistedSeen.add(key);
      unlistedCapabilities.push({ text, status, attention: status === 'at-risk' ? 'problem' : 'neutral' });
    }
  }

  const counts = {
    missing: required.filter((r) => r.status === 'missing').length,
    failing: required.filter((r) => r.status === 'failing').length,
    notReported: required.filter((r) => r.status === 'not-reported').length,
    atRisk: capabilities.filter((c) => c.status === 'at-risk').length + unlistedCapabilities.filter((c) => c.status === 'at-risk').length,
  };
  return { required, capabilities, unasked, unlistedCapabilities, counts };
}
