// Throw-away git repositories built by the real `git` for the tests of reading HEAD and of new
// requests: no user or system configuration, a fixed author, and a recorder of every path a host
// is asked about (so a test can prove nothing outside a root was touched).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileRead, FileSystemHost } from '../../server/src/core/workspace/fileSystemHost';

const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Alloy Test',
  GIT_AUTHOR_EMAIL: 'test@alloy.invalid',
  GIT_COMMITTER_NAME: 'Alloy Test',
  GIT_COMMITTER_EMAIL: 'test@alloy.invalid',
  GIT_AUTHOR_DATE: '2026-06-06T10:00:00Z',
  GIT_COMMITTER_DATE: '2026-06-06T10:00:00Z',
};

/** Runs git in `cwd`; its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A fresh temporary folder (its real path); remove it with `fs.rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix = 'alloy-git-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** `git init -b <branch>` in `dir` (created when missing), with one commit of `files` unless `commit` is false. */
export function initRepo(dir: string, options: { branch?: string; files?: Record<string, string>; commit?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', options.branch ?? 'main');
  const files = options.files ?? { 'README.md': '# test\n' };
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  if (options.commit === false) return;
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
}

/** A host that passes every call on and records the paths it was asked about. */
export class RecordingHost implements FileSystemHost {
  /** Every path passed to any call. */
  readonly touched: string[] = [];
  /** The paths passed to readFile. */
  readonly reads: string[] = [];

  constructor(private readonly inner: FileSystemHost) {}

  readFile(p: string): FileRead {
    this.touched.push(p);
    this.reads.push(p);
    return this.inner.readFile(p);
  }

  realpath(p: string): string | undefined {
    this.touched.push(p);
    return this.inner.realpath(p);
  }

  isDirectory(p: string): boolean {
    this.touched.push(p);
    return this.inner.isDirectory(p);
  }
}
