// The one door into the analysis core. Programs (the language server, the CLI, the dev intake)
// and the other libraries (submission, reports) import only this file; the modules behind it
// may move or split without anything outside the core noticing.

// The analysed workspace and one file's analysis.
export { AlloyWorkspace, type FileReport } from './workspace/alloyWorkspace';
export { analyzeFile, type FileAnalysis } from './rules/fileAnalysis';
export { withoutByteOrderMark } from './rules/requestByteOrderMark';

// Diagnostics and their codes.
export type { AlloyDiagnostic, RelatedInformation } from './document/diagnostic';
export { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from './document/diagnosticCodes';
export type { Position, Range } from './document/lineIndex';

// File kinds and recognition.
export { formatOfPath, isInAlloyFolder, SCHEMA_VERSIONS, type FileFormat, type FileKind } from './document/fileKind';
export type { JsonValue } from './document/syntaxTree';

// Hashing: the brief digest (SPEC §4) and the idempotency key (SPEC §5).
export { briefDigest } from './hashing/briefDigest';
export { idempotencyKey, keyInputs, type KeyInputs } from './hashing/idempotencyKey';
export { canonicalJson } from './hashing/canonicalHash';

// Editor features, in the core's own types.
export { hoverAt, type HoverInfo } from './editing/hoverInfo';
export { completionsAt, type CompletionProposal } from './editing/completionItems';
export { quickFixesFor, automaticFixes, type QuickFix, type RefusedFix } from './editing/quickFixes';
export { applyEdits, type FileEdit } from './editing/textEdit';
export { briefLinksOf, briefLinkAt, type BriefLink } from './editing/briefLinks';

// Navigation (issue 15 item 1): who names a brief, the outline of a file, workspace symbols.
export { briefReferencesAt, requestsNaming, type BriefReference, type ReferenceQuery } from './editing/briefReferences';
export {
  documentSymbolsOf,
  fileSymbolOf,
  symbolIdOf,
  type AlloySymbol,
  type AlloySymbolKind,
  type FileSymbol,
} from './editing/documentSymbols';
export { matchQuality, searchWorkspaceSymbols } from './editing/symbolSearch';

// Rename (issue 15 item 3): a brief's id with the digests and keys that follow, and the
// `brief.local_path`s that follow a moved brief file or folder.
export { briefIdAt, briefRenameEdits, checkNewBriefId, type BriefIdTarget, type BriefRename } from './editing/renameEdits';
export { localPathEdits, type FileMove, type LocalPathUpdate } from './editing/localPathEdits';
export type { EditOutcome, EditRefusal } from './editing/requestRewrite';

// CodeLens rows (issue 15 item 2): digest and key above a request, naming requests and own digest above a brief.
export {
  LENS_ROW_IDS,
  lensRowIds,
  lensRowOf,
  lensRowsOf,
  namingRequests,
  type LensRow,
  type LensRowId,
  type NamingRequest,
} from './editing/lensFacts';

// Migrating a pre-v1 brief (issue 15 item 5): the edits, the migrated text, a note per change.
export { migrateBrief, type BriefMigration, type MigrationNote } from './editing/briefMigration';
export { migrationFixesFor } from './editing/migrationFix';

// Files and folders: the host ports, their Node adapters, and the one file walker.
export {
  MAX_FILE_BYTES,
  readProblemText,
  sizeInWords,
  type FileRead,
  type FileSystemHost,
  type WritableFileSystemHost,
} from './workspace/fileSystemHost';
export type { PathHost } from './workspace/repositoryPaths';
export { isInside } from './workspace/repositoryPaths';
export { relativePath } from './workspace/normalPaths';
export { nodeFileSystem, nodeReadFileBytes, type BytesRead as FileBytesRead } from './workspace/nodeFileSystem';
export { nodeDirectoryLister, nodeSyncDirectoryLister } from './workspace/nodeDirectoryLister';
export {
  isScannedFile,
  listAlloyFiles,
  SKIPPED_FOLDERS,
  walkAlloyFiles,
  walkAlloyFilesSync,
  unlistedFolderText,
  type DirectoryEntry,
  type DirectoryLister,
  type SkippedFile,
  type SyncDirectoryLister,
  type WalkResult,
} from './workspace/workspaceScan';

// A new request from a brief (issue 15 item 4): the request, HEAD read from `.git`, the ports.
export {
  DEFAULT_CALLBACK_URL,
  newRequestFromBrief,
  REQUEST_ID_PLACEHOLDER,
  type NewRequest,
  type NewRequestOptions,
  type NewRequestProblemCode,
  type NewRequestResult,
} from './editing/newRequest';
export { newRequestId, ulid } from './editing/requestId';
export { readGitHead, type GitHead, type GitProblemCode } from './workspace/gitRevision';
export type { CreateFileResult, RequestPorts } from './workspace/requestPorts';
export { nodeRequestPorts } from './workspace/nodeRequestPorts';
