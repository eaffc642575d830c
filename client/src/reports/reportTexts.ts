// Stored reports read back for the panel and the run diagnostics, each file read and parsed once per
// content (keyed by path and sha256, so a rewritten file is read again). Pure: the file system is
// the core's FileSystemHost port.

import { readProblemText, type FileSystemHost } from '../../../server/src/core';
import type { StoredReport } from '../../../server/src/reports';

export type TextRead = { ok: true; text: string } | { ok: false; reason: string };

const MAX_CACHED = 64;

interface Entry {
  sha256: string;
  read: TextRead;
  json?: { value: unknown };
}

export class ReportTexts {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly files: FileSystemHost) {}

  private entry(report: Pick<StoredReport, 'file' | 'sha256'>): Entry {
    const known = this.cache.get(report.file);
    if (known && known.sha256 === report.sha256) return known;
    const read = this.files.readFile(report.file);
    const entry: Entry = {
      sha256: report.sha256,
      read: read.ok ? { ok: true, text: read.text } : { ok: false, reason: readProblemText(read) },
    };
    this.cache.delete(report.file);
    this.cache.set(report.file, entry);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }

  text(report: Pick<StoredReport, 'file' | 'sha256'>): TextRead {
    return this.entry(report).read;
  }

  /** The report parsed as JSON; undefined when it cannot be read or is not JSON. */
  json(report: Pick<StoredReport, 'file' | 'sha256'>): unknown {
    const entry = this.entry(report);
    if (!entry.read.ok) return undefined;
    if (!entry.json) {
      let value: unknown;
      try {
        const text = entry.read.text;
        value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        value = undefined;
      }
      entry.json = { value };
    }
    return entry.json.value;
  }
}
