// The stored reports of each repository root, listed through the reports library but re-read only
// where something changed: a request folder named by a file event (the watcher, the receiver, an
// import) is listed again, the others are taken from the last listing. Each root is listed in full
// again at least once a minute, so a missed file event cannot hide a report for long. Judging a
// report costs about a millisecond, so with a thousand reports this is the difference between a
// second and a few milliseconds per refresh. Pure: the folder port and the clock are passed in.

import * as path from 'node:path';
import {
  listReports,
  reportsFolderOf,
  type ReportFolderPort,
  type ReportListing,
  type SkippedEntry,
  type StoredReport,
} from '../../../server/src/reports';

export const FULL_LISTING_EVERY_MS = 60_000;

interface FolderListing {
  reports: StoredReport[];
  skipped: SkippedEntry[];
}

interface RootListing {
  at: number;
  folders: Map<string, FolderListing>;
  dirty: Set<string>;
}

export class ReportListingCache {
  private readonly roots = new Map<string, RootListing>();

  constructor(
    private readonly port: ReportFolderPort,
    private readonly now: () => number,
    private readonly maxBytes?: number,
  ) {}

  /** A file or folder under some root's `.alloy/reports/` changed: its request folder is listed again. */
  invalidate(file: string): void {
    const parts = path.resolve(file).split(path.sep);
    for (let i = parts.length - 2; i > 0; i--) {
      if (parts[i] !== '.alloy' || parts[i + 1] !== 'reports') continue;
      const root = parts.slice(0, i).join(path.sep) || path.sep;
      const listing = this.roots.get(root);
      const folder = parts[i + 2];
      if (!listing) return;
      if (folder === undefined) this.roots.delete(root);
      else listing.dirty.add(folder);
      return;
    }
  }

  /** Forget everything known about a root (its next listing is a full one). */
  invalidateRoot(root: string): void {
    this.roots.delete(path.resolve(root));
  }

  async list(rootPath: string): Promise<ReportListing> {
    const root = path.resolve(rootPath);
    const base = reportsFolderOf(root);
    const known = this.roots.get(root);
    const full = !known || this.now() - known.at >= FULL_LISTING_EVERY_MS;
    const previous = full ? new Map<string, FolderListing>() : known.folders;
    const dirty = full ? new Set<string>() : known.dirty;
    // Changes seen while this listing runs are kept for the next one.
    const placeholder: RootListing = { at: full ? 0 : known.at, folders: previous, dirty: new Set() };
    this.roots.set(root, placeholder);
    let present: string[] | undefined;
    const port: ReportFolderPort = {
      list: async (folder) => {
        const entries = await this.port.list(folder);
        if (folder !== base) return entries;
        present = entries.filter((e) => e.type === 'folder').map((e) => e.name);
        return entries.filter((e) => e.type !== 'folder' || full || dirty.has(e.name) || !previous.has(e.name));
      },
      read: (file, maxBytes) => this.port.read(file, maxBytes),
    };
    const fresh = await listReports(root, port, this.maxBytes);
    const folders = new Map<string, FolderListing>();
    const folderOf = (p: string) => path.relative(base, p).split(path.sep)[0];
    for (const name of present ?? []) {
      const listed = full || dirty.has(name) || !previous.has(name);
      if (listed) folders.set(name, { reports: [], skipped: [] });
      else folders.set(name, previous.get(name)!);
    }
    const topSkipped: SkippedEntry[] = [];
    for (const report of fresh.reports) folders.get(report.requestId)?.reports.push(report);
    for (const entry of fresh.skipped) {
      const holder = folders.get(folderOf(entry.path));
      if (holder) holder.skipped.push(entry);
      else topSkipped.push(entry);
    }
    const during = this.roots.get(root);
    if (during === placeholder) this.roots.set(root, { at: full ? this.now() : placeholder.at, folders, dirty: placeholder.dirty });
    else this.roots.delete(root);
    const reports = [...folders.values()].flatMap((f) => f.reports);
    reports.sort(
      (a, b) =>
        (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0) ||
        (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0) ||
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
    );
    return { reports, skipped: [...topSkipped, ...[...folders.values()].flatMap((f) => f.skipped)] };
  }
}
