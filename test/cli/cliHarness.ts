// Runs the CLI two ways for the tests: in-process through runCli with string collectors, and as
// the built program `node dist/cli.js` (the test command builds before it runs the tests).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/alloyCli';
import type { CliRuntime } from '../../server/src/cli/cliRuntime';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE = path.join(REPO_ROOT, 'examples', 'checkout-service');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/**
 * Codes about files that cannot be read (over 8 MiB, a FIFO, bytes that are not UTF-8): not in the
 * committed example, tested in usage.test.ts and invalidUtf8.test.ts.
 */
export const READ_CODES: readonly string[] = ['file-too-large', 'file-unreadable', 'file-not-utf8'];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[], cwd: string = REPO_ROOT, runtime?: CliRuntime): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) }, cwd, runtime);
  return { code, stdout, stderr };
}

export function spawnCli(args: string[], cwd: string = REPO_ROOT): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder; the caller removes it with `removeTempDir`. */
export function makeTempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-cli-test-')));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies files of the example workspace (paths relative to it) into `dir`, keeping their folders. */
export function copyExampleFiles(dir: string, relativePaths: string[]): void {
  for (const relative of relativePaths) {
    const target = path.join(dir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(EXAMPLE, relative), target);
  }
}

export function readExample(relative: string): string {
  return fs.readFileSync(path.join(EXAMPLE, relative), 'utf8');
}

/** Every .json/.yaml file of the example workspace, relative to it, sorted. */
export function exampleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/.test(entry.name)) out.push(path.relative(EXAMPLE, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(EXAMPLE, '.alloy'));
  return out.sort();
}
