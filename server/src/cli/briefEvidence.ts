// The evidence a request's brief requires (`evidence_plan.required`), read with the analysis core
// from the request file's brief, so the run's summary can say which required evidence is missing.
// Undefined when the brief cannot be read or has no such list.

import { AlloyWorkspace, type FileSystemHost } from '../core';

export function requiredEvidenceOf(host: FileSystemHost, workspaceFolder: string, requestFile: string): string[] | undefined {
  const workspace = new AlloyWorkspace(host, [workspaceFolder]);
  const briefPath = workspace.check(requestFile).briefPath;
  if (briefPath === undefined) return undefined;
  const value = workspace.analysisOf(briefPath)?.value as { evidence_plan?: { required?: unknown } } | null | undefined;
  const required = value?.evidence_plan?.required;
  return Array.isArray(required) && required.every((r) => typeof r === 'string') ? required : undefined;
}
