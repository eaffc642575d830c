// The one door into the submission engine (SPEC §7): shared by the CLI and the extension, so both
// refuse, send, retry and record in exactly the same way. Nothing here imports an editor API.

// The ledger's line format (read by the reports side to build request states).
export type {
  AttemptEntry,
  LedgerEntry,
  OutcomeEntry,
  PendingEntry,
  SubmissionOutcome,
  SubmissionOwner,
  TransportName,
} from './ledgerEntry';

// The engine: submit, recover after a crash, resend on request, list.
export { submitRequest, type SubmitOptions } from './submitRequest';
export { recoverPending, resendRecorded, type RecoveryReport, type UnknownOutcome } from './recovery';
export { listSubmissions, submittedBytes, type SubmissionList, type SubmissionState, type SubmissionSummary } from './submissions';
export type { EngineOptions } from './engineSettings';
export type { SentResult, SubmitProgress, SubmitResult } from './submitResult';

// Words shared by both front ends.
export { refusalText, problemLine, shownPath, type Refusal, type ReportedProblem, type WordingOptions } from './refusal';
// Values from files as terminal text shows them (the CLI's text output uses it too).
export { visibleText } from './visibleText';
export {
  alreadySubmittedText,
  progressText,
  sentText,
  submissionLine,
  submissionStateText,
  submitResultText,
  unknownOutcomeText,
} from './outcomeText';
export { durationWords, utcMinute } from './timeWords';

// The ports, for front ends and tests that build their own.
export {
  LedgerBusyError,
  type BytesRead,
  type Clock,
  type Env,
  type FoundryCli,
  type FoundryRunAnswer,
  type FoundryRunRequest,
  type HttpAnswer,
  type HttpFailureReason,
  type HttpSendRequest,
  type HttpTransport,
  type LedgerStore,
  type Random,
  type ReadBytes,
  type Sleep,
  type SubmissionOwners,
  type SubmissionPorts,
} from './ports';

// Pure rules, each usable on its own (the CLI's option checks, the editor's preflight, tests).
export { prepareRequest, type PreparedRequest } from './preparedRequest';
export { ledgerPath, type LedgerPath, type LedgerPathSource } from './ledgerPath';
export {
  foldLedger,
  parseLedger,
  readLedger,
  recordState,
  ledgerWarningText,
  type LedgerSnapshot,
  type LedgerWarning,
  type NumberedEntry,
  type RecordState,
  type SubmissionRecord,
} from './ledger';
export { DEFAULT_RESEND_WINDOW_MS } from './ledgerDecision';
export { classifyResponse, type Verdict } from './responseRules';
export { parseRetryAfter, retryAfterMs, type RetryAfter } from './retryAfter';
export { problemWords, type ProblemWords } from './problemDetails';
export { attemptTimeoutMs, backoffMs, DEFAULT_RETRY_POLICY, nextStep, retryPolicyOf, type NextStep, type RetryPolicy } from './retryPolicy';
export { foundryEmitArgs, emitPayload, MAX_ARGUMENT_BYTES, type EmitFields } from './foundryEmitArgs';
export { isLoopbackHost, resolveEndpoint, type Endpoint } from './endpoint';
export { noProxyMatches, proxyFor, type AddressInRange, type ProxyChoice } from './proxyChoice';
export { nodeAddressInRange } from './nodeAddressRange';
export { changedFields, type FieldChanges } from './changedFields';
export { secretScrubber, REDACTED, type Scrub } from './secretScrub';
export { decodeUtf8, sha256Of, startsWithByteOrderMark } from './requestBytes';

// Node adapters.
export { createNodeSubmissionPorts, defaultLedgerPath, type NodeSubmissionPortsOptions } from './nodeSubmissionPorts';
export { nodeLedgerFile, type NodeLedgerFileOptions } from './nodeLedgerFile';
export { nodeHttpTransport, type NodeHttpTransportOptions } from './nodeHttpTransport';
export { nodeFoundryCli, type NodeFoundryCliOptions } from './nodeFoundryCli';
export { nodeSubmissionOwners, processIsAlive, processStartToken } from './nodeProcessOwner';
export { nodeReadBytes } from './nodeRequestBytes';
