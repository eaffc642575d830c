// The one door into the analysis core. Programs (the language server, the CLI, the dev intake)
// and the other libraries (submission, reports) import only this file; the modules behind it
// may move or split without anything outside the core noticing.

// The analysed workspace and one file's analysis.
export { AlloyWorkspace, type FileReport } from './alloyWorkspace';
export { analyzeFile, type FileAnalysis } from './fileAnalysis';

// Diagnostics and their codes.
export type { AlloyDiagnostic, RelatedInformation } from './diagnostic';
export { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from './diagnosticCodes';
export type { Position, Range } from './lineIndex';

// File kinds and recognition.
export { formatOfPath, isInAlloyFolder, SCHEMA_VERSIONS, type FileFormat, type FileKind } from './fileKind';
export type { JsonValue } from './syntaxTree';

// Hashing: the brief digest (SPEC §4) and the idempotency key (SPEC §5).
export { briefDigest } from './briefDigest';
export { idempotencyKey, keyInputs, type KeyInputs } from './idempotencyKey';
export { canonicalJson } from './canonicalHash';

// Editor features, in the core's own types.
export { hoverAt, type HoverInfo } from './hoverInfo';
export { completionsAt, type CompletionProposal } from './completionItems';
export { quickFixesFor, automaticFixes, type QuickFix } from './quickFixes';
export { applyEdits, type FileEdit } from './textEdit';
export { briefLinksOf, briefLinkAt, type BriefLink } from './briefLinks';

// Files and folders: the host ports, their Node adapters, and the one file walker.
export {
  MAX_FILE_BYTES,
  readProblemText,
  sizeInWords,
  type FileRead,
  type FileSystemHost,
  type WritableFileSystemHost,
} from './fileSystemHost';
export type { PathHost } from './repositoryPaths';
export { isInside } from './repositoryPaths';
export { nodeFileSystem } from './nodeFileSystem';
export { nodeDirectoryLister, nodeSyncDirectoryLister } from './nodeDirectoryLister';
export {
  isScannedFile,
  listAlloyFiles,
  SKIPPED_FOLDERS,
  walkAlloyFiles,
  walkAlloyFilesSync,
  type DirectoryEntry,
  type DirectoryLister,
  type SkippedFile,
  type SyncDirectoryLister,
  type WalkResult,
} from './workspaceScan';
