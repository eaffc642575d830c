// The fuzz properties through the core, in process, on a memory host holding the example
// workspace, a canary outside the root and the input: `check` never throws; every diagnostic's
// range and span lie inside the file and every related range inside its file (never outside the
// root); hover spans, completion spans and quick-fix edits lie inside their file; a file under 1 MB
// is checked in at most 100 ms of CPU, measured again in a process of its own when it is more
// here (a YAML file the fast path declines, which the `yaml` package must read, in at most twice
// that package's own parse of it, when that is more: yamlParseCost.ts); the digest, the key and
// a digest-mismatch's expected digest equal an independent computation (oracles.ts); the
// canary's token appears nowhere.

import * as path from 'node:path';
import { completionsAt, formatOfPath, hoverAt, quickFixesFor, type AlloyDiagnostic, type AlloyWorkspace } from '../../server/src/core';
import { YAML_PARSE_FACTOR } from '../support/yamlParseCost';
import type { FuzzFile } from './arbitraries';
import { CORE_ROOT, cpuMs, workspaceWith } from './coreWorkspace';
import type { IsolatedCpu } from './isolatedCheck';
import { isolatedCpu } from './isolatedCpu';
import { canaryIn, independentData, independentDigest, independentKey, linesOf, rangeProblem, show } from './oracles';

/** The CPU time a check of a file under 1 MB may take. */
export const CPU_LIMIT_MS = 100;
const ONE_MB = 1024 * 1024;

/** Runs every core property on one file; returns what failed (empty: all held). */
export function checkThroughCore(file: FuzzFile): string[] {
  const failures: string[] = [];
  const fail = (what: string) => failures.push(what);
  try {
    runCoreProperties(file, fail);
  } catch (error) {
    fail(`the core threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return failures;
}

function runCoreProperties(file: FuzzFile, fail: (what: string) => void): void {
  const { workspace, host, target } = workspaceWith(file);
  let report = undefined as ReturnType<AlloyWorkspace['check']> | undefined;
  const cpu = cpuMs(() => (report = workspace.check(target)));
  const size = Buffer.byteLength(file.text, 'utf8');
  if (size < ONE_MB && cpu > CPU_LIMIT_MS) {
    // Measured again in a process of its own (isolatedCheck.ts): in this long-lived one, a
    // collection of the heap earlier batches left can land in any measurement. For YAML the
    // `yaml` package reads, its parse there sets the budget when twice it is more.
    const limitOf = (figures: IsolatedCpu) =>
      figures.yamlParseMs === undefined ? CPU_LIMIT_MS : Math.max(CPU_LIMIT_MS, YAML_PARSE_FACTOR * figures.yamlParseMs);
    const isolated = isolatedCpu(file, (figures) => figures.checkMs > limitOf(figures));
    const parse = isolated.yamlParseMs;
    const limit = limitOf(isolated);
    const why = parse === undefined ? '' : `: the yaml package parses it in ${parse.toFixed(0)} ms`;
    if (isolated.checkMs > limit)
      fail(
        `checking took ${isolated.checkMs.toFixed(1)} ms of CPU in a process of its own, ${cpu.toFixed(1)} ms here (${size} bytes; limit ${limit.toFixed(0)} ms${why})`,
      );
  }
  const { diagnostics } = report!;
  const text = file.text;
  const lines = linesOf(text);
  const textOf = (p: string): string | undefined => host.files.get(path.resolve(p));

  for (const d of diagnostics) {
    const label = `${d.code} at ${show(d.range.start)}`;
    const problem = rangeProblem(lines, d.range);
    if (problem) fail(`the range of ${label} is not inside the file: ${problem}`);
    if (!(d.span.offset >= 0 && d.span.length >= 0 && d.span.offset + d.span.length <= text.length))
      fail(`the span of ${label} (${d.span.offset}+${d.span.length}) is not inside the text (${text.length})`);
    const leak = canaryIn([d.message, d.related]);
    if (leak) fail(`${label} quotes the canary: ${leak}`);
    for (const r of d.related ?? []) {
      if (!r.file.startsWith(CORE_ROOT + '/')) fail(`${label} has related information outside the root: ${r.file}`);
      const relatedText = textOf(r.file);
      if (relatedText === undefined) fail(`${label} has related information in a file that does not exist: ${r.file}`);
      else {
        const relatedProblem = rangeProblem(linesOf(relatedText), r.range);
        if (relatedProblem) fail(`${label}: a related range in ${r.file} is not inside that file: ${relatedProblem}`);
      }
    }
    checkQuickFixes(workspace, target, d, textOf, fail);
  }

  // Hover and completion at a few places: the ends, the middle, each diagnostic's start.
  const offsets = new Set([0, text.length, text.length >> 1, ...diagnostics.slice(0, 5).map((d) => d.span.offset)]);
  for (const at of [...offsets].filter((o) => o >= 0 && o <= text.length)) {
    const hover = hoverAt(workspace, target, at);
    if (hover) {
      if (!(hover.span.offset >= 0 && hover.span.offset + hover.span.length <= text.length))
        fail(`the hover at ${at} covers ${hover.span.offset}+${hover.span.length}, outside the text (${text.length})`);
      const leak = canaryIn(hover.markdown);
      if (leak) fail(`the hover at ${at} quotes the canary: ${leak}`);
    }
    if (text.length < 200_000) {
      for (const proposal of completionsAt(workspace, target, at)) {
        const s = proposal.replaceSpan;
        if (!s) continue;
        // What VS Code requires of a completion's range: one line, holding the cursor.
        if (!(s.offset >= 0 && s.offset + s.length <= text.length && s.offset <= at && at <= s.offset + s.length))
          fail(`the completion "${proposal.label}" at ${at} replaces ${s.offset}+${s.length}, which does not hold the cursor`);
        else if (/[\r\n]/.test(text.slice(s.offset, s.offset + s.length)))
          fail(`the completion "${proposal.label}" at ${at} replaces ${s.offset}+${s.length}, more than one line`);
      }
    }
  }

  checkDigestAndKey(workspace, file, target, diagnostics, textOf, fail);
}

function checkQuickFixes(
  workspace: AlloyWorkspace,
  target: string,
  d: AlloyDiagnostic,
  textOf: (p: string) => string | undefined,
  fail: (what: string) => void,
): void {
  for (const fix of quickFixesFor(workspace, target, d)) {
    const leak = canaryIn([fix.title, fix.edits]);
    if (leak) fail(`the quick fix "${fix.title}" quotes the canary: ${leak}`);
    for (const edit of fix.edits) {
      const editedText = textOf(edit.file);
      if (!edit.file.startsWith(CORE_ROOT + '/') || editedText === undefined) {
        fail(`the quick fix "${fix.title}" edits ${edit.file}, not a file of the repository`);
        continue;
      }
      if (!(edit.span.offset >= 0 && edit.span.length >= 0 && edit.span.offset + edit.span.length <= editedText.length))
        fail(`the quick fix "${fix.title}" edits ${edit.span.offset}+${edit.span.length}, outside ${edit.file} (${editedText.length})`);
    }
  }
}

function checkDigestAndKey(
  workspace: AlloyWorkspace,
  file: FuzzFile,
  target: string,
  diagnostics: AlloyDiagnostic[],
  textOf: (p: string) => string | undefined,
  fail: (what: string) => void,
): void {
  const analysis = workspace.analysisOf(target);
  const format = formatOfPath(target);
  if (!analysis || !format) return;
  if (analysis.kind === 'brief' && analysis.digest !== undefined) {
    const data = independentData(file.text, format);
    if (data.ok) {
      const expected = independentDigest(data.value);
      if (analysis.digest !== expected) fail(`the brief's digest is ${analysis.digest}; computed independently: ${expected}`);
    } else if (data.notJsonData) {
      fail(`the core gave a digest (${analysis.digest}) to data that is not JSON data (${data.reason})`);
    }
  }
  if (analysis.kind === 'request' && analysis.isJsonData) {
    const data = independentData(file.text, format);
    // A request of another schema version may go without a key; a v1 request has one exactly when its inputs are there.
    const v1 = (data.ok && (data.value as { schema_version?: unknown })?.schema_version) === 'alloy.foundry_execution_request.v1';
    if (data.ok && (v1 || analysis.derivedKey !== undefined)) {
      const expected = independentKey(data.value);
      if (analysis.derivedKey !== expected) fail(`the derived key is ${analysis.derivedKey}; computed independently: ${expected}`);
    }
  }
  // A digest mismatch names the digest the named brief really has.
  for (const d of diagnostics) {
    if (d.code !== 'digest-mismatch' || !d.data?.expected) continue;
    const briefPath = workspace.check(target).briefPath;
    const briefText = briefPath ? textOf(briefPath) : undefined;
    const briefFormat = briefPath ? formatOfPath(briefPath) : undefined;
    if (!briefText || !briefFormat) {
      fail(`digest-mismatch expects ${d.data.expected}, but no brief file was read`);
      continue;
    }
    const data = independentData(briefText, briefFormat);
    if (data.ok && independentDigest(data.value) !== d.data.expected)
      fail(`digest-mismatch expects ${d.data.expected}; the brief's digest computed independently is ${independentDigest(data.value)}`);
  }
}
