// The view model of the "Alloy Reports" page: plain, serialisable data that the extension builds
// (from the ledger, the stored reports and the brief) and the page only renders. No functions, no
// classes, no Maps: it crosses `postMessage` and is embedded in the page as JSON.

/** A request's state as the panel shows it (the same names as the reports library's `RequestStateName`). */
export const REQUEST_STATES = [
  'pending',
  'sent',
  'accepted',
  'started',
  'completed',
  'failed',
  'already-submitted',
  'rejected',
  'given-up',
  'cancelled',
  'outcome-unknown',
] as const;

export type RequestStateName = (typeof REQUEST_STATES)[number];

/** One row of the requests list. Everything but the id and the state may be unknown. */
export interface RequestRow {
  requestId: string;
  state: RequestStateName;
  projectId?: string;
  /** The request file, preferably relative to its repository root, `/`-separated. */
  file?: string;
  /** ISO 8601 time the latest submission of this request started. */
  submittedAt?: string;
  /** The start of the idempotency key, for example `sha256:7833fa03`. */
  keyPrefix?: string;
  /** The latest answer in words, for example `202 accepted` or `connection reset, retrying`. */
  answer?: string;
  /** ISO 8601 time the latest report for this request was received. */
  reportedAt?: string;
}

/** One problem found in a stored report (schema, syntax, or the reports library's own checks). */
export interface ReportProblemView {
  message: string;
  severity?: 'error' | 'warning';
  /** A diagnostic code such as `schema` or `request-mismatch`. */
  code?: string;
  /** 1-based line of the report file. */
  line?: number;
}

/** The latest report of the selected request: the body as received, and what is wrong with it. */
export interface ReportView {
  /** The parsed body (`alloy.foundry_run_result.v1` when all is well); absent when it is not JSON. */
  runResult?: unknown;
  /** Problems found in the body; an `error` among them makes the page show the "not valid" banner. */
  problems: ReportProblemView[];
  /** The callback phase the report arrived as (`accepted`, `started`, `completed`, `failed`). */
  phase?: string;
  /** ISO 8601 time it was received. */
  receivedAt?: string;
  /** Where it is stored, for the user to open without the panel. */
  file?: string;
}

/** A capability the brief protects. */
export interface ProtectedCapabilityView {
  id: string;
  statement: string;
  severity?: string;
}

/** The brief the request names, as it is now on disk (or in its editor). */
export interface BriefView {
  id?: string;
  /** The brief file, relative to the repository root. */
  path?: string;
  /** The brief's digest now (SPEC §4), when it could be read and digested. */
  currentDigest?: string;
  /** Why the brief could not be read or digested, in words. */
  problem?: string;
  /** `evidence_plan.required[]`. */
  requiredEvidence: string[];
  /** `protected_capabilities[]`. */
  protectedCapabilities: ProtectedCapabilityView[];
}

/** Everything the page shows about the selected request beyond its row. */
export interface SelectedRequestView {
  requestId: string;
  /** `brief.digest` of the bytes that were submitted (from the ledger). */
  submittedDigest?: string;
  /** The latest report, when one arrived. */
  report?: ReportView;
  /** The brief, when the request file names one that could be found. */
  brief?: BriefView;
  /** Things the user should know about this request, in words (from the request state). */
  notes?: string[];
}

export interface ReportsPageState {
  /** Increases with every state the extension sends; the page never applies an older one. */
  seq: number;
  requests: RequestRow[];
  /** The request the extension considers selected. */
  selectedId?: string;
  /** Details of the selected request (only one request's details travel at a time). */
  selected?: SelectedRequestView;
  /** Page-wide notices, for example where the ledger is or that it could not be read. */
  notices?: string[];
}

export function isRequestStateName(value: unknown): value is RequestStateName {
  return typeof value === 'string' && (REQUEST_STATES as readonly string[]).includes(value);
}
