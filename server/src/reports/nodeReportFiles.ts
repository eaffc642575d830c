// Report files on a Node file system: the atomic write of one received body (temp file in the same
// folder, write, fsync, rename, fsync the folder) to `<root>/.alloy/reports/<request_id>/`, and the
// folder port the listing reads through. Identical bytes already stored for the same phase are not
// written twice. Under load, renames into one folder share one folder fsync (a group commit), and
// each folder is created and indexed once per process.

import { randomBytes } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseReportFileName, reportFileName, tempFileName } from './reportFileName';
import {
  listReports,
  MAX_REPORT_FILE_BYTES,
  reasonOf,
  reportsFolderOf,
  type FolderEntry,
  type ReportFolderPort,
  type ReportListing,
} from './reportListing';
import type { ReceivedBody, ReportSink, SavedReport, StoredFile } from './reportSink';
import { savedReportOf, sha256Hex } from './reportStore';
import { isRunRequestId } from './runRequestId';

/** Folder fsync is not possible everywhere (Windows cannot open a folder for it); those errors are tolerated. */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EBADF']);

async function syncFolderNow(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!FOLDER_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** What this process knows about one request folder. */
interface FolderState {
  /** Resolves once the folder exists (and its new entries are flushed into their parents). */
  ready: Promise<void>;
  /**
   * Stored files by `<phase> <sha-256 hex prefix>`. `sha256` is known for files this process wrote or
   * checked; `synced` once the folder entry is known to be flushed (always for this process's writes).
   */
  index: Map<string, { name: string; sha256?: string; synced: boolean }>;
  syncing?: Promise<void>;
  queued?: Promise<void>;
}

const folders = new Map<string, FolderState>();

/** Creates the request folder; when folders were created, flushes each new entry into its parent. */
async function createFolder(folder: string): Promise<void> {
  const first = await fs.mkdir(folder, { recursive: true });
  if (first === undefined) return;
  const created: string[] = [];
  for (let f = folder; f.length >= first.length && dirname(f) !== f; f = dirname(f)) created.push(f);
  for (const f of created.reverse()) await syncFolderNow(dirname(f));
}

async function indexOf(folder: string): Promise<FolderState['index']> {
  const index: FolderState['index'] = new Map();
  for (const name of await fs.readdir(folder)) {
    const parts = parseReportFileName(name);
    if (parts) index.set(`${parts.phase} ${parts.hashPrefix}`, { name, synced: false });
  }
  return index;
}

async function folderState(folder: string): Promise<FolderState> {
  let state = folders.get(folder);
  if (!state) {
    const index: FolderState['index'] = new Map();
    state = { index, ready: createFolder(folder).then(async () => void (await indexOf(folder)).forEach((v, k) => index.set(k, v))) };
    folders.set(folder, state);
  }
  try {
    await state.ready;
  } catch (error) {
    if (folders.get(folder) === state) folders.delete(folder);
    throw error;
  }
  return state;
}

/** One folder fsync shared by every rename that finished before it started. */
function syncFolder(folder: string, state: FolderState): Promise<void> {
  if (!state.syncing) {
    state.syncing = syncFolderNow(folder).finally(() => (state.syncing = undefined));
    return state.syncing;
  }
  // A sync is running that may have started before this rename: wait for the next one.
  state.queued ??= state.syncing
    .catch(() => undefined)
    .then(() => {
      state.queued = undefined;
      return syncFolder(folder, state);
    });
  return state.queued;
}

/** The name of a stored file with exactly these bytes for this phase, if one is still there. */
async function storedCopy(folder: string, state: FolderState, phase: string, hex: string): Promise<string | undefined> {
  const key = `${phase} ${hex.slice(0, 12)}`;
  const known = state.index.get(key);
  if (!known) return undefined;
  try {
    if (known.sha256 === undefined) known.sha256 = sha256Hex(await fs.readFile(join(folder, known.name)));
    else await fs.access(join(folder, known.name));
    if (known.sha256 !== hex) return undefined;
  } catch {
    state.index.delete(key);
    return undefined;
  }
  // A copy found on disk may come from a write whose folder flush failed: flush before relying on it.
  if (!known.synced) {
    await syncFolder(folder, state);
    known.synced = true;
  }
  return known.name;
}

async function writeAtomically(folder: string, state: FolderState, name: string, bytes: Uint8Array): Promise<void> {
  const temp = join(folder, tempFileName(name, randomBytes(6).toString('hex')));
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o644);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, join(folder, name));
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(folder, state);
}

async function store(root: string, body: ReceivedBody, hex: string, retry = true): Promise<StoredFile> {
  const folder = join(reportsFolderOf(root), body.requestId);
  const state = await folderState(folder);
  const existing = await storedCopy(folder, state, body.phase, hex);
  if (existing) return { file: join(folder, existing), duplicate: true };
  const name = reportFileName(body.phase, body.receivedAt, hex);
  try {
    await writeAtomically(folder, state, name, body.bytes);
  } catch (error) {
    // The folder may have been removed behind this process's back: forget it, and recreate it once.
    if (folders.get(folder) === state) folders.delete(folder);
    if (retry && (error as NodeJS.ErrnoException).code === 'ENOENT') return store(root, body, hex, false);
    throw error;
  }
  state.index.set(`${body.phase} ${hex.slice(0, 12)}`, { name, sha256: hex, synced: true });
  return { file: join(folder, name), duplicate: false };
}

const inFlight = new Map<string, Promise<StoredFile>>();

/**
 * Stores one received body under `<root>/.alloy/reports/<request_id>/`, durably, and says where.
 * Rejects with a message in words when it cannot; a failed write leaves no file behind.
 */
export async function storeReportBytes(root: string, body: ReceivedBody): Promise<StoredFile> {
  if (!isRunRequestId(body.requestId)) throw new Error(`"${body.requestId}" is not a run-request id; nothing was written`);
  const hex = sha256Hex(body.bytes);
  // Two deliveries of the same bytes at once: the second waits for the first and is its duplicate.
  const key = `${root}\0${body.requestId}\0${body.phase}\0${hex}`;
  const running = inFlight.get(key);
  if (running) {
    const stored = await running.catch(() => undefined);
    if (stored) return { file: stored.file, duplicate: true };
  }
  const attempt = store(root, body, hex).catch((error: unknown) => {
    throw new Error(`could not store the ${body.phase} report of ${body.requestId} under ${reportsFolderOf(root)}: ${reasonOf(error)}`);
  });
  inFlight.set(key, attempt);
  try {
    return await attempt;
  } finally {
    if (inFlight.get(key) === attempt) inFlight.delete(key);
  }
}

/** Stores one body as storeReportBytes does, and judges what was stored (for an import, say). */
export async function writeReportFile(root: string, body: ReceivedBody): Promise<SavedReport> {
  return savedReportOf(body, await storeReportBytes(root, body));
}

/** A sink for the receiver: each request id is stored under the repository root the ledger records for it. */
export function reportFileSink(rootOf: (requestId: string) => string | undefined): ReportSink {
  return {
    save(body) {
      const root = rootOf(body.requestId);
      if (root === undefined) return Promise.reject(new Error(`no repository root is recorded for ${body.requestId}; nothing was written`));
      return storeReportBytes(root, body);
    },
  };
}

function typeOf(entry: Dirent): FolderEntry['type'] {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  return 'other';
}

/** The listing's folder port over node:fs: never follows a link, reads regular files only, up to a size. */
export const nodeReportFolders: ReportFolderPort = {
  async list(folder) {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    return entries.map((entry) => ({ name: entry.name, type: typeOf(entry) }));
  },
  async read(file, maxBytes) {
    const handle = await fs.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error('not a regular file');
      if (stat.size > maxBytes) throw new Error(`it is ${stat.size} bytes, more than the ${maxBytes} a report file may have`);
      return { bytes: await handle.readFile(), modifiedAt: stat.mtime };
    } finally {
      await handle.close();
    }
  },
};

/** Every report stored under a repository root, read from disk; never rejects. */
export function listStoredReports(root: string, maxBytes = MAX_REPORT_FILE_BYTES): Promise<ReportListing> {
  return listReports(root, nodeReportFolders, maxBytes);
}
