// A new Foundry Execution Request made from a brief (issue 15 item 4): every field filled from the
// brief and the repository (a fresh `runreq_` + ULID id, the revision and branch HEAD names, the
// brief's id, version, digest and path, its `foundry` block, a callback URL naming the new id, the
// idempotency key), and checked as `alloy check` would before anyone writes it. A brief that cannot
// run, or a repository whose HEAD cannot be read, gets a reason instead. Nothing is written here.

import * as path from 'node:path';
import type { AlloyDiagnostic } from '../document/diagnostic';
import { memberOf, type JsonValue } from '../document/syntaxTree';
import { idempotencyKey, keyInputs } from '../hashing/idempotencyKey';
import { isExecutableStatus } from '../rules/briefStatus';
import { analyzeFile } from '../rules/fileAnalysis';
import { finalizeDiagnostics } from '../rules/finalizeDiagnostics';
import { checkRequestAgainstBrief } from '../rules/requestBriefRules';
import { isCallbackUrl, isGitRefName } from '../schema/formats';
import type { AlloyWorkspace } from '../workspace/alloyWorkspace';
import { readProblemText, type FileSystemHost } from '../workspace/fileSystemHost';
import { readGitHead, type GitProblemCode } from '../workspace/gitRevision';
import { isInside } from '../workspace/repositoryPaths';
import type { RequestPorts } from '../workspace/requestPorts';
import { newRequestId, ULID_RANDOM_BYTES } from './requestId';

/** Where reports come back when nothing else is configured: the local receiver of SPEC §8.1 on the example's port. */
export const DEFAULT_CALLBACK_URL = 'http://127.0.0.1:47311/api/run-requests/{request_id}/completed';

/** The place of `{request_id}` in a configured callback URL. */
export const REQUEST_ID_PLACEHOLDER = '{request_id}';

export type NewRequestProblemCode =
  | 'brief-unreadable'
  | 'not-a-brief'
  | 'brief-has-errors'
  | 'brief-not-executable'
  | 'brief-outside-root'
  | 'bad-output-path'
  | 'request-file-exists'
  | 'bad-callback-url'
  | 'bad-revision'
  | 'bad-branch'
  | 'detached-head'
  | GitProblemCode
  /** The request made would not check clean (a guard: it names what failed). */
  | 'request-invalid';

export interface NewRequestOptions {
  /** Where to write it (absolute); default `<root>/.alloy/requests/<request_id>.json`. */
  out?: string;
  /** A callback URL with `{request_id}` in it; default DEFAULT_CALLBACK_URL. */
  callbackUrl?: string;
  /** A commit id to use instead of reading HEAD's. */
  revision?: string;
  /** A branch to use instead of HEAD's (needed when HEAD is detached). */
  branch?: string;
}

export interface NewRequest {
  ok: true;
  /** Absolute path of the file to create. */
  file: string;
  requestId: string;
  /** The file's text: the request as 2-space JSON, with a final newline. */
  text: string;
  revision: string;
  branch: string;
  /** The repository root the request belongs to. */
  root: string;
  /** Diagnostics the new file has (warnings only, such as `mutating-on-shared-branch`). */
  diagnostics: AlloyDiagnostic[];
}

export type NewRequestResult = NewRequest | { ok: false; code: NewRequestProblemCode; message: string };

type Refusal = { ok: false; code: NewRequestProblemCode; message: string };

function refuse(code: NewRequestProblemCode, message: string): Refusal {
  return { ok: false, code, message };
}

const REVISION = /^[0-9a-f]{4,64}$/;

/** "line 3: schema: …": a diagnostic as one clause of a refusal. */
function clauseOf(diagnostic: AlloyDiagnostic): string {
  return `line ${diagnostic.range.start.line + 1}: ${diagnostic.code}: ${diagnostic.message}`;
}

function listed(diagnostics: AlloyDiagnostic[], most = 3): string {
  const shown = diagnostics.slice(0, most).map(clauseOf).join('; ');
  return diagnostics.length > most ? `${shown}; and ${diagnostics.length - most} more` : shown;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Why the brief at `briefFile` cannot be made into a request, or its data and digest. */
function executableBrief(workspace: AlloyWorkspace, briefFile: string): Refusal | { data: JsonValue; digest: string } {
  const analysis = workspace.analysisOf(briefFile);
  if (!analysis) {
    const read = workspace.readOf(briefFile);
    return refuse('brief-unreadable', `${briefFile}: ${read.ok ? 'not a .json, .yaml or .yml file' : readProblemText(read)}.`);
  }
  if (analysis.kind !== 'brief') {
    const reads = analysis.kind === undefined ? 'it has no schema_version alloy.formation_brief.v1' : `it reads as a ${analysis.kind}`;
    return refuse('not-a-brief', `${briefFile} is not a Formation Brief (${reads}).`);
  }
  const errors = workspace.check(briefFile).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    return refuse(
      'brief-has-errors',
      `The brief has ${plural(errors.length, 'error')}, so a request made from it could not run: ${listed(errors)}.`,
    );
  }
  const status = memberOf(analysis.value, 'status');
  if (!isExecutableStatus(status)) {
    return refuse(
      'brief-not-executable',
      `The brief's status is "${String(status)}": only a compiled brief (or a later state other than archived) can run.`,
    );
  }
  // A brief without errors is JSON data, so it has a digest.
  return { data: analysis.value as JsonValue, digest: analysis.digest as string };
}

/** The callback URL for this id: the configured template (or the loopback default) with the id filled in. */
function callbackFor(template: string | undefined, requestId: string): Refusal | string {
  const chosen = template ?? DEFAULT_CALLBACK_URL;
  if (!chosen.includes(REQUEST_ID_PLACEHOLDER)) {
    return refuse('bad-callback-url', `The callback URL "${chosen}" has no ${REQUEST_ID_PLACEHOLDER}, so it cannot name the new request.`);
  }
  const url = chosen.split(REQUEST_ID_PLACEHOLDER).join(requestId);
  if (!isCallbackUrl(url)) {
    return refuse(
      'bad-callback-url',
      `The callback URL "${chosen}" is not an absolute https URL, or an http URL to 127.0.0.1, localhost or [::1].`,
    );
  }
  return url;
}

/** The revision and branch: those given, else HEAD's. */
function revisionAndBranch(root: string, host: FileSystemHost, options: NewRequestOptions): Refusal | { revision: string; branch: string } {
  if (options.revision !== undefined && !REVISION.test(options.revision)) {
    return refuse('bad-revision', `The revision "${options.revision}" is not a commit id (4 to 64 lowercase hex digits).`);
  }
  if (options.branch !== undefined && !isGitRefName(options.branch)) {
    return refuse('bad-branch', `The branch "${options.branch}" is not a valid git branch name.`);
  }
  if (options.revision !== undefined && options.branch !== undefined) return { revision: options.revision, branch: options.branch };
  const head = readGitHead(root, host);
  if (!head.ok) return refuse(head.code, head.message);
  const branch = options.branch ?? head.branch;
  if (branch === undefined) {
    return refuse(
      'detached-head',
      `HEAD is detached at ${head.revision.slice(0, 12)}, so the request has no branch: check out a branch (git switch), or name one (alloy new-request --branch).`,
    );
  }
  return { revision: options.revision ?? head.revision, branch };
}

/** `2026-06-06T14:05:00Z`: the time in RFC 3339, to the second. */
function rfc3339(now: number): string {
  return new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Makes a new request from a brief (an absolute path; its open-editor text counts), reading the
 * repository's HEAD through `host` (never through the workspace's caches: HEAD moves without file
 * events). The result is what to write, or why there is nothing to write.
 */
export function newRequestFromBrief(
  workspace: AlloyWorkspace,
  host: FileSystemHost,
  briefFile: string,
  ports: Pick<RequestPorts, 'now' | 'randomBytes'>,
  options: NewRequestOptions = {},
): NewRequestResult {
  const brief = path.resolve(briefFile);
  const source = executableBrief(workspace, brief);
  if ('ok' in source) return source;

  const now = ports.now();
  const requestId = newRequestId(now, ports.randomBytes(ULID_RANDOM_BYTES));
  const file =
    options.out === undefined ? path.join(workspace.rootOf(brief), '.alloy', 'requests', `${requestId}.json`) : path.resolve(options.out);
  if (path.extname(file) !== '.json') return refuse('bad-output-path', `${file}: a request is a .json file.`);
  if (host.realpath(file) !== undefined) return refuse('request-file-exists', `${file} already exists; it is not overwritten.`);
  const root = workspace.rootOf(file);
  if (!isInside(root, brief)) {
    return refuse(
      'brief-outside-root',
      `The brief ${brief} is outside the repository root ${root} of ${file}, so the request could not name it.`,
    );
  }
  const callbackUrl = callbackFor(options.callbackUrl, requestId);
  if (typeof callbackUrl !== 'string') return callbackUrl;
  const repo = revisionAndBranch(root, host, options);
  if ('ok' in repo) return repo;

  const data = source.data;
  const evidence = memberOf(memberOf(data, 'evidence_plan'), 'required');
  const request: { [key: string]: JsonValue } = {
    schema_version: 'alloy.foundry_execution_request.v1',
    request_id: requestId,
    idempotency_key: '',
    project_id: memberOf(data, 'project_id') as JsonValue,
    requested_at: rfc3339(now),
    repo: { path: root, revision: repo.revision, branch: repo.branch },
    brief: {
      id: memberOf(data, 'id') as JsonValue,
      version: memberOf(data, 'version') as JsonValue,
      digest: source.digest,
      local_path: path.relative(root, brief).split(path.sep).join('/'),
    },
    foundry: memberOf(data, 'foundry') as JsonValue,
    reporting: {
      callback_url: callbackUrl,
      trace_summary_required: true,
      evidence_observations_required: Array.isArray(evidence) && evidence.length > 0,
    },
  };
  const inputs = keyInputs(request);
  if (!inputs)
    return refuse('request-invalid', `The brief's foundry block does not give the key's inputs (entry_event, throttle, payload).`);
  request.idempotency_key = idempotencyKey(inputs);
  const text = `${JSON.stringify(request, null, 2)}\n`;

  const diagnostics = checkNewRequest(workspace, file, text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    return refuse('request-invalid', `The request made from the brief would have ${plural(errors.length, 'error')}: ${listed(errors)}.`);
  }
  return { ok: true, file, requestId, text, revision: repo.revision, branch: repo.branch, root, diagnostics };
}

/** The diagnostics `alloy check` would give the new file, against the brief as the workspace has it. */
function checkNewRequest(workspace: AlloyWorkspace, file: string, text: string): AlloyDiagnostic[] {
  const analysis = analyzeFile(file, text);
  if (!analysis) return [];
  const lookup = workspace.lookupBrief(analysis);
  const pending = lookup ? [...analysis.diagnostics, ...checkRequestAgainstBrief(analysis, lookup)] : analysis.diagnostics;
  return finalizeDiagnostics(pending, analysis);
}
