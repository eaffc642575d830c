// Facts a hover adds to the schema docs, computed from the files: the brief digest a request
// names, the brief behind `local_path`, the derived idempotency key and its inputs, and a brief's
// own digest. Each says plainly why it cannot be shown when it cannot.

import * as path from 'node:path';
import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import type { FileAnalysis } from '../rules/fileAnalysis';
import { keyInputs } from '../hashing/idempotencyKey';
import { escapeMarkdown, inlineCode } from './markdownText';
import type { BriefLookup } from '../rules/requestBriefRules';
import { memberOf, stringAt, type JsonPath, type JsonValue } from '../document/syntaxTree';

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}

const NOT_JSON_DATA = 'it does not parse, or it holds duplicate keys or values JSON cannot represent';

/**
 * The computed value next to what the file says: "`X` ✓ matches", "✗ differs: <subject> hashes
 * to `X`", or just "`X`" when the file has no value there.
 */
function computedLine(label: string, computed: string, written: string | undefined, subject: string): string {
  if (written === undefined) return `**${label}:** ${inlineCode(computed)}`;
  if (written === computed) return `**${label}:** ${inlineCode(computed)} ✓ matches`;
  return `**${label}:** ✗ differs: ${subject} hashes to ${inlineCode(computed)}`;
}

function repositoryRelative(workspace: AlloyWorkspace, request: FileAnalysis, file: string): string {
  return path.relative(workspace.rootOf(request.path), file).split(path.sep).join('/');
}

/** Why the brief a request names cannot be used, or undefined when it can. */
function unusableBrief(workspace: AlloyWorkspace, request: FileAnalysis, lookup: BriefLookup | undefined): string | undefined {
  if (!lookup) return '`brief.local_path` does not name a file';
  if (lookup.kind === 'escapes') return `${lookup.reason}, so the brief is not read`;
  const where = inlineCode(repositoryRelative(workspace, request, lookup.path));
  if (lookup.kind === 'not-found')
    return lookup.unreadable ? `the brief at ${where} cannot be used: ${lookup.unreadable.problem}` : `no brief file at ${where}`;
  if (lookup.brief.kind !== 'brief') return `the file at ${where} is not a Formation Brief`;
  return undefined;
}

function requestBriefDigest(workspace: AlloyWorkspace, request: FileAnalysis): string {
  const label = 'Digest of the brief';
  const lookup = workspace.lookupBrief(request);
  const problem = unusableBrief(workspace, request, lookup);
  if (problem) return `**${label}:** cannot be computed: ${problem}.`;
  const brief = (lookup as Extract<BriefLookup, { kind: 'found' }>).brief;
  if (brief.digest === undefined) return `**${label}:** cannot be computed: the brief is not JSON data (${NOT_JSON_DATA}).`;
  return computedLine(label, brief.digest, stringAt(request.root, ['brief', 'digest'])?.value, 'the brief');
}

function briefSummary(workspace: AlloyWorkspace, request: FileAnalysis): string {
  const lookup = workspace.lookupBrief(request);
  const problem = unusableBrief(workspace, request, lookup);
  if (problem) return `**Brief:** cannot be shown: ${problem}.`;
  const found = lookup as Extract<BriefLookup, { kind: 'found' }>;
  const where = inlineCode(repositoryRelative(workspace, request, found.path));
  const value = found.brief.value;
  if (value === undefined) return `**Brief** at ${where}: cannot be shown: the brief does not parse.`;
  const show = (v: JsonValue | undefined) =>
    v === undefined ? '_(missing)_' : typeof v === 'string' ? inlineCode(v) : inlineCode(JSON.stringify(v));
  const objective = memberOf(memberOf(value, 'mission'), 'objective');
  return [
    `**Brief** at ${where}`,
    '',
    `- id: ${show(memberOf(value, 'id'))}`,
    `- version: ${show(memberOf(value, 'version'))}`,
    `- status: ${show(memberOf(value, 'status'))}`,
    `- objective: ${typeof objective === 'string' ? escapeMarkdown(objective) : show(objective)}`,
  ].join('\n');
}

function derivedKey(request: FileAnalysis): string {
  const label = 'Derived key';
  const inputs = request.isJsonData ? keyInputs(request.value as JsonValue) : undefined;
  if (!inputs || request.derivedKey === undefined) {
    const why = request.isJsonData
      ? 'one of its seven inputs is missing or has the wrong type'
      : `the request is not JSON data (${NOT_JSON_DATA})`;
    return `**${label}:** cannot be derived: ${why}.`;
  }
  const lines = Object.entries(inputs).map(([name, v]) => `- ${inlineCode(name)}: ${inlineCode(JSON.stringify(v))}`);
  return [
    computedLine(label, request.derivedKey, stringAt(request.root, ['idempotency_key'])?.value, 'the request'),
    '',
    'Inputs (hashed as RFC 8785 canonical JSON):',
    '',
    ...lines,
  ].join('\n');
}

function ownDigest(brief: FileAnalysis): string {
  const label = 'Digest of this brief';
  if (brief.digest === undefined) return `**${label}:** cannot be computed: the brief is not JSON data (${NOT_JSON_DATA}).`;
  return computedLine(label, brief.digest, stringAt(brief.root, ['digest'])?.value, 'the brief');
}

/** The computed facts for a hover at `at` (a key or its value), when that field has any. */
export function computedFacts(workspace: AlloyWorkspace, analysis: FileAnalysis, at: JsonPath): string | undefined {
  if (analysis.kind === 'request') {
    if (samePath(at, ['brief', 'digest'])) return requestBriefDigest(workspace, analysis);
    if (samePath(at, ['brief', 'local_path'])) return briefSummary(workspace, analysis);
    if (samePath(at, ['idempotency_key'])) return derivedKey(analysis);
  }
  if (analysis.kind === 'brief' && samePath(at, ['digest'])) return ownDigest(analysis);
  return undefined;
}
