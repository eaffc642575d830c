// The fuzz properties through the built programs, one batch of inputs per temporary repository:
//
// - the CLI (`node dist/cli.js check`, JSON and text): exit 0 or 1 only, nothing on stderr, every
//   row's range inside its file, a file that is not UTF-8 reported as such and only so, no control
//   character or workflow command in the text output, the canary quoted nowhere;
// - the server over stdio (`node dist/server.js --stdio`): after its start-up scan it has published
//   exactly the CLI's rows for every file; then each file is opened, changed in full and
//   incrementally, and after every input the server answers a hover within a bound, every list it
//   publishes lies inside the text of the version it names, and at the end — the final texts written
//   to disk — its last lists equal the CLI's rows again; nothing on its stderr or in its error log;
//   the canary quoted nowhere.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { HoverRequest, type Hover } from 'vscode-languageserver-protocol/node';
import { LspSession, pathOf, uriOf, within } from '../support/lspSession';
import {
  bytesOf,
  exampleSources,
  materializeBatch,
  materializeScript,
  REPO_ROOT,
  type EditorScriptInput,
  type FuzzFile,
  type FuzzInput,
} from './arbitraries';
import { FuzzRepository } from './fixRoute';
import { canaryIn, isWellFormed, linesOf, rangeProblem } from './oracles';
import { preview } from './fuzzRun';
import { rowsOfDiagnostics, type CliRow } from '../support/cliRows';

export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');

/** What the text format must never print raw: C0 controls but tab and line feed, DEL, C1, U+2028/2029. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** The lossy text of a file's bytes, as an editor shows them. */
function shownText(file: FuzzFile): string {
  return file.bytes ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes) : file.text;
}

function rowOrder(a: CliRow, b: CliRow): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}

/** Runs `alloy check` (JSON, then text) on the repository; `texts` are the files' texts by relative path. */
export function checkThroughCli(root: string, texts: Map<string, string>, notUtf8: Set<string>, fail: (what: string) => void): CliRow[] {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI_PATH, 'check', ...args, '.'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
    });
  const json = run(['--format', 'json']);
  if (json.error) throw json.error;
  if (json.status !== 0 && json.status !== 1)
    fail(`alloy check --format json exited ${json.status ?? json.signal}: ${json.stderr.slice(0, 500)}`);
  if (json.stderr !== '') fail(`alloy check --format json wrote to stderr: ${JSON.stringify(json.stderr.slice(0, 500))}`);
  const leak = canaryIn([json.stdout, json.stderr]);
  if (leak) fail(`alloy check quotes the canary: ${leak}`);
  let rows: CliRow[] = [];
  try {
    rows = JSON.parse(json.stdout) as CliRow[];
  } catch {
    fail(`alloy check --format json printed no JSON: ${JSON.stringify(json.stdout.slice(0, 300))}`);
  }
  for (const row of rows) {
    const text = texts.get(row.file);
    if (text === undefined) {
      fail(`alloy check reports ${row.file}, which is not a file of the batch or the example`);
      continue;
    }
    const problem = rangeProblem(linesOf(text), {
      start: { line: row.line - 1, character: row.column - 1 },
      end: { line: row.endLine - 1, character: row.endColumn - 1 },
    });
    if (problem) fail(`alloy check: the range of ${row.code} in ${row.file} is not inside the file: ${problem}`);
  }
  for (const file of notUtf8) {
    const codes = rows.filter((r) => r.file === file).map((r) => r.code);
    if (codes.join() !== 'file-not-utf8') fail(`${file} is not UTF-8, but alloy check reports ${JSON.stringify(codes)}`);
  }

  const text = run([]);
  if (text.status !== 0 && text.status !== 1) fail(`alloy check (text) exited ${text.status ?? text.signal}`);
  if (text.status !== json.status) fail(`alloy check exits ${text.status} with text and ${json.status} with JSON`);
  // The text format's one summary line goes to stderr; nothing else may.
  if (!/^\d+ errors?, \d+ warnings?(?:, \d+ infos?)?(?:, \d+ hints?)? in \d+ files?\n$/.test(text.stderr))
    fail(`alloy check (text) wrote more than its summary to stderr: ${JSON.stringify(text.stderr.slice(0, 500))}`);
  else {
    const [errors, warnings] = /^(\d+) errors?, (\d+) warnings?/.exec(text.stderr)!.slice(1).map(Number);
    const count = (severity: string) => rows.filter((r) => r.severity === severity).length;
    if (errors !== count('error') || warnings !== count('warning'))
      fail(`alloy check (text) counts ${errors} errors and ${warnings} warnings; the JSON has ${count('error')} and ${count('warning')}`);
  }
  const textLeak = canaryIn(text.stdout);
  if (textLeak) fail(`alloy check (text) quotes the canary: ${textLeak}`);
  const control = RAW_CONTROL.exec(text.stdout);
  if (control) fail(`alloy check (text) prints a raw U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  const command = /^::/m.exec(text.stdout);
  if (command) fail('alloy check (text) prints a line starting "::" (a CI workflow command)');
  return rows.sort(rowOrder);
}

function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The LSP position of an offset that splits no \r\n (the client's own computation: \r\n, \r and \n end lines). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // counted at the \n
    if (c === 10 || c === 13) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

/** An offset that neither splits a surrogate pair nor a \r\n (an editor never sends one inside either). */
function safeOffset(text: string, n: number): number {
  let at = n % (text.length + 1);
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  if ((before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) || (before === 13 && after === 10)) at--;
  return at;
}

/**
 * Where the junk goes into `target`: an offset that splits no surrogate pair or \r\n, and where
 * the junk does not join a \r before it or a \n after it into a \r\n. Else the range that
 * removes it again would start or end inside a line break, which no editor sends (the nearest
 * such offset below, or above when there is none).
 */
function junkOffset(target: string, junk: string, n: number): number {
  const fits = (at: number) =>
    safeOffset(target, at) === at &&
    !(target.charCodeAt(at - 1) === 13 && junk.charCodeAt(0) === 10) &&
    !(junk.charCodeAt(junk.length - 1) === 13 && target.charCodeAt(at) === 10);
  const first = safeOffset(target, n);
  for (let at = first; at >= 0; at--) if (fits(at)) return at;
  for (let at = first + 1; at <= target.length; at++) if (fits(at)) return at;
  return first;
}

export interface BatchResult {
  failures: string[];
  /** Inputs (files) and editor inputs (open, change, edit, close) sent. */
  inputs: number;
}

const ALLOY_ROWS_OF = (rows: CliRow[], file: string) => rows.filter((r) => r.file === file);

/** How far a batch goes: the CLI only, also the server's start-up scan, also the editor sessions. */
export type Route = 'cli' | 'scan' | 'editor';

/**
 * One batch through the CLI and the server: the files written into a fresh repository (the
 * example workspace, a canary beside it and a link to it inside) and checked by the CLI; on the
 * `scan` and `editor` routes scanned by the server too, and on the `editor` route then edited in
 * the server as `scripts` say (script i for file i). See the header for the properties.
 */
export async function checkBatchThroughPrograms(batch: FuzzInput[], scriptInputs: EditorScriptInput[], route: Route): Promise<BatchResult> {
  const failures: string[] = [];
  const fail = (what: string) => failures.push(what);
  const repository = new FuzzRepository();
  const files = materializeBatch(batch, repository.canary);
  const scripts =
    scriptInputs.length === 0
      ? []
      : files.map((file, i) => materializeScript(scriptInputs[i % scriptInputs.length], file, i, repository.canary));
  let session: LspSession | undefined;
  let inputs = 0;
  try {
    const texts = new Map(exampleSources().map((s) => [s.path, s.text]));
    const notUtf8 = new Set<string>();
    for (const file of files) {
      repository.write(file.path, bytesOf(file));
      texts.set(file.path, shownText(file));
      if (file.bytes) notUtf8.add(file.path);
      else notUtf8.delete(file.path);
    }
    inputs += files.length;
    const diskRows = checkThroughCli(repository.root, texts, notUtf8, fail);
    if (route === 'cli') return { failures, inputs };

    session = await LspSession.start(repository.root, uriOf(repository.root), { timeoutMs: 20_000 });
    await session.waitForProgressEnd(60_000);
    await quiet(session);
    compareServerWithCli(session, repository.root, [...texts.keys()], diskRows, 'after the start-up scan', fail);
    if (route === 'scan') {
      if (session.serverErrors.length > 0) fail(`the server reported errors: ${session.serverErrors.join('\n').slice(0, 2000)}`);
      return { failures, inputs };
    }

    // The editor route.
    const versionTexts = new Map<string, Map<number, string>>();
    const remember = (uri: string, version: number, text: string) => {
      let m = versionTexts.get(uri);
      if (!m) versionTexts.set(uri, (m = new Map()));
      m.set(version, text);
    };
    const finalTexts = new Map<string, string>();
    const hoverLeaks: string[] = [];
    // Every input is followed by a hover, sent without waiting (the inputs are pipelined as an
    // editor sends them); each must be answered within the bound.
    const asked: Promise<void>[] = [];
    const ask = async (uri: string, text: string, n: number, what: string) => {
      const position = positionAt(text, safeOffset(text, n));
      let hover: Hover | null;
      try {
        hover = await within(
          session!.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
          `the hover after ${what}`,
          30_000,
        );
      } catch (error) {
        fail(`the server did not answer after ${what} on ${uri}: ${(error as Error).message}`);
        return;
      }
      const leak = canaryIn(hover);
      if (leak) hoverLeaks.push(`a hover on ${uri} quotes the canary: ${leak}`);
      if (hover?.range) {
        const problem = rangeProblem(linesOf(text), hover.range);
        if (problem) fail(`a hover range on ${uri} is not inside the document: ${problem}`);
      }
    };
    for (const [i, file] of files.entries()) {
      const script = scripts[i];
      const uri = uriOf(path.join(repository.root, file.path));
      let text = shownText(file);
      await session.open(uri, text);
      remember(uri, 1, text);
      asked.push(ask(uri, text, script.hoverAt, 'didOpen'));
      // A full change to the editor text with junk in it, then the junk removed incrementally.
      const target = script.editor.text;
      const junkAt = junkOffset(target, script.junk, script.junkAt);
      text = target.slice(0, junkAt) + script.junk + target.slice(junkAt);
      remember(uri, await session.change(uri, text), text);
      asked.push(ask(uri, text, script.hoverAt, 'a full change'));
      const start = positionAt(text, junkAt);
      const end = positionAt(text, junkAt + script.junk.length);
      text = target;
      remember(uri, await session.edit(uri, [{ range: { start, end }, text: '' }]), text);
      asked.push(ask(uri, text, script.hoverAt, 'an incremental change'));
      for (const edit of script.edits) {
        const from = safeOffset(text, edit.at);
        const to = safeOffset(text, Math.min(text.length, from + edit.remove));
        const range = { start: positionAt(text, from), end: positionAt(text, Math.max(from, to)) };
        text = text.slice(0, from) + edit.insert + text.slice(Math.max(from, to));
        remember(uri, await session.edit(uri, [{ range, text: edit.insert }]), text);
        asked.push(ask(uri, text, script.hoverAt + edit.at, 'an incremental edit'));
      }
      if (!isWellFormed(text)) {
        text = toWellFormed(text);
        remember(uri, await session.change(uri, text), text);
        asked.push(ask(uri, text, script.hoverAt, 'a full change'));
      }
      inputs += 4 + script.edits.length;
      if (script.close) {
        await session.close(uri);
        finalTexts.delete(file.path);
        inputs++;
      } else {
        finalTexts.set(file.path, text);
      }
    }
    await Promise.all(asked);
    // Each open document's last version is checked and published (bounded), then the fan-out settles.
    for (const relative of finalTexts.keys()) {
      const uri = uriOf(path.join(repository.root, relative));
      const version = session.versionOf(uri);
      await session
        .waitForDiagnostics(uri, (list) => list.version === version, 0, 30_000)
        .catch(() => fail(`the server published nothing for version ${version} of ${relative}`));
    }
    await quiet(session);
    failures.push(...hoverLeaks);

    // Every list published lies inside the text of the version it names (or of the file on disk).
    for (const published of session.published) {
      const relative = path.relative(repository.root, pathOf(published.uri)).split(path.sep).join('/');
      const text = published.version !== undefined ? versionTexts.get(published.uri)?.get(published.version) : texts.get(relative);
      const leak = canaryIn(published.diagnostics);
      if (leak) fail(`the server's diagnostics for ${relative} quote the canary: ${leak}`);
      if (text === undefined) continue;
      const lines = linesOf(text);
      for (const d of published.diagnostics) {
        const problem = rangeProblem(lines, d.range);
        if (problem)
          fail(
            `the server's ${String(d.code)} (${JSON.stringify(d.message.slice(0, 200))}) in ${relative} (version ${published.version}) ` +
              `is not inside the text: ${problem}; the text: ${preview(text, 4000)}`,
          );
      }
    }

    // The final texts on disk: the server's last lists equal the CLI's rows.
    for (const [relative, text] of finalTexts) {
      repository.write(relative, text);
      texts.set(relative, text);
      notUtf8.delete(relative);
    }
    const finalRows = checkThroughCli(repository.root, texts, notUtf8, fail);
    compareServerWithCli(session, repository.root, [...texts.keys()], finalRows, 'after the edits', fail);
    if (session.serverErrors.length > 0) fail(`the server reported errors: ${session.serverErrors.join('\n').slice(0, 2000)}`);
  } finally {
    await session?.dispose();
    repository.dispose();
  }
  return { failures, inputs };
}

/** Waits until the server has published nothing for a while (bounded). */
async function quiet(session: LspSession, idleMs = 300, maxMs = 20_000): Promise<void> {
  const started = Date.now();
  let seen = session.published.length;
  let since = Date.now();
  while (Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (session.published.length !== seen) {
      seen = session.published.length;
      since = Date.now();
    } else if (Date.now() - since >= idleMs) {
      return;
    }
  }
}

function compareServerWithCli(
  session: LspSession,
  root: string,
  files: string[],
  rows: CliRow[],
  when: string,
  fail: (what: string) => void,
): void {
  for (const relative of files.sort()) {
    const lists = session.publishedFor(uriOf(path.join(root, relative)));
    const last = lists.length > 0 ? lists[lists.length - 1].diagnostics : [];
    const server = rowsOfDiagnostics(relative, last).sort(rowOrder);
    const cli = ALLOY_ROWS_OF(rows, relative);
    if (JSON.stringify(server) !== JSON.stringify(cli)) {
      fail(
        `${when}, the server's diagnostics for ${relative} differ from alloy check's:\n    server: ${JSON.stringify(server).slice(0, 800)}\n    cli:    ${JSON.stringify(cli).slice(0, 800)}`,
      );
    }
  }
}
