// The submissions this window is sending right now, with their progress: a second "Submit" of the
// same file (or "Resend" of the same key) while one runs is answered "already sending" from here at
// once, before the engine's ledger lock is even asked; the status bar and CodeLens read the
// progress. Pure; the clock is passed in.

import * as path from 'node:path';
import type { SubmitProgress } from '../../../server/src/submission';
import type { SendingFacts } from '../state/submissionFacts';

interface Entry {
  file?: string;
  key?: string;
  facts: SendingFacts;
}

export function fileEntryId(file: string): string {
  return `file:${path.resolve(file)}`;
}

export function keyEntryId(key: string): string {
  return `key:${key}`;
}

export class SendingRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Starts tracking a send; false when one with this id is already running. */
  begin(id: string, what: { file?: string; key?: string }, now: number): boolean {
    if (this.entries.has(id)) return false;
    this.entries.set(id, {
      ...(what.file === undefined ? {} : { file: path.resolve(what.file) }),
      ...(what.key === undefined ? {} : { key: what.key }),
      facts: { stage: 'preparing', startedAt: now },
    });
    this.changed();
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  since(id: string): number | undefined {
    return this.entries.get(id)?.facts.startedAt;
  }

  stage(id: string, stage: SendingFacts['stage']): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.facts = { ...entry.facts, stage };
    this.changed();
  }

  /** Learns the file or the key of a send once known (a resend's file, a submit's key). */
  describe(id: string, what: { file?: string; key?: string }): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (what.file !== undefined) entry.file = path.resolve(what.file);
    if (what.key !== undefined) entry.key = what.key;
  }

  progress(id: string, progress: SubmitProgress, now: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const base = { startedAt: entry.facts.startedAt };
    switch (progress.kind) {
      case 'recorded':
        entry.facts = { ...base, stage: 'sending' };
        break;
      case 'attempt':
        entry.facts = { ...base, stage: 'sending', attempt: progress.attempt, of: progress.of };
        break;
      case 'waiting':
        entry.facts = { ...base, stage: 'waiting', attempt: progress.nextAttempt, of: progress.of, until: now + progress.delayMs };
        break;
      case 'running-cli':
        entry.facts = { ...base, stage: 'sending' };
        break;
      case 'answer':
      case 'finished':
        return;
    }
    this.changed();
  }

  end(id: string): void {
    if (this.entries.delete(id)) this.changed();
  }

  /** The file (or key) of a send in progress with this idempotency key, if any. */
  holderOfKey(key: string): { file?: string; since: number } | undefined {
    for (const entry of this.entries.values()) {
      if (entry.key === key) return { ...(entry.file === undefined ? {} : { file: entry.file }), since: entry.facts.startedAt };
    }
    return undefined;
  }

  /** The send in progress for a request file (by its path, or by its current key). */
  forFile(file: string, key?: string): SendingFacts | undefined {
    const resolved = path.resolve(file);
    for (const entry of this.entries.values()) {
      if (entry.file === resolved || (key !== undefined && entry.key === key)) return entry.facts;
    }
    return undefined;
  }
}
