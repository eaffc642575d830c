// The one door into the callback side (SPEC §8): the receiver's pure routes and its Node server,
// the report files and their listing, and each request's state from the ledger and the reports.
// The extension and `alloy submit --wait` / `alloy submissions` import only this file.

// Phases, ids and addresses.
export { REPORT_PHASES, isReportPhase, isTerminalPhase, phaseRank, type ReportPhase } from './reportPhase';
export { isRunRequestId, MAX_RUN_REQUEST_ID_LENGTH } from './runRequestId';
export {
  bindAddressesOf,
  hostAndPort,
  isOwnHost,
  receiverAddressOf,
  type BindAddress,
  type LoopbackName,
  type ReceiverAddress,
  type ReceiverAddressResult,
} from './loopbackAddress';

// The receiver: pure decisions, limits, and the Node server.
export { problemAnswer, storedAnswer, type CallbackAnswer } from './callbackAnswer';
export {
  bodyTooLargeAnswer,
  judgeCallbackBody,
  routeCallback,
  type BodyDecision,
  type CallbackHead,
  type HeaderMap,
  type RouteContext,
  type RouteDecision,
} from './callbackRoutes';
export { DEFAULT_RECEIVER_LIMITS, receiverLimitsOf, type ReceiverLimits } from './receiverLimits';
export { listenFailureOf, type ListenFailure, type ListenFailureReason } from './listenFailure';
export {
  createCallbackReceiver,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type ReceiverStartResult,
  type ReceiverStats,
} from './nodeCallbackReceiver';

// Stored reports: names, judgement, writing and listing.
export {
  HASH_PREFIX_LENGTH,
  isTempFileName,
  parseReportFileName,
  receivedAtStamp,
  reportFileName,
  type ReportFileNameParts,
} from './reportFileName';
export {
  judgeReport,
  phaseOfRunStatus,
  savedReportOf,
  sha256Hex,
  storedReportOf,
  type ReportFileFacts,
  type ReportJudgement,
  type ReportProblem,
  type StoredReport,
} from './reportStore';
export type { ReceivedBody, ReportSink, SavedReport, StoredFile } from './reportSink';
export {
  listReports,
  MAX_REPORT_FILE_BYTES,
  reportsFolderOf,
  type FolderEntry,
  type ReportFolderPort,
  type ReportListing,
  type SkippedEntry,
} from './reportListing';
export { listStoredReports, nodeReportFolders, reportFileSink, storeReportBytes, writeReportFile } from './nodeReportFiles';

// Request states.
export { knownRequestsOf, type LedgerRequest } from './ledgerRequests';
export {
  requestStates,
  stateRank,
  type RequestState,
  type RequestStateName,
  type RequestStateOptions,
  type SubmissionSummary,
} from './requestStates';
