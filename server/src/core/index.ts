// The one door into the analysis core. Programs (the language server, the CLI, the dev intake)
// and the other libraries (submission, reports) import only this file; the modules behind it
// may move or split without anything outside the core noticing.

// The analysed workspace and one file's analysis.
export { AlloyWorkspace, type FileReport } from './workspace/alloyWorkspace';
export { analyzeFile, type FileAnalysis } from './rules/fileAnalysis';

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
export { quickFixesFor, automaticFixes, type QuickFix } from './editing/quickFixes';
export { applyEdits, type FileEdit } from './editing/textEdit';
export { briefLinksOf, briefLinkAt, type BriefLink } from './editing/briefLinks';

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
export { nodeFileSystem } from './workspace/nodeFileSystem';
export { nodeDirectoryLister, nodeSyncDirectoryLister } from './workspace/nodeDirectoryLister';
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
} from './workspace/workspaceScan';
