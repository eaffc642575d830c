// Lists the stored reports of one repository root (`<root>/.alloy/reports/<request_id>/*.json`) for
// the panel and `alloy submissions`. Tolerant by design: temporary files, foreign files and folders
// are listed as skipped with a reason, unreadable ones as unreadable; nothing throws past here.

import { join } from 'node:path';
import { isTempFileName } from './reportFileName';
import { storedReportOf, type StoredReport } from './reportStore';
import { isRunRequestId } from './runRequestId';

export interface FolderEntry {
  name: string;
  type: 'file' | 'folder' | 'symlink' | 'other';
}

/** The file-system port the listing reads through (nodeReportFiles.ts has the Node one). */
export interface ReportFolderPort {
  /** A folder's entries; rejects with an error whose `code` is `ENOENT` when the folder does not exist. */
  list(folder: string): Promise<FolderEntry[]>;
  /** A regular file's bytes and modification time; rejects when it cannot, or when it is larger than `maxBytes`. */
  read(file: string, maxBytes: number): Promise<{ bytes: Uint8Array; modifiedAt: Date }>;
}

export interface SkippedEntry {
  path: string;
  /** `temporary`: a write in progress, or one a crash left; `foreign`: not a report; `unreadable`: could not be read. */
  kind: 'temporary' | 'foreign' | 'unreadable';
  reason: string;
}

export interface ReportListing {
  reports: StoredReport[];
  skipped: SkippedEntry[];
}

/** Report files larger than this are listed as unreadable instead of being read into memory. */
export const MAX_REPORT_FILE_BYTES = 64 * 1024 * 1024;

export function reportsFolderOf(root: string): string {
  return join(root, '.alloy', 'reports');
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'it does not exist (any more)',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ELOOP: 'it is a symbolic link, which is not followed',
};

/** A file-system error in words, for listings and for the receiver's 500 answers. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && REASONS[code]) return REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function listRequestFolder(
  folder: string,
  requestId: string,
  port: ReportFolderPort,
  maxBytes: number,
  out: ReportListing,
): Promise<void> {
  let entries: FolderEntry[];
  try {
    entries = await port.list(folder);
  } catch (error) {
    if (!isMissing(error)) out.skipped.push({ path: folder, kind: 'unreadable', reason: reasonOf(error) });
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (isTempFileName(entry.name)) {
      out.skipped.push({ path, kind: 'temporary', reason: 'a report being written, or one a crash left half-written' });
    } else if (entry.type === 'symlink') {
      out.skipped.push({ path, kind: 'foreign', reason: 'a symbolic link; links are not followed' });
    } else if (entry.type === 'folder') {
      out.skipped.push({ path, kind: 'foreign', reason: 'a folder inside a run-request folder' });
    } else if (entry.type !== 'file') {
      out.skipped.push({ path, kind: 'foreign', reason: 'not a regular file' });
    } else if (!entry.name.toLowerCase().endsWith('.json')) {
      out.skipped.push({ path, kind: 'foreign', reason: 'not a .json file' });
    } else {
      try {
        const { bytes, modifiedAt } = await port.read(path, maxBytes);
        out.reports.push(storedReportOf({ requestId, name: entry.name, file: path, bytes, modifiedAt }));
      } catch (error) {
        if (!isMissing(error)) out.skipped.push({ path, kind: 'unreadable', reason: reasonOf(error) });
      }
    }
  }
}

/** Every report stored under a root, oldest first within each request; never rejects. */
export async function listReports(root: string, port: ReportFolderPort, maxBytes = MAX_REPORT_FILE_BYTES): Promise<ReportListing> {
  const out: ReportListing = { reports: [], skipped: [] };
  const base = reportsFolderOf(root);
  let entries: FolderEntry[];
  try {
    entries = await port.list(base);
  } catch (error) {
    if (!isMissing(error)) out.skipped.push({ path: base, kind: 'unreadable', reason: reasonOf(error) });
    return out;
  }
  for (const entry of entries) {
    const path = join(base, entry.name);
    if (entry.type === 'folder' && isRunRequestId(entry.name)) {
      await listRequestFolder(path, entry.name, port, maxBytes, out);
    } else if (entry.type === 'folder' || entry.type === 'symlink') {
      const reason = entry.type === 'symlink' ? 'a symbolic link; links are not followed' : 'not a run-request folder (runreq_…)';
      out.skipped.push({ path, kind: 'foreign', reason });
    } else {
      out.skipped.push({ path, kind: 'foreign', reason: 'reports belong in a run-request folder (.alloy/reports/<request_id>/)' });
    }
  }
  out.reports.sort(
    (a, b) =>
      (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0) ||
      (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
  return out;
}
