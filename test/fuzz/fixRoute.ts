// The fuzz properties through `alloy fix` (runCli in process, real files in a temporary
// repository): the command changes only the values its edits name — the bytes after are the bytes
// before with exactly the core's automatic edits spliced in (the splice written here), each edit
// replaces a digest or key value by a well-formed digest, and the values written equal an
// independent computation; a file that is not UTF-8 is never rewritten; no other file changes;
// the exit code is 0 or 1 (2 only for a file it must not rewrite); no output quotes the canary.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../server/src/cli/alloyCli';
import { AlloyWorkspace, automaticFixes, formatOfPath, MAX_FILE_BYTES, nodeFileSystem, type FileEdit } from '../../server/src/core';
import { bytesOf, CANARY_TEXT, exampleSources, type FuzzFile } from './arbitraries';
import { canaryIn, independentData, independentDigest, independentKey } from './oracles';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A temporary repository with the example workspace and a canary beside it; `dispose` removes it. */
export class FuzzRepository {
  readonly base: string;
  readonly root: string;
  readonly canary: string;

  constructor() {
    this.base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-fuzz-')));
    this.root = path.join(this.base, 'repo');
    this.canary = path.join(this.base, 'canary', 'brief.yaml');
    fs.mkdirSync(path.dirname(this.canary), { recursive: true });
    fs.writeFileSync(this.canary, CANARY_TEXT);
    for (const source of exampleSources()) this.write(source.path, source.text);
    fs.mkdirSync(path.join(this.root, 'links'), { recursive: true });
    fs.symlinkSync(this.canary, path.join(this.root, 'links', 'canary.yaml'));
  }

  write(relative: string, content: string | Uint8Array): void {
    const target = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }

  dispose(): void {
    fs.rmSync(this.base, { recursive: true, force: true });
  }
}

/** The test's own splice: edits sorted, checked not to overlap, applied from the end. */
function splice(text: string, edits: FileEdit[]): string | string[] {
  const sorted = [...edits].sort((a, b) => a.span.offset - b.span.offset);
  const problems: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const { offset, length } = sorted[i].span;
    if (offset < 0 || length < 0 || offset + length > text.length)
      problems.push(`an edit at ${offset}+${length} is outside the text (${text.length})`);
    if (i > 0 && sorted[i - 1].span.offset + sorted[i - 1].span.length > offset) problems.push(`edits overlap at ${offset}`);
  }
  if (problems.length > 0) return problems;
  let out = text;
  for (const e of sorted.reverse()) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}

/** The value of a scalar's text: JSON string, YAML plain or quoted scalar (undefined when it is none). */
function scalarValue(text: string, format: 'json' | 'yaml'): unknown {
  try {
    // A raw control character makes a JSON string token invalid, but it is still one string token (a syntax error the check reports).
    const escaped = text.replace(/[\u0000-\u001f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    return format === 'json' ? JSON.parse(escaped) : parseYaml(text, { version: '1.2', schema: 'core', logLevel: 'silent' });
  } catch {
    return undefined;
  }
}

/** Runs `alloy fix` on one input file in the repository; returns what failed. The repository is restored after. */
export async function checkThroughFix(repository: FuzzRepository, file: FuzzFile): Promise<string[]> {
  const failures: string[] = [];
  const fail = (what: string) => failures.push(what);
  const target = path.join(repository.root, file.path);
  const original = fs.existsSync(target) ? fs.readFileSync(target) : undefined;
  const others = exampleSources().filter((s) => s.path !== file.path);
  repository.write(file.path, bytesOf(file));
  try {
    const before = fs.readFileSync(target);
    const format = formatOfPath(target)!;
    const workspace = new AlloyWorkspace(nodeFileSystem, [repository.root]);
    const edits = automaticFixes(workspace, target);
    // A request also loses a leading byte order mark (request-byte-order-mark), and nothing else.
    const dropsMark = workspace.analysisOf(target)?.kind === 'request';
    let stdout = '';
    let stderr = '';
    let code: number;
    try {
      code = await runCli(['fix', file.path], { write: (t) => (stdout += t) }, { write: (t) => (stderr += t) }, repository.root);
    } catch (error) {
      fail(`alloy fix threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failures;
    }
    const after = fs.readFileSync(target);
    const leak = canaryIn([stdout, stderr]);
    if (leak) fail(`alloy fix's output quotes the canary: ${leak}`);
    if (before.length > MAX_FILE_BYTES) {
      // Over the size cap: not read, so not rewritten; an IO problem (exit 2) with its reason.
      if (!after.equals(before)) fail('a file over the size cap was rewritten');
      if (code !== 2 || !/too large/.test(stderr)) fail(`exit ${code} for a file over the size cap (expected 2, "too large")`);
    } else if (file.bytes) {
      if (!after.equals(before)) fail('a file that is not UTF-8 was rewritten');
      if (code !== 2) fail(`exit ${code} for a file that is not UTF-8 (expected 2)`);
    } else {
      if (code !== 0 && code !== 1) fail(`exit ${code} (stderr ${JSON.stringify(stderr.slice(0, 300))})`);
      const spliced = splice(before.toString('utf8'), edits);
      const expected = dropsMark && typeof spliced === 'string' ? spliced.replace(/^\uFEFF/, '') : spliced;
      if (Array.isArray(expected)) expected.forEach(fail);
      else if (after.toString('utf8') !== expected)
        fail(
          `the file after alloy fix is not the file with its ${edits.length} edit(s) applied` +
            `${dropsMark ? ' and a leading byte order mark removed' : ''} (and nothing else)`,
        );
      for (const edit of edits) {
        const old = before.toString('utf8').slice(edit.span.offset, edit.span.offset + edit.span.length);
        const oldValue = old.startsWith('*') && format === 'yaml' ? 'alias' : scalarValue(old, format);
        // A digest or key written as another scalar (`digest: -1`) may be replaced; anything larger may not.
        if (oldValue === undefined || (oldValue !== null && typeof oldValue === 'object'))
          fail(`an edit replaces ${JSON.stringify(old.slice(0, 80))}, which is not one scalar value`);
        const newValue = scalarValue(edit.newText, format);
        if (typeof newValue !== 'string' || !DIGEST.test(newValue))
          fail(`an edit writes ${JSON.stringify(edit.newText.slice(0, 80))}, not a digest`);
      }
      if (edits.length > 0) checkWrittenValues(repository, file, after.toString('utf8'), format, fail);
    }
    for (const other of others) {
      const now = fs.readFileSync(path.join(repository.root, other.path), 'utf8');
      if (now !== other.text) fail(`alloy fix changed another file, ${other.path}`);
    }
    if (fs.readFileSync(repository.canary, 'utf8') !== CANARY_TEXT) fail('alloy fix changed the canary');
  } finally {
    if (original) fs.writeFileSync(target, original);
    else fs.rmSync(target, { force: true });
  }
  return failures;
}

/** The digest and key now in the file equal the ones computed independently. */
function checkWrittenValues(
  repository: FuzzRepository,
  file: FuzzFile,
  text: string,
  format: 'json' | 'yaml',
  fail: (what: string) => void,
): void {
  const data = independentData(text, format);
  if (!data.ok) return;
  const value = data.value as Record<string, unknown>;
  if (file.kind === 'brief' && typeof value?.digest === 'string') {
    const expected = independentDigest(value);
    if (value.digest !== expected) fail(`after alloy fix the brief's digest is ${value.digest}; computed independently: ${expected}`);
    return;
  }
  const brief = value?.brief as Record<string, unknown> | undefined;
  const localPath = typeof brief?.local_path === 'string' ? brief.local_path : undefined;
  if (localPath && typeof brief?.digest === 'string') {
    const briefFile = path.resolve(repository.root, localPath);
    const briefFormat = formatOfPath(briefFile);
    // Only a brief really inside the root (a link out of it, to the canary, is never read).
    const real = fs.existsSync(briefFile) ? fs.realpathSync(briefFile) : undefined;
    if (real?.startsWith(repository.root + path.sep) && briefFormat && fs.statSync(real).isFile()) {
      const briefData = independentData(fs.readFileSync(real, 'utf8'), briefFormat);
      // Only a Formation Brief has a digest to write: a local_path naming a request (the request
      // itself, say) is brief-invalid, and fix leaves brief.digest as it is.
      const isBrief = briefData.ok && (briefData.value as { schema_version?: unknown })?.schema_version === 'alloy.formation_brief.v1';
      if (isBrief && brief.digest !== independentDigest(briefData.value))
        fail(
          `after alloy fix brief.digest is ${brief.digest}; the brief's digest computed independently is ${independentDigest(briefData.value)}`,
        );
    }
  }
  // A key written as a scalar is replaced; a request without one (or with a collection there) keeps what it has.
  const key = independentKey(value);
  const current = value?.idempotency_key;
  const replaceable = current !== undefined && (current === null || typeof current !== 'object');
  if (key !== undefined && replaceable && current !== key)
    fail(`after alloy fix the key is ${String(value.idempotency_key)}; computed independently: ${key}`);
}
