// The stable diagnostic codes (SPEC §6): one line of documentation each, and the default severity.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const DIAGNOSTIC_CODES = {
  syntax: { severity: 'error', doc: 'The file does not parse (or repeats a key); the range is the broken token.' },
  schema: { severity: 'error', doc: 'A v1 schema rule fails: a missing member, a wrong type, pattern, value or range.' },
  'unknown-property': { severity: 'warning', doc: 'A property that v1 does not define (newer minor versions may add fields).' },
  'unsupported-version': { severity: 'error', doc: '`schema_version` names a major version this extension does not know.' },
  'pre-v1-brief': {
    severity: 'error',
    doc: 'A Formation Brief in the older upstream shape (`brief_id`, `project`, `foundry_runtime`, …) without `schema_version`; the quick fix and `alloy migrate` rewrite it as v1.',
  },
  placeholder: { severity: 'error', doc: 'A placeholder such as `sha256:...` or `sha256:example` where a real digest, key or id belongs.' },
  'brief-path-escapes-root': {
    severity: 'error',
    doc: '`brief.local_path` is absolute or leads outside the repository root (also through a symlink); it is never read.',
  },
  'brief-not-found': {
    severity: 'error',
    doc: 'No file exists at `brief.local_path`, or it cannot be read (a folder, not UTF-8, too large, no permission).',
  },
  'brief-invalid': { severity: 'error', doc: 'The referenced brief has errors of its own; related information points at them.' },
  'brief-id-mismatch': { severity: 'error', doc: "`brief.id` differs from the brief file's `id`." },
  'brief-version-mismatch': { severity: 'error', doc: "`brief.version` differs from the brief file's `version`." },
  'project-mismatch': { severity: 'error', doc: "The request's `project_id` differs from the brief's `project_id`." },
  'digest-mismatch': { severity: 'error', doc: '`brief.digest` differs from the digest of the brief file.' },
  'brief-digest-stale': { severity: 'warning', doc: "The brief's own `digest` member differs from its computed digest." },
  'brief-not-executable': { severity: 'error', doc: "The brief's status is not `compiled` or a later state other than `archived`." },
  'idempotency-key-mismatch': {
    severity: 'error',
    doc: "`idempotency_key` differs from the key derived from the request's seven key inputs.",
  },
  'throttle-exceeds-brief': { severity: 'warning', doc: "The request asks for `full` while the brief's `foundry.throttle` is `dry_run`." },
  'brief-runtime-differs': {
    severity: 'warning',
    doc: "The request's `entry_event` or `payload` differs from the brief's `foundry` block.",
  },
  'callback-mismatch': { severity: 'warning', doc: '`reporting.callback_url` names another run-request id than `request_id`.' },
  'mutating-on-shared-branch': { severity: 'warning', doc: '`throttle: full` on a branch that does not start with `alloy/`.' },
  'no-reporting': { severity: 'warning', doc: 'The request has no `reporting` block, so results will not come back.' },
  'unsafe-integer': {
    severity: 'warning',
    doc: 'An integer past ±(2^53 − 1) in a request or a brief: RFC 8785 hashes it as the nearest IEEE 754 double, so other readers may hash other bytes.',
  },
  'request-byte-order-mark': {
    severity: 'error',
    doc: 'The request file (as saved) starts with a UTF-8 byte order mark, which strict JSON parsers reject, so it is never sent; `alloy fix` removes it.',
  },
  'file-too-large': { severity: 'error', doc: 'The file is over the 8 MiB limit, so it is not analysed; the message gives its size.' },
  'file-unreadable': {
    severity: 'error',
    doc: 'The file exists but cannot be read (permissions, not a regular file); the message says why.',
  },
  'file-not-utf8': {
    severity: 'error',
    doc: 'The file is not valid UTF-8, so it is not analysed, fixed or sent; the range is the first bad byte, the message gives its offset.',
  },
} as const satisfies Record<string, { severity: Severity; doc: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
