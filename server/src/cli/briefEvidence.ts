// The evidence a request's brief requires (`evidence_plan.required`), read with the analysis core
// from the request file's brief, so the run's summary can say which required evidence is missing;
// and whether the run used that brief at all (its `brief_digest`): a run of another version of the
// brief is not held to the evidence the brief asks for now.

import { AlloyWorkspace, type FileSystemHost } from '../core';

export interface BriefEvidence {
  required: string[];
  /** The brief's digest as it is now (undefined when it cannot be computed). */
  digest: string | undefined;
}

/** Undefined when the brief cannot be read or has no such list. */
export function briefEvidenceOf(host: FileSystemHost, workspaceFolder: string, requestFile: string): BriefEvidence | undefined {
  const workspace = new AlloyWorkspace(host, [workspaceFolder]);
  const briefPath = workspace.check(requestFile).briefPath;
  if (briefPath === undefined) return undefined;
  const brief = workspace.analysisOf(briefPath);
  const value = brief?.value as { evidence_plan?: { required?: unknown } } | null | undefined;
  const required = value?.evidence_plan?.required;
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) return undefined;
  return { required, digest: brief?.digest };
}

/** What the summary counts against: the brief's required evidence, unless the run says it used another version of the brief (then a note says so). */
export function evidenceToCount(brief: BriefEvidence | undefined, run: unknown): { required?: string[]; note?: string } {
  if (brief === undefined) return {};
  const used = typeof run === 'object' && run !== null ? (run as { brief_digest?: unknown }).brief_digest : undefined;
  if (typeof used !== 'string' || brief.digest === undefined || used === brief.digest) return { required: brief.required };
  return {
    note:
      `the run used another version of the brief (${shortDigest(used)}; it is ${shortDigest(brief.digest)} now), ` +
      'so its required evidence is not counted against the brief as it is now',
  };
}

function shortDigest(digest: string): string {
  const shown = digest.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > 19 ? `${shown.slice(0, 18)}…` : shown;
}
