// Splits a large check into shards for worker threads, by brief: a brief file and every request
// naming it land in the same shard, so each brief is read and parsed once. Which brief a request
// names is sniffed from its text (a look at `"local_path"`); the sniff only decides where a file
// is checked, never what is reported (every shard runs the full analysis), so a miss costs a
// second parse of one brief and nothing else.

import * as path from 'node:path';
import { AlloyWorkspace, type FileRead, type FileSystemHost } from '../core';
import { checkFile, type FileOutcome } from './checkFiles';
import { prereadHost } from './prereadHost';

/** Below this many files a check stays on one thread (starting a worker costs more than it saves). */
export const PARALLEL_CHECK_MIN_FILES = 1000;

const LOCAL_PATH = /"local_path"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const ALLOY_SEGMENT = `${path.sep}.alloy${path.sep}`;

/** The brief a file belongs with: itself for a brief, the one it names for a request. */
function groupOf(file: string, read: FileRead): string {
  if (!read.ok || !file.endsWith('.json')) return file;
  const match = LOCAL_PATH.exec(read.text);
  const at = file.lastIndexOf(ALLOY_SEGMENT);
  if (!match || at < 0) return file;
  let localPath: unknown;
  try {
    localPath = JSON.parse(`"${match[1]}"`);
  } catch {
    return file;
  }
  return typeof localPath === 'string' ? path.resolve(file.slice(0, at), localPath) : file;
}

/** `count` shards of about equal work (text length), each brief's group whole; deterministic. */
export function planShards(files: readonly string[], reads: ReadonlyMap<string, FileRead>, count: number): string[][] {
  const groups = new Map<string, { files: string[]; weight: number }>();
  for (const file of files) {
    const read = reads.get(file) ?? { ok: false, problem: 'missing' };
    const key = groupOf(file, read);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { files: [], weight: 0 }));
    group.files.push(file);
    // YAML takes about twice the work of JSON per character.
    group.weight += (read.ok ? read.text.length : 1) * (file.endsWith('.json') ? 1 : 2);
  }
  const shards = Array.from({ length: Math.max(1, count) }, () => ({ files: [] as string[], weight: 0 }));
  const heaviestFirst = [...groups.entries()].sort((a, b) => b[1].weight - a[1].weight || (a[0] < b[0] ? -1 : 1));
  for (const [, group] of heaviestFirst) {
    let lightest = shards[0];
    for (const shard of shards) if (shard.weight < lightest.weight) lightest = shard;
    for (const file of group.files) lightest.files.push(file);
    lightest.weight += group.weight;
  }
  return shards.map((s) => s.files);
}

/** One shard's work, as sent to a worker thread: its files, their texts as read, the folder. */
export interface ShardJob {
  files: string[];
  reads: [string, FileRead][];
  cwd: string;
}

/** Checks one shard over its pre-read texts (anything else, a brief elsewhere, through `host`). */
export function checkShard(job: ShardJob, host: FileSystemHost): [string, FileOutcome][] {
  const workspace = new AlloyWorkspace(prereadHost(new Map(job.reads), host), [job.cwd]);
  return job.files.map((file) => [file, checkFile(workspace, file, job.cwd)]);
}
