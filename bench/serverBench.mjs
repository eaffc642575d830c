// The language-server figures: start-up scan, edit → diagnostics latency of an edited request,
// and the fan-out of a brief edit to every request that names it (via test/support/lspSession.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LspSession, pathOf, uriOf, within } from '../test/support/lspSession.ts';
import { createBenchWorkspace, removeWorkspace } from './benchWorkspace.mjs';

const OBJECTIVE = 'Let a customer submit a card payment';
/** Preloaded into the server: counts hashes and file-system calls, answers over fd 3. */
const COUNTERS = fileURLToPath(new URL('./serverCounters.cjs', import.meta.url));
/** What the bench's client announces: work-done progress (to time the scan) and versioned diagnostics. */
const CAPABILITIES = {
  window: { workDoneProgress: true },
  workspace: { workspaceFolders: true },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};

/** Resolves when `accept(file, version)` holds for a publish; one waiter at a time. */
function publishWaiter(session) {
  let pending;
  session.onPublish = ({ uri, version }) => {
    if (pending?.accept(pathOf(uri), version)) {
      const { resolve } = pending;
      pending = undefined;
      resolve();
    }
  };
  return (accept, what, ms) => within(new Promise((resolve) => (pending = { accept, resolve })), what, ms);
}

/** Resolves when every path in `wanted` has been published since the call. */
function allPublished(session, wanted, what, ms) {
  const seen = new Set();
  const done = new Promise((resolve) => {
    session.onPublish = ({ uri }) => {
      const file = pathOf(uri);
      if (!wanted.has(file) || seen.has(file)) return;
      seen.add(file);
      if (seen.size === wanted.size) resolve();
    };
  });
  return within(done, what, ms).catch((error) => {
    throw new Error(`${error.message} (${seen.size} of ${wanted.size} published)`);
  });
}

/** The position (line, character) of a UTF-16 offset in `text`. */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function scanFigures(session, ws, { timeoutMs }) {
  const everyFile = new Set([ws.briefPath, ...ws.requestPaths].map((p) => path.resolve(p)));
  const seen = new Set();
  session.onPublish = ({ uri }) => seen.add(pathOf(uri));
  const started = performance.now();
  await session.initializedAndScanned(timeoutMs);
  const scanMs = performance.now() - started;
  const missing = [...everyFile].filter((f) => !seen.has(f)).length;
  return { scanMs, published: everyFile.size - missing, files: everyFile.size, counters: await session.counters() };
}

async function editLatencies(session, ws, { edits, warmup, timeoutMs }) {
  const file = path.resolve(ws.requestPaths[0]);
  const text = fs.readFileSync(file, 'utf8');
  const marker = '"requested_by": "';
  const at = text.indexOf(marker);
  if (at < 0) throw new Error('the request has no requested_by to edit');
  const start = positionAt(text, at + marker.length);
  const range = { start, end: { line: start.line, character: start.character + 'stacey'.length } };
  const uri = uriOf(file);
  const waitFor = publishWaiter(session);
  const opened = waitFor((f, v) => f === file && v === 1, "the opened request's diagnostics", timeoutMs);
  await session.open(uri, text);
  await opened;
  const latencies = [];
  for (let i = 0; i < warmup + edits; i++) {
    const expected = session.versionOf(uri) + 1;
    const published = waitFor((f, v) => f === file && v === expected, `diagnostics of version ${expected}`, timeoutMs);
    const sent = performance.now();
    await session.edit(uri, [{ range, text: i % 2 === 0 ? 'stacez' : 'stacey' }]);
    await published;
    if (i >= warmup) latencies.push(performance.now() - sent);
  }
  return latencies;
}

async function briefFanOut(session, ws, { repeats, timeoutMs }) {
  const requests = new Set(ws.requestPaths.map((p) => path.resolve(p)));
  const brief = path.resolve(ws.briefPath);
  const original = fs.readFileSync(brief, 'utf8');
  if (!original.includes(OBJECTIVE)) throw new Error("the brief's objective is not where the bench expects it");
  // Opening the brief is itself a change: let its fan-out finish before measuring.
  const afterOpen = allPublished(session, requests, 'the re-check after opening the brief', timeoutMs);
  await session.open(uriOf(brief), original);
  await afterOpen;
  const times = [];
  const briefDigests = [];
  for (let i = 1; i <= repeats; i++) {
    const before = await session.counters();
    const edited = original.replace(OBJECTIVE, `${OBJECTIVE} (bench edit ${i})`);
    const done = allPublished(session, requests, `the re-check of ${requests.size} requests after brief edit ${i}`, timeoutMs);
    const sent = performance.now();
    await session.change(uriOf(brief), edited);
    await done;
    times.push(performance.now() - sent);
    const after = await session.counters();
    briefDigests.push(after.briefDigests - before.briefDigests);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let stragglers settle
  }
  return { times, briefDigests };
}

/** Runs every server figure on a workspace of one brief and `requestCount` requests. */
export async function benchServer({ requestCount, edits, warmup, repeats, timeoutMs, log }) {
  const ws = createBenchWorkspace(requestCount, 'lsp');
  let session;
  try {
    session = await LspSession.start(ws.root, uriOf(ws.root), {
      capabilities: CAPABILITIES,
      countersPreload: COUNTERS,
      deferInitialized: true,
      timeoutMs,
    });
    const scan = await scanFigures(session, ws, { timeoutMs });
    log(
      `  scan: ${Math.round(scan.scanMs)} ms, ${scan.published}/${scan.files} files published, counters ${JSON.stringify(scan.counters)}`,
    );
    const latencies = await editLatencies(session, ws, { edits, warmup, timeoutMs: 5000 });
    log(`  ${latencies.length} request edits measured`);
    const fanOut = await briefFanOut(session, ws, { repeats, timeoutMs });
    log(
      `  brief fan-out: ${fanOut.times.map((t) => Math.round(t)).join(', ')} ms; brief digests per edit: ${fanOut.briefDigests.join(', ')}`,
    );
    return { scan, latencies, fanOut };
  } catch (error) {
    const stderr = session?.serverErrors.join('').slice(-4000).trim();
    if (stderr) log(`  server stderr: ${stderr}`);
    throw error;
  } finally {
    await session?.dispose(3000);
    removeWorkspace(ws.root);
  }
}
