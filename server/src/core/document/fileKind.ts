// Recognises an Alloy file by its `schema_version`, or by its folder when that is missing.

export type FileKind = 'request' | 'brief' | 'run-result' | 'evidence-observation';

export const SCHEMA_VERSIONS: Record<FileKind, string> = {
  request: 'alloy.foundry_execution_request.v1',
  brief: 'alloy.formation_brief.v1',
  'run-result': 'alloy.foundry_run_result.v1',
  'evidence-observation': 'alloy.evidence_observation.v1',
};

const KIND_BY_NAME: Record<string, FileKind> = {
  foundry_execution_request: 'request',
  formation_brief: 'brief',
  foundry_run_result: 'run-result',
  evidence_observation: 'evidence-observation',
};

export interface VersionInfo {
  kind: FileKind;
  major: number;
}

/** Reads `alloy.<kind>.v<major>`; undefined when the string names no Alloy kind. */
export function parseSchemaVersion(value: unknown): VersionInfo | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^alloy\.([a-z_]+)\.v(\d+)(?:\.\d+)*$/.exec(value);
  if (!m || !Object.prototype.hasOwnProperty.call(KIND_BY_NAME, m[1])) return undefined;
  return { kind: KIND_BY_NAME[m[1]], major: Number(m[2]) };
}

export type FileFormat = 'json' | 'yaml';

export function formatOfPath(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** The kind a file's folder implies: `.alloy/requests/` or `.alloy/briefs/`. */
export function kindOfFolder(path: string): FileKind | undefined {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)\.alloy\/requests\/[^/]+$/.test(p)) return 'request';
  if (/(^|\/)\.alloy\/briefs\/[^/]+$/.test(p)) return 'brief';
  return undefined;
}

/** Whether a path lies inside a `.alloy/` folder (such files are analysed at start-up). */
export function isInAlloyFolder(path: string): boolean {
  return /(^|\/)\.alloy\//.test(path.replace(/\\/g, '/'));
}
